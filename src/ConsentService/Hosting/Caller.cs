using System.Security.Claims;
using Consent.Contracts.Identifiers;

namespace Consent.Service.Hosting;

/// <summary>The authenticated caller as the role table of api.md sees it.</summary>
public sealed record Caller(string Role, string Subject, string? Name, Inss? Inss, IReadOnlyList<Inss> Represents, Nihdi? Nihdi, ProviderId? Institution)
{
    /// <summary>The claims a caller is made of (api.md's "Identity and roles").</summary>
    public static readonly IReadOnlySet<string> ClaimTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "role", "sub", "name", "inss", "nihdi", "represents", "institution",
    };

    public static Caller From(ClaimsPrincipal user)
    {
        var role = user.FindFirst("role")?.Value ?? "";
        Contracts.Identifiers.Inss.TryParse(user.FindFirst("inss")?.Value, out var inss);
        Contracts.Identifiers.Nihdi.TryParse(user.FindFirst("nihdi")?.Value, out var nihdi);
        ProviderId.TryParse(user.FindFirst("institution")?.Value, out var institution);
        var represents = user.FindAll("represents")
            .SelectMany(c => c.Value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
            .Select(v => Contracts.Identifiers.Inss.TryParse(v, out var r) ? r : null)
            .OfType<Inss>()
            .ToList();
        return new Caller(role, user.FindFirst("sub")?.Value ?? "", user.FindFirst("name")?.Value, inss, represents, nihdi, institution);
    }

    /// <summary>A patient for themself, or a parent, legal representative or mandate holder for whom they represent.</summary>
    public bool ActsAsPatientFor(Inss patient) =>
        Role == Roles.Patient && (Inss == patient || Represents.Contains(patient));

    public bool IsAuditor => Role == Roles.Auditor;

    /// <summary>A patient or representative (whether for a given patient is ActsAsPatientFor's question).</summary>
    public bool IsPatientSide => Role == Roles.Patient;

    /// <summary>The domain's view of who acts; a representative acts on behalf of the patient.</summary>
    public Acting ActingFor(Inss patient) => Role switch
    {
        Roles.Patient when Inss == patient => new Acting(new ActorRef(ActorKinds.Patient, patient.Value), ActorKinds.Patient),
        Roles.Patient when Represents.Contains(patient) =>
            new Acting(new ActorRef(ActorKinds.Representative, Inss?.Value ?? Subject, patient.Value), ActorKinds.Representative),
        Roles.Patient => throw RefusedException.Forbidden("A patient acts only for themself and the people they represent."),
        Roles.Provider => new Acting(new ActorRef(ActorKinds.Provider, Nihdi?.Value ?? Subject), ActorKinds.Provider, Nihdi?.Identity),
        Roles.His => new Acting(new ActorRef(ActorKinds.His, Institution?.Value ?? Subject), ActorKinds.His, null, Institution),
        _ => new Acting(new ActorRef(Role, Subject), Role),
    };

    public string Channel => Role switch
    {
        Roles.Provider => Channels.ProviderSoftware,
        Roles.His => Channels.HospitalSystem,
        _ => Channels.Portal,
    };
}
