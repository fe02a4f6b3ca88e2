using Consent.Contracts.Identifiers;
using Consent.Service.Access;

namespace Consent.UnitTests.Access;

public sealed class AccessMatrixTests
{
    [Fact]
    public void A_configured_matrix_replaces_the_default()
    {
        var matrix = AccessMatrix.From(new Dictionary<string, Dictionary<string, string>>
        {
            ["physiotherapist"] = new() { ["sumehr"] = "R", ["imaging-report"] = "-" },
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
        Assert.Throws<InvalidOperationException>(() => AccessMatrix.From(new Dictionary<string, Dictionary<string, string>>
        {
            [profession] = new() { [documentType] = right },
        }));
}
