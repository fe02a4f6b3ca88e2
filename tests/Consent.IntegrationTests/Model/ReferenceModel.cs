namespace Consent.IntegrationTests.Model;

/// <summary>
/// One patient's record as domain.md describes it, for the patient-side commands and a provider's decision
/// about now: consent, patient-declared relations (15 months, so none expires during a test), exclusions by
/// 8-digit identity, the decision's reasons in evaluation order and the default access matrix.
/// </summary>
public sealed class ReferenceModel
{
    public sealed record ModelProvider(string Name, string Nihdi, string Profession)
    {
        public string Identity => Nihdi[..8];
    }

    public static readonly ModelProvider[] Providers =
    [
        new("the physician", Infrastructure.Demo.Physician, "physician"),
        new("the pharmacist", Infrastructure.Demo.Pharmacist, "pharmacist"),
        new("the nurse", Infrastructure.Demo.Nurse, "nurse"),
        new("the dentist", Infrastructure.Demo.Dentist, "dentist"),
        new("the physiotherapist", Infrastructure.Demo.Physiotherapist, "physiotherapist"),
    ];

    public static readonly string[] DocumentTypes = ["sumehr", "medication-scheme", "vaccination", "lab-result", "discharge-letter", "imaging-report"];

    private static readonly Dictionary<string, string> Matrix = new()
    {
        ["physician"] = "RRRRRR",
        ["pharmacist"] = "-RR---",
        ["nurse"] = "RRRRR-",
        ["dentist"] = "RRR--R",
        ["physiotherapist"] = "-----R",
    };

    private string consent = "none";
    private readonly HashSet<string> exclusions = [];
    private readonly List<(string Identity, string? Id, bool Ended)> relations = [];

    /// <summary>Give or revoke: the answer is the state after it (a repeat changes nothing).</summary>
    public string Consent(bool give)
    {
        if (give)
        {
            consent = "given";
        }
        else if (consent == "given")
        {
            consent = "revoked";
        }
        return consent;
    }

    /// <summary>201 and a new relation, or 200 and the same id when an active one with that provider and type exists (renewal).</summary>
    public (int Status, string? Id) AddRelation(string nihdi)
    {
        var active = relations.FindIndex(r => r.Identity == nihdi[..8] && !r.Ended);
        return active >= 0 ? (200, relations[active].Id) : (201, null);
    }

    /// <summary>Records the id the service gave a new relation (the model cannot choose it).</summary>
    public void Confirm(string nihdi, string? id)
    {
        if (!relations.Exists(r => r.Identity == nihdi[..8] && !r.Ended))
        {
            relations.Add((nihdi[..8], id, false));
        }
    }

    /// <summary>An active relation to end, or null for an unknown id.</summary>
    public string? RelationToEnd(int pick)
    {
        var active = relations.Where(r => !r.Ended).ToList();
        return pick < 6 && active.Count > 0 ? active[pick % active.Count].Id : null;
    }

    public string EndRelation(string? id)
    {
        var index = relations.FindIndex(r => r.Id == id && id is not null);
        if (index < 0)
        {
            return "404 unknown-relation";
        }
        relations[index] = relations[index] with { Ended = true };
        return "204";
    }

    public int AddExclusion(string nihdi) => exclusions.Add(nihdi[..8]) ? 201 : 200;

    public void LiftExclusion(string nihdi) => exclusions.Remove(nihdi[..8]);

    /// <summary>domain.md's evaluation: every reason in order; the first deny wins.</summary>
    public (bool Permit, List<string> Reasons) Decide(ModelProvider provider, string? documentType)
    {
        var reasons = new List<string>();
        var deny = false;
        if (consent != "given")
        {
            reasons.Add("no-consent");
            deny = true;
        }
        if (exclusions.Contains(provider.Identity))
        {
            reasons.Add("excluded");
            deny = true;
        }
        if (relations.Exists(r => r.Identity == provider.Identity && !r.Ended))
        {
            reasons.Add("therapeutic-relation");
        }
        else
        {
            reasons.Add("no-therapeutic-relation");
            deny = true;
        }
        if (documentType is not null && Matrix[provider.Profession][Array.IndexOf(DocumentTypes, documentType)] != 'R')
        {
            reasons.Add("profession-not-permitted");
            deny = true;
        }
        return (!deny, reasons);
    }
}
