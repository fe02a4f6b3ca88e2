using Consent.Contracts.Identifiers;
using Consent.UnitTests.Patients;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using As = Consent.UnitTests.Patients.As;
using TestData = Consent.UnitTests.Patients.TestData;

namespace Consent.UnitTests.Properties;

/// <summary>
/// Properties of the pure domain over generated histories of commands (explicit instants and ids), checked
/// against rules restated from domain.md rather than against the production code.
/// </summary>
public sealed class DomainProperties
{
    // One step of a generated history: which command, about which provider, after how many minutes.
    public sealed record Step(int Kind, int Provider, int Minutes, int Pick);

    // The question asked after the history: provider, whether he works at the hospital, document type (-1 none), minutes after the last step, break-the-glass.
    public sealed record Question(int Provider, bool WorksAtHospital, int DocumentType, int Minutes, bool BreakTheGlass);

    private static readonly Nihdi[] Providers =
        [TestData.Gp, TestData.OtherPhysician, TestData.Pharmacist, TestData.Nurse, TestData.Dentist, TestData.Hospital, TestData.Laboratory, TestData.GpRequalified];

    private const string Justification = "Unconscious patient at the emergency department";

    // domain.md's default matrix, restated: profession -> readable document types (in DocumentType order).
    private static readonly Dictionary<Profession, string> Readable = new()
    {
        [Profession.Physician] = "RRRRRR",
        [Profession.HospitalPharmacist] = "RRRR--",
        [Profession.Pharmacist] = "-RR---",
        [Profession.NurseOrMidwife] = "RRRRR-",
        [Profession.Dentist] = "RRR--R",
        [Profession.Physiotherapist] = "-----R",
    };

    private static readonly Gen<Step> Steps =
        from kind in Gen.Choose(0, 99)
        from provider in Gen.Choose(0, Providers.Length - 1)
        from minutes in Gen.Frequency((3, Gen.Choose(0, 60)), (1, Gen.Choose(0, 200 * 24 * 60)))
        from pick in Gen.Choose(0, 7)
        select new Step(kind, provider, minutes, pick);

    private static readonly Gen<Question> Questions =
        from provider in Gen.Choose(0, Providers.Length - 1)
        from works in Gen.Elements(true, false)
        from documentType in Gen.Choose(-1, 5)
        from minutes in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(0, 500 * 24 * 60)))
        from glass in Gen.Elements(true, false)
        select new Question(provider, works, documentType, minutes, glass);

    public static Arbitrary<(Step[] History, Question Question)> Cases() =>
        (from history in Gen.ArrayOf(Steps)
         from question in Questions
         select (history, question)).ToArbitrary();

    /// <summary>A history run through Decide and Evolve, every event kept with its context, every command noted.</summary>
    private sealed class Run
    {
        public PatientState State = PatientState.Initial;
        public readonly List<(PatientEvent Event, EventContext Context)> Events = [];
        public readonly List<string> Scenario = [];
        public readonly List<string> RepeatsThatWrote = [];
        public DateTimeOffset Now = TestData.Now;
        private int ids;

        public static Run Of(Step[] history)
        {
            var run = new Run();
            foreach (var step in history)
            {
                run.Now = run.Now.AddMinutes(step.Minutes);
                var command = run.CommandFor(step);
                var decision = run.Apply(command);
                run.Scenario.Add($"{run.Now:O} {command.GetType().Name} {Describe(command)} -> {(decision.Error is { } e ? e.Code : string.Join(",", decision.Events.Select(x => x.GetType().Name)))}");
                if (decision.Error is null && decision.Events.Count > 0)
                {
                    // The same command again, at the same instant: a repeat changes nothing.
                    var repeat = PatientDecider.Decide(TestData.Patient, command, run.State, TestData.Durations, TestData.DefaultConsentAge);
                    if (repeat.Events.Count > 0)
                    {
                        run.RepeatsThatWrote.Add($"{command.GetType().Name} {Describe(command)}: {string.Join(",", repeat.Events.Select(x => x.GetType().Name))}");
                    }
                }
            }
            return run;
        }

        private Decision Apply(PatientCommand command)
        {
            var decision = PatientDecider.Decide(TestData.Patient, command, State, TestData.Durations, TestData.DefaultConsentAge);
            foreach (var e in decision.Events)
            {
                var context = new EventContext(command.Now, command.Acting.Actor);
                State = PatientEvolution.Evolve(State, e, context);
                Events.Add((e, context));
            }
            return decision;
        }

        private PatientCommand CommandFor(Step step)
        {
            var provider = Providers[step.Provider];
            return step.Kind switch
            {
                < 15 => new GiveConsent(As.Patient, Now, step.Pick % 4 == 0 ? ConsentType.Prospective : ConsentType.Retrospective),
                < 25 => new RevokeConsent(As.Patient, Now),
                < 27 => new RecordDeath(As.AuthenticSource, Now, DateOnly.FromDateTime(Now.UtcDateTime)),
                < 55 => AddRelation(provider, step.Pick),
                < 65 => new EndTherapeuticRelation(step.Pick % 2 == 0 ? As.Patient : As.Provider(provider), Now,
                    State.Relations.Count > 0 && step.Pick < 6 ? State.Relations[step.Pick % State.Relations.Count].Id : TestData.Id(500 + step.Pick)),
                < 85 => new AddExclusion(As.Patient, Now, provider, step.Pick % 2 == 0 ? null : "reason"),
                _ => new LiftExclusion(As.Patient, Now, provider.Identity),
            };
        }

        private AddTherapeuticRelation AddRelation(Nihdi provider, int pick)
        {
            var id = TestData.Id(++ids);
            IReadOnlyCollection<ProviderId> worksAt = provider.Identity == TestData.Gp.Identity ? [TestData.Hospital.Identity] : [];
            var facts = new ProviderFacts(provider, worksAt);
            if (provider.Profession == Profession.Hospital)
            {
                return new AddTherapeuticRelation(As.His(TestData.Hospital), Now, facts, RelationType.Hospitalisation, null, null, ProofType.EidReading, id);
            }
            if (pick % 2 == 0 || provider.Profession == Profession.ClinicalLaboratory)
            {
                return new AddTherapeuticRelation(As.Patient, Now, facts, RelationType.PatientDeclared, null, null, null, id);
            }
            var type = provider.Profession == Profession.Pharmacist ? RelationType.Pharmacy : pick % 4 == 1 ? RelationType.Gmd : RelationType.Consultation;
            return new AddTherapeuticRelation(As.Provider(provider), Now, facts, type, null, null, ProofType.EidReading, id);
        }

        private static string Describe(PatientCommand command) => command switch
        {
            AddTherapeuticRelation a => $"{a.Provider.Nihdi.Value} {a.Type} by {a.Acting.Role} id {a.NewRelationId}",
            EndTherapeuticRelation e => $"{e.RelationId} by {e.Acting.Role}",
            AddExclusion x => x.Provider.Value,
            LiftExclusion l => l.Provider.ToString()!,
            GiveConsent g => g.Type.ToString(),
            _ => "",
        };
    }

    private static (AccessVerdict Verdict, Nihdi Provider, DateTimeOffset At, IReadOnlyList<ProviderId> WorksAt, DocumentType? DocumentType) Ask(Run run, Question q)
    {
        var provider = Providers[q.Provider];
        IReadOnlyList<ProviderId> worksAt = q.WorksAtHospital && provider.Profession != Profession.Hospital ? [TestData.Hospital.Identity] : [];
        var at = run.Now.AddMinutes(q.Minutes);
        DocumentType? documentType = q.DocumentType < 0 ? null : (DocumentType)q.DocumentType;
        var verdict = AccessPolicy.Decide(run.State, new AccessQuestion(new ProviderAccessFacts(provider.Identity, worksAt), documentType,
            at, q.BreakTheGlass ? Justification : null), AccessMatrix.Default);
        return (verdict, provider, at, worksAt, documentType);
    }

    private static Property Holds(Run run, Question q, bool holds, string what) =>
        holds.Label($"{what}\nscenario:\n  {string.Join("\n  ", run.Scenario)}\nquestion: {q}");

    [Property(MaxTest = 300)]
    public Property An_exclusion_of_the_provider_always_means_deny() =>
        Prop.ForAll(Cases(), c =>
        {
            var run = Run.Of(c.History);
            var (verdict, provider, _, _, _) = Ask(run, c.Question);
            var excluded = run.State.Exclusions.Any(e => e.Provider.Identity == provider.Identity);
            return Holds(run, c.Question, !excluded || (!verdict.Permit && verdict.Reasons.Contains("excluded")),
                $"excluded {provider.Value}, answered {(verdict.Permit ? "permit" : "deny")} {string.Join(",", verdict.Reasons)}");
        });

    [Property(MaxTest = 300)]
    public Property A_deceased_patient_is_denied_with_patient_deceased_first() =>
        Prop.ForAll(Cases(), c =>
        {
            var run = Run.Of(c.History);
            var (verdict, _, _, _, _) = Ask(run, c.Question);
            return Holds(run, c.Question, !run.State.IsDeceased || (!verdict.Permit && verdict.Reasons.FirstOrDefault() == "patient-deceased"),
                $"deceased, answered {(verdict.Permit ? "permit" : "deny")} {string.Join(",", verdict.Reasons)}");
        });

    [Property(MaxTest = 300)]
    public Property Every_permit_rests_on_consent_a_relation_or_break_the_glass_and_an_allowed_cell() =>
        Prop.ForAll(Cases(), c =>
        {
            var run = Run.Of(c.History);
            var (verdict, provider, at, worksAt, documentType) = Ask(run, c.Question);
            if (!verdict.Permit)
            {
                return Holds(run, c.Question, true, "deny");
            }
            var relation = run.State.Relations.Any(r =>
                r.Start <= at && at < r.End && !(r.EndedAt is { } ended && ended <= at)
                && (r.Provider.Identity == provider.Identity
                    // A hospital's circle of trust counts only while the patient has not excluded that hospital (domain.md).
                    || (r.Provider.Profession == Profession.Hospital && worksAt.Contains(r.Provider.Identity)
                        && !run.State.Exclusions.Any(x => x.Provider.Identity == r.Provider.Identity))));
            var cell = documentType is not { } type
                || (Readable.TryGetValue(provider.Profession, out var row) && row[(int)type] == 'R');
            var grounds = run.State.Consent == ConsentStatus.Given && !run.State.IsDeceased
                && (relation || c.Question.BreakTheGlass) && cell
                && verdict.Reasons.Contains(relation ? "therapeutic-relation" : "break-the-glass");
            return Holds(run, c.Question, grounds, $"permit {string.Join(",", verdict.Reasons)} without its grounds (consent {run.State.Consent}, relation {relation}, cell {cell})");
        });

    [Property(MaxTest = 300)]
    public Property Folding_the_events_equals_evolving_step_by_step() =>
        Prop.ForAll(Cases(), c =>
        {
            var run = Run.Of(c.History);
            var folded = PatientEvolution.Fold(run.Events);
            return Holds(run, c.Question, Describe(folded) == Describe(run.State), $"folded:\n{Describe(folded)}\nstepwise:\n{Describe(run.State)}");
        });

    [Property(MaxTest = 300)]
    public Property Decide_writes_nothing_for_a_repeat() =>
        Prop.ForAll(Cases(), c =>
        {
            var run = Run.Of(c.History);
            return Holds(run, c.Question, run.RepeatsThatWrote.Count == 0, $"repeats that wrote: {string.Join("; ", run.RepeatsThatWrote)}");
        });

    /// <summary>Everything a state holds, as text: PatientState's lists compare by reference.</summary>
    private static string Describe(PatientState state) =>
        $"consent {state.Consent} {state.ConsentType} {state.ConsentChangedAt:O} {state.ConsentChangedBy}; deceased {state.DeceasedOn}\n"
        + string.Join("\n", state.Relations.Select(r => r.ToString())) + "\n"
        + string.Join("\n", state.Exclusions.Select(e => e.ToString()));
}
