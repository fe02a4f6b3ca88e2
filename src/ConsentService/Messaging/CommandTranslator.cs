using System.Text.Json;
using Consent.Contracts.Identifiers;
using Consent.Service.EventStore;
using Consent.Service.Hosting;
using Consent.Service.Patients;
using Consent.Service.Providers;

namespace Consent.Service.Messaging;

/// <summary>
/// Turns a bus message into a domain command: who sent it (user_id, verified by the broker, mapped
/// by BusUsers), whether that sender may send this command, and the body read strictly. Anything
/// wrong throws CommandRejectedException: such a message can never succeed.
/// </summary>
public sealed class CommandTranslator(BusUsers users, ProviderDirectory directory)
{
    public async Task<BusCommand> TranslateAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        var messageId = message.MessageId ?? throw CommandRejectedException.InvalidRequest("message_id is required.");
        var name = message.CommandName;
        var user = users.Find(message.UserId)
            ?? throw CommandRejectedException.Forbidden(message.UserId is null
                ? "user_id is required: the broker verifies it and it says which hospital sends the command."
                : $"Broker user '{message.UserId}' is not allowed to send commands.");
        if (name is not null && CommandNames.Refused.Contains(name))
        {
            throw CommandRejectedException.Forbidden($"{name} is refused on the bus: exclusions are the patient's own decision.");
        }
        if (name is null || !CommandNames.Applicable.Contains(name))
        {
            throw CommandRejectedException.InvalidRequest($"Unknown command type '{name}'.");
        }
        if (!user.Commands.Contains(name))
        {
            throw CommandRejectedException.Forbidden($"Broker user '{user.Name}' may not send {name}.");
        }

        var correlationId = message.Properties.CorrelationId is { Length: > 0 and <= 200 } given ? given : messageId;
        PatientCommand command;
        string patientText;
        switch (name)
        {
            case CommandNames.GiveConsent:
                var give = Read<GiveConsentBody>(message.Body, name);
                var type = ConsentType.Retrospective;
                if (give.Type is not null && !KebabEnum.TryParse(give.Type, out type))
                {
                    throw CommandRejectedException.InvalidRequest("type must be retrospective or prospective.");
                }
                (patientText, command) = (give.Patient, new GiveConsent(Hospital(give.Actor, user), type));
                break;
            case CommandNames.RevokeConsent:
                var revoke = Read<RevokeConsentBody>(message.Body, name);
                (patientText, command) = (revoke.Patient, new RevokeConsent(Hospital(revoke.Actor, user)));
                break;
            case CommandNames.AddTherapeuticRelation:
                var add = Read<AddTherapeuticRelationBody>(message.Body, name);
                patientText = add.Patient;
                ParsePatient(patientText);
                command = await AddRelationAsync(add, Hospital(add.Actor, user), cancellationToken);
                break;
            case CommandNames.EndTherapeuticRelation:
                var end = Read<EndTherapeuticRelationBody>(message.Body, name);
                var relationId = Guid.TryParse(end.RelationId, out var id)
                    ? id
                    : throw new CommandRejectedException("unknown-relation", $"No relation {end.RelationId} for this patient.");
                (patientText, command) = (end.Patient, new EndTherapeuticRelation(Hospital(end.Actor, user), relationId));
                break;
            default:
                var death = Read<RecordDeathBody>(message.Body, name);
                var source = new Acting(Actor(death.Actor), ActorKinds.AuthenticSource, null, user.Institution);
                (patientText, command) = (death.Patient, new RecordDeath(source, death.Date));
                break;
        }
        var metadata = new EventMetadata(command.Acting.Actor, Channels.Bus, correlationId, messageId, System.Diagnostics.Activity.Current?.Id);
        return new BusCommand(ParsePatient(patientText), command, metadata);
    }

    private async Task<AddTherapeuticRelation> AddRelationAsync(AddTherapeuticRelationBody body, Acting acting, CancellationToken cancellationToken)
    {
        if (!Nihdi.TryParse(body.Provider, out var nihdi))
        {
            throw new CommandRejectedException("invalid-nihdi", $"'{body.Provider}' is not a valid NIHDI number.");
        }
        if (!KebabEnum.TryParse<RelationType>(body.Type, out var type))
        {
            throw new CommandRejectedException("invalid-relation-type", $"Unknown relation type '{body.Type}'.");
        }
        if (!KebabEnum.TryParse<ProofType>(body.Proof, out var proof))
        {
            throw CommandRejectedException.InvalidRequest($"Unknown proof type '{body.Proof}'.");
        }
        if (body.Start is { } start && body.End is { } end && end <= start)
        {
            throw new CommandRejectedException("invalid-period", "end must come after start.");
        }
        var provider = await directory.FindAsync(nihdi.Value.Identity, cancellationToken)
            ?? throw new CommandRejectedException("unknown-provider", $"Provider {nihdi.Value.Value} is not in the directory.");
        return new AddTherapeuticRelation(acting, new ProviderFacts(nihdi.Value, provider.Institutions), type, body.Start, body.End, proof);
    }

    // A hospital system acts for its institution; the actor says who inside it (staff NIHDI, ...).
    private static Acting Hospital(BusActor actor, BusUser user) => new(Actor(actor), ActorKinds.His, null, user.Institution);

    private static ActorRef Actor(BusActor actor) =>
        actor.Kind is { Length: > 0 and <= 50 } && actor.Id is { Length: > 0 and <= 100 }
            ? new ActorRef(actor.Kind, actor.Id)
            : throw CommandRejectedException.InvalidRequest("actor needs a kind (at most 50 characters) and an id (at most 100).");

    private static Inss ParsePatient(string text) =>
        Inss.TryParse(text, out var inss) ? inss.Value : throw new CommandRejectedException("invalid-inss", "patient is not a valid INSS or BIS number.");

    private static T Read<T>(byte[] body, string name)
    {
        if (body.Length > RequestBody.MaxBytes)
        {
            throw new CommandRejectedException("payload-too-large", $"The body may be at most {RequestBody.MaxBytes} bytes.");
        }
        try
        {
            return JsonSerializer.Deserialize<T>(body, RequestBody.Strict)
                ?? throw CommandRejectedException.InvalidRequest($"The body of {name} must be a JSON object.");
        }
        catch (JsonException e)
        {
            // The serializer's messages name CLR types; the path is what a sender can act on.
            var where = e.Path is { Length: > 1 } path ? $" (at {path})" : "";
            throw CommandRejectedException.InvalidRequest($"The body is not valid JSON for {name}{where}: missing, unknown or mistyped fields.");
        }
    }
}
