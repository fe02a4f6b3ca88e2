using Consent.Contracts.Identifiers;
using Consent.Service.Hosting;

namespace Consent.UnitTests.Patients;

/// <summary>
/// A patient's record driven the way the service drives it: Decide, then Evolve every event it gives,
/// recorded at the command's own instant (<see cref="TestData.Now"/> unless the test says otherwise).
/// </summary>
internal sealed class PatientHistory
{
    private int relations;

    public PatientState State { get; private set; } = PatientState.Initial;

    /// <summary>How many events the record holds (the stream's version).</summary>
    public int Version { get; private set; }

    public Decision Do(PatientCommand command)
    {
        var decision = PatientDecider.Decide(TestData.Patient, command, State, TestData.Durations, TestData.DefaultConsentAge);
        foreach (var e in decision.Events)
        {
            State = PatientEvolution.Evolve(State, e, new EventContext(command.Now, command.Acting.Actor));
            Version++;
        }
        return decision;
    }

    /// <summary>Runs a command that must succeed and returns its single event.</summary>
    public T Single<T>(PatientCommand command) where T : PatientEvent
    {
        var decision = Do(command);
        Assert.Null(decision.Error);
        return Assert.IsType<T>(Assert.Single(decision.Events));
    }

    /// <summary>A fixed id for the next relation this history adds, distinct from every earlier one.</summary>
    public Guid NextRelationId() => TestData.Id(++relations);

    public PatientHistory Consented()
    {
        Single<ConsentGiven>(new GiveConsent(As.Patient, TestData.Now, ConsentType.Retrospective));
        return this;
    }

    public PatientHistory Deceased()
    {
        Single<PatientDeceased>(new RecordDeath(As.AuthenticSource, TestData.Now, new DateOnly(2026, 2, 20)));
        return this;
    }

    /// <summary>
    /// Adds a relation as the given actor (by default the provider itself) and returns it as recorded. When a
    /// hospital system registers it, the provider works at that hospital.
    /// </summary>
    public Relation Relation(
        Nihdi provider, RelationType type = RelationType.Consultation, Acting? by = null,
        DateTimeOffset? at = null, DateTimeOffset? start = null, DateTimeOffset? end = null)
    {
        var id = NextRelationId();
        var added = Single<TherapeuticRelationAdded>(TestData.AddRelation(
            by ?? As.Provider(provider), new ProviderFacts(provider, by?.Institution is { } hospital ? [hospital] : []),
            type, start, end, at: at, id: id));
        Assert.Equal(id, added.RelationId);
        return State.RelationById(added.RelationId)!;
    }
}

/// <summary>Assertions on a decision.</summary>
internal static class Decisions
{
    public static void AssertNoChange(Decision decision)
    {
        Assert.Null(decision.Error);
        Assert.Empty(decision.Events);
    }

    public static void AssertRefused(Decision decision, string code)
    {
        Assert.True(decision.Refused);
        Assert.Empty(decision.Events);
        Assert.Equal(code, decision.Error!.Code);
    }

    /// <summary>A refusal with its code, and the HTTP status the service maps that code to.</summary>
    public static void AssertRefused(Decision decision, string code, int status)
    {
        AssertRefused(decision, code);
        Assert.Equal(status, ProblemStatuses.Of(decision.Error!.Code));
    }
}
