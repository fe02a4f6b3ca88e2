using Consent.Contracts.Identifiers;
using Consent.Service.EventStore;
using Consent.Service.Patients;

namespace Consent.UnitTests.Patients;

/// <summary>
/// A patient's record driven the way the service drives it: Decide, then Evolve every event it gives.
/// Each command runs at <see cref="TestData.Now"/> unless told otherwise.
/// </summary>
internal sealed class PatientHistory
{
    public PatientState State { get; private set; } = PatientState.Initial;

    public Decision Do(PatientCommand command, DateTimeOffset? at = null)
    {
        var now = at ?? TestData.Now;
        var decision = PatientDecider.Decide(command, State, now, TestData.Durations);
        foreach (var e in decision.Events)
        {
            State = PatientEvolution.Evolve(State, e, new RecordedMeta(State.Version + 1, State.Version + 1, now, command.Acting.Actor));
        }
        return decision;
    }

    /// <summary>Runs a command that must succeed and returns its single event.</summary>
    public T Single<T>(PatientCommand command, DateTimeOffset? at = null) where T : PatientEvent
    {
        var decision = Do(command, at);
        Assert.Null(decision.Error);
        return Assert.IsType<T>(Assert.Single(decision.Events));
    }

    public PatientHistory Consented()
    {
        Single<ConsentGiven>(new GiveConsent(As.Patient, ConsentType.Retrospective));
        return this;
    }

    public PatientHistory Deceased()
    {
        Single<PatientDeceased>(new RecordDeath(As.AuthenticSource, new DateOnly(2026, 2, 20)));
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
        var added = Single<TherapeuticRelationAdded>(
            new AddTherapeuticRelation(
                by ?? As.Provider(provider), new ProviderFacts(provider, by?.Institution is { } hospital ? [hospital] : []),
                type, start, end, null),
            at);
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

    public static void AssertRefused(Decision decision, string code, int status)
    {
        Assert.True(decision.Refused);
        Assert.Empty(decision.Events);
        Assert.Equal(code, decision.Error!.Code);
        Assert.Equal(status, decision.Error.Status);
    }
}
