namespace Consent.IntegrationTests.Infrastructure;

/// <summary>The canary sees a patient number in the forms a log line could carry it, and nothing else.</summary>
public sealed class InssCanaryTests
{
    [Theory]
    [InlineData("Request starting GET /v1/patients/85073003328/relations", true)]
    [InlineData("{\"RequestPath\":\"/v1/patients/85.07.30-033.28\"}", true)]
    [InlineData("patient 850730 033 28 refused", true)]
    [InlineData("position 1850730033281 and p-4f2a", false)]
    [InlineData("pseudonym p-85073003", false)]
    public void Finds_a_patient_number_in_any_written_form(string line, bool found) =>
        Assert.Equal(found, InssCanary.Names(line, digits => digits == "85073003328"));
}
