using Consent.Contracts.Identifiers;
using Consent.Service.Patients;

namespace Consent.UnitTests.Patients;

public sealed class PatientStreamsTests
{
    [Theory]
    [InlineData("85073003328", 85073003328)]
    [InlineData("00000000007", 7)]
    [InlineData("99999999999", 99_999_999_999)]
    public void A_patient_stream_is_its_number_and_the_number_gives_the_same_digits_back(string digits, long number)
    {
        Assert.True(PatientStreams.TryNumberOf("patient-" + digits, out var read));
        Assert.Equal(number, read);
        Assert.Equal(digits, PatientStreams.NumberText(read));
    }

    [Fact]
    public void The_stream_of_an_inss_has_a_number()
    {
        var inss = Inss.Parse(TestData.PatientInss);

        Assert.True(PatientStreams.TryNumberOf(PatientStreams.IdOf(inss), out var number));
        Assert.Equal(inss.Value, PatientStreams.NumberText(number));
    }

    [Theory]
    [InlineData("")]
    [InlineData("patient-")]
    [InlineData("patient-8507300332")]
    [InlineData("patient-850730033280")]
    [InlineData("patient-85.07.30-033.28")]
    [InlineData("patient-8507300332\u0663")]
    [InlineData("patient--8507300332")]
    [InlineData("Patient-85073003328")]
    [InlineData("provider-8507300")]
    public void Any_other_stream_id_has_none(string streamId) =>
        Assert.False(PatientStreams.TryNumberOf(streamId, out _));
}
