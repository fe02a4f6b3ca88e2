using Microsoft.Extensions.Localization;

namespace Consent.Portal.Presentation;

/// <summary>
/// The service's kebab-case values (relation types, professions, reasons, problem codes...) in the
/// page's language. A value the resources do not know yet is shown as the service sent it.
/// </summary>
public sealed class Labels(IStringLocalizer<SharedResource> texts)
{
    public string Of(string group, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        var text = texts[$"{group}.{value}"];
        return text.ResourceNotFound ? value : text.Value;
    }

    public string RelationType(string value) => Of("RelationType", value);
    public string RelationStatus(string value) => Of("RelationStatus", value);
    public string Profession(string? value) => Of("Profession", value);
    public string DocumentType(string? value) => value is null ? texts["DocumentType.any"] : Of("DocumentType", value);
    public string Decision(string value) => Of("Decision", value);
    public string Reason(string value) => Of("Reason", value);
    public string EventType(string value) => Of("EventType", value);
    public string Channel(string value) => Of("Channel", value);
    public string ActorKind(string value) => Of("ActorKind", value);

    /// <summary>A refusal's problem code as a sentence; an unknown code gets the general sentence.</summary>
    public string Problem(string code)
    {
        var text = texts[$"Problem.{code}"];
        return text.ResourceNotFound ? texts["Problem.other"] : text.Value;
    }
}
