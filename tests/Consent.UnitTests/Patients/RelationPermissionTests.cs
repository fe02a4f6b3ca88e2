using static Consent.UnitTests.Patients.Decisions;
using static Consent.UnitTests.Patients.TestData;

namespace Consent.UnitTests.Patients;

/// <summary>Who may register a therapeutic relation for whom.</summary>
public sealed class RelationPermissionTests
{
    private static Decision Add(Acting by, ProviderFacts provider, RelationType type = RelationType.Consultation) =>
        new PatientHistory().Do(AddRelation(by, provider, type));

    [Theory]
    [InlineData("patient")]
    [InlineData("representative")]
    public void The_patient_side_declares_relations_of_type_patient_declared_only(string role)
    {
        Assert.Null(Add(As.Role(role), Facts(Gp), RelationType.PatientDeclared).Error);
        foreach (var type in Enum.GetValues<RelationType>().Where(t => t != RelationType.PatientDeclared))
        {
            AssertRefused(Add(As.Role(role), Facts(Gp), type), "forbidden", 403);
        }
    }

    [Fact]
    public void A_provider_registers_relations_for_itself()
    {
        Assert.Null(Add(As.Provider(Gp), Facts(Gp)).Error);
        Assert.Null(Add(As.Provider(GpRequalified), Facts(Gp)).Error);
    }

    [Fact]
    public void A_provider_may_not_register_a_relation_for_another_provider()
    {
        AssertRefused(Add(As.Provider(Gp), Facts(OtherPhysician)), "forbidden", 403);
    }

    [Fact]
    public void A_hospital_system_registers_relations_for_its_own_institution()
    {
        var added = new PatientHistory().Single<TherapeuticRelationAdded>(AddRelation(
            As.His(Hospital), Facts(Hospital), RelationType.Hospitalisation));

        Assert.Equal(Hospital, added.Provider);
        Assert.Equal(Hospital.Identity, added.Institution);
    }

    [Fact]
    public void A_hospital_system_registers_relations_for_providers_working_there()
    {
        var added = new PatientHistory().Single<TherapeuticRelationAdded>(AddRelation(
            As.His(Hospital), Facts(Gp, OtherHospital, Hospital), RelationType.Consultation));

        Assert.Equal(Gp, added.Provider);
        Assert.Equal(Hospital.Identity, added.Institution);
    }

    [Fact]
    public void A_hospital_system_may_not_register_relations_for_outside_providers_or_another_hospital()
    {
        AssertRefused(Add(As.His(Hospital), Facts(Gp)), "forbidden", 403);
        AssertRefused(Add(As.His(Hospital), Facts(Gp, OtherHospital)), "forbidden", 403);
        AssertRefused(Add(As.His(Hospital), Facts(OtherHospital), RelationType.Hospitalisation), "forbidden", 403);
    }

    [Fact]
    public void An_authentic_source_registers_relations_for_any_provider_hospital_staff_or_not()
    {
        Assert.Null(Add(As.AuthenticSource, Facts(Gp)).Error);
        Assert.Null(Add(As.AuthenticSource, Facts(OtherPhysician, Hospital)).Error);
    }
}
