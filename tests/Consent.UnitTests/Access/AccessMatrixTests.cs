using Consent.Contracts.Identifiers;

namespace Consent.UnitTests.Access;

public sealed class AccessMatrixTests
{
    [Fact]
    public void A_configured_matrix_replaces_the_default()
    {
        var matrix = AccessMatrix.From(new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["physiotherapist"] = new Dictionary<string, string> { ["sumehr"] = "R", ["imaging-report"] = "-" },
        });
        Assert.True(matrix.MayRead(Profession.Physiotherapist, DocumentType.Sumehr));
        Assert.False(matrix.MayRead(Profession.Physiotherapist, DocumentType.ImagingReport));
        Assert.False(matrix.MayRead(Profession.Physician, DocumentType.Sumehr));
    }

    [Theory]
    [InlineData("astrologer", "sumehr", "R")]
    [InlineData("physician", "x-ray", "R")]
    [InlineData("physician", "sumehr", "maybe")]
    public void A_wrong_matrix_entry_is_refused_at_start_up(string profession, string documentType, string right) =>
        Assert.Throws<InvalidOperationException>(() => AccessMatrix.From(new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            [profession] = new Dictionary<string, string> { [documentType] = right },
        }));

    [Fact]
    public void The_defaults_are_read_only()
    {
        var defaults = Assert.IsAssignableFrom<IDictionary<string, IReadOnlyDictionary<string, string>>>(AccessMatrix.Defaults);
        var row = Assert.IsAssignableFrom<IDictionary<string, string>>(AccessMatrix.Defaults["pharmacist"]);

        Assert.True(defaults.IsReadOnly);
        Assert.True(row.IsReadOnly);
        Assert.Throws<NotSupportedException>(() => defaults["astrologer"] = new Dictionary<string, string>());
        Assert.Throws<NotSupportedException>(() => row["sumehr"] = "RW");
        Assert.False(AccessMatrix.Default.MayRead(Profession.Pharmacist, DocumentType.Sumehr));
    }

    [Fact]
    public void The_default_matrix_is_the_one_of_domain_md()
    {
        Assert.True(AccessMatrix.Default.MayRead(Profession.Physician, DocumentType.Sumehr));
        Assert.True(AccessMatrix.Default.MayRead(Profession.HospitalPharmacist, DocumentType.LabResult));
        Assert.False(AccessMatrix.Default.MayRead(Profession.HospitalPharmacist, DocumentType.DischargeLetter));
        Assert.True(AccessMatrix.Default.MayRead(Profession.NurseOrMidwife, DocumentType.DischargeLetter));
        Assert.False(AccessMatrix.Default.MayRead(Profession.Physiotherapist, DocumentType.Sumehr));
        Assert.False(AccessMatrix.Default.MayRead(Profession.Hospital, DocumentType.Sumehr));
    }
}
