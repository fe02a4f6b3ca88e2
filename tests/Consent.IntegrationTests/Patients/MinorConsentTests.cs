using System.Net;
using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.Patients;

/// <summary>A parent registers a child's consent under 16; from 16 the minor does, and the parent no longer.</summary>
[Collection(ServiceCollection.Name)]
public sealed class MinorConsentTests(SharedService service)
{
    [Fact]
    public async Task A_parent_registers_a_child_s_consent_and_from_sixteen_the_minor_does()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var child = TestPatients.BornOn(today.AddYears(-9));
        var seventeen = TestPatients.BornOn(today.AddYears(-17).AddDays(-1));
        var parent = service.ClientFor("patient", TestPatients.Next().Value, represents: [child.Value, seventeen.Value]);

        var childAlone = await service.Patient(child).PutJson($"/v1/patients/{child}/consent");
        var parentForChild = await parent.PutJson($"/v1/patients/{child}/consent");
        var parentForSeventeen = await parent.PutJson($"/v1/patients/{seventeen}/consent");
        var seventeenAlone = await service.Patient(seventeen).PutJson($"/v1/patients/{seventeen}/consent");
        var parentRevokes = await parent.DeleteAsync($"/v1/patients/{seventeen}/consent");

        Assert.Equal(HttpStatusCode.Forbidden, childAlone.StatusCode);
        Assert.Equal("forbidden", await childAlone.ProblemCode());
        Assert.Equal(HttpStatusCode.OK, parentForChild.StatusCode);
        Assert.Equal("representative", (await parentForChild.Json()).GetProperty("changedBy").Str("kind"));
        Assert.Equal(HttpStatusCode.Forbidden, parentForSeventeen.StatusCode);
        Assert.Equal(HttpStatusCode.OK, seventeenAlone.StatusCode);
        Assert.Equal("given", (await seventeenAlone.Json()).Str("status"));
        Assert.Equal(HttpStatusCode.Forbidden, parentRevokes.StatusCode);
        var consent = await (await service.Patient(seventeen).GetAsync($"/v1/patients/{seventeen}/consent")).Json();
        Assert.Equal("given", consent.Str("status"));
        Assert.Equal("patient", consent.GetProperty("changedBy").Str("kind"));
    }
}
