using System.Text.Json;
using Consent.Contracts.Identifiers;
using Consent.Service.EventStore;
using Consent.Service.Hosting;
using Consent.Service.Patients;
using Consent.Service.Providers;

namespace Consent.Service.Messaging;

/// <summary>
/// Turns a bus message into a domain command. The sender's rules live here, in the translation and not
/// in the transport: who sent it (user_id, verified by the broker, mapped by BusUsers), whether that
/// sender may send this command, whom it may name as actor (its own staff or desk; the authentic source
/// anyone), where replies may go, and the body read by the same rules and command factory as REST.
/// Anything wrong throws RefusedException: such a message can never succeed.
/// </summary>
public sealed class CommandTranslator(BusUsers users, ProviderDirectory directory, PatientCommandFactory commands)
{
    /// <summary>The sender, known and allowed this command, with its properties checked. Runs before any repeat check.</summary>
    public BusSender Authorise(BusCommandEnvelope message)
    {
        var user = users.Find(message.UserId)
            ?? throw RefusedException.Forbidden(message.UserId is null
                ? "user_id is required: the broker verifies it and it says which hospital sends the command."
                : "This broker user is not allowed to send commands.");
        // Checked first: a command that asks for its reply elsewhere is refused as forbidden, whatever else is wrong with it.
        if (message.Properties.ReplyTo is { Length: > 0 } replyTo && !BusReplies.MayReplyTo(user, replyTo))
        {
            throw RefusedException.Forbidden($"reply_to must name a queue of your own namespace ({BusReplies.Namespace(user)}*).");
        }
        var messageId = message.MessageId ?? throw RefusedException.InvalidRequest("message_id is required.");
        // Bodies are JSON (api.md): a body declared as anything else is refused, never guessed at.
        if (message.Properties.ContentType is { Length: > 0 } declared && !InputRules.IsClean(declared))
        {
            throw RefusedException.InvalidRequest("content_type holds a control character.");
        }
        if (message.Properties.ContentType is { Length: > 0 } contentType
            && !contentType.Split(';')[0].Trim(' ').Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new RefusedException(ErrorCodes.UnsupportedMediaType, "content_type must be application/json.");
        }
        Id("message_id", messageId);
        if (message.Properties.CorrelationId is { } correlation)
        {
            Id("correlation_id", correlation);
        }
        var name = message.CommandName;
        if (name is not null && CommandNames.IsExclusion(name))
        {
            throw RefusedException.Forbidden($"{name} is refused on the bus: {ExclusionRules.PatientOnly}");
        }
        if (name is null || !CommandNames.Applicable.Contains(name))
        {
            throw RefusedException.InvalidRequest($"Unknown command type '{Shown(name)}'.");
        }
        if (!user.Commands.Contains(name))
        {
            throw RefusedException.Forbidden($"Broker user '{user.Name}' may not send {name}.");
        }
        return new BusSender(user, messageId);
    }

    public async Task<BusCommand> TranslateAsync(BusCommandEnvelope message, BusSender sender, CancellationToken cancellationToken)
    {
        var user = sender.User;
        var name = message.CommandName!;
        PatientCommand command;
        string patientText;
        switch (name)
        {
            case CommandNames.GiveConsent:
                var give = Read<GiveConsentBody>(message.Body, name);
                (patientText, command) = (give.Patient, commands.GiveConsent(await ActingAsync(give.Actor, user, cancellationToken), give.Type));
                break;
            case CommandNames.RevokeConsent:
                var revoke = Read<RevokeConsentBody>(message.Body, name);
                (patientText, command) = (revoke.Patient, commands.RevokeConsent(await ActingAsync(revoke.Actor, user, cancellationToken)));
                break;
            case CommandNames.AddTherapeuticRelation:
                var add = Read<AddTherapeuticRelationBody>(message.Body, name);
                patientText = add.Patient;
                PatientCommandFactory.Patient(patientText);
                command = await commands.AddRelationAsync(await ActingAsync(add.Actor, user, cancellationToken),
                    new RelationInput(add.Provider, add.Type, add.Proof, add.Start, add.End), cancellationToken);
                break;
            case CommandNames.EndTherapeuticRelation:
                var end = Read<EndTherapeuticRelationBody>(message.Body, name);
                (patientText, command) = (end.Patient, commands.EndRelation(await ActingAsync(end.Actor, user, cancellationToken), end.RelationId));
                break;
            default:
                var death = Read<RecordDeathBody>(message.Body, name);
                (patientText, command) = (death.Patient, commands.RecordDeath(await ActingAsync(death.Actor, user, cancellationToken), death.Date));
                break;
        }
        var correlationId = message.Properties.CorrelationId is { Length: > 0 } given ? given : sender.MessageId;
        var metadata = new EventMetadata(command.Acting.Actor, Channels.Bus, correlationId, sender.MessageId,
            System.Diagnostics.Activity.Current?.Id, user.Name, user.Institution?.Value);
        return new BusCommand(PatientCommandFactory.Patient(patientText), command, metadata);
    }

    // A hospital system names as actor one of its own: a provider the directory lists at its institution, or
    // the institution itself (its desk). The authentic source is the one sender that may name anyone.
    private async Task<Acting> ActingAsync(BusActor actor, BusUser user, CancellationToken cancellationToken)
    {
        InputRules.Text("actor.kind", actor.Kind, 50);
        InputRules.Text("actor.id", actor.Id, 100);
        if (actor.Kind is not { Length: > 0 } || actor.Id is not { Length: > 0 })
        {
            throw RefusedException.InvalidRequest("actor needs a kind and an id.");
        }
        if (user.Institution is not { } hospital)
        {
            return new Acting(new ActorRef(actor.Kind, actor.Id), ActorKinds.AuthenticSource);
        }
        // api.md names no kinds ("for instance the staff NIHDI"): who the actor is follows from its id, the hospital
        // or one of its staff, and is recorded under this service's kind for it. A kind that says it is someone a
        // hospital never speaks for (a patient, a representative, an auditor) is refused whatever the id.
        if (actor.Kind.Trim().ToLowerInvariant() is ActorKinds.Patient or ActorKinds.Representative or ActorKinds.AuthenticSource or Roles.Auditor or Roles.Admin
            || !ProviderId.TryParse(actor.Id, out var named))
        {
            throw RefusedException.Forbidden("actor must be a provider of the sending hospital, or the hospital itself.");
        }
        if (named != hospital)
        {
            var provider = await directory.FindAsync(named.Value, cancellationToken);
            if (provider is null || !provider.Institutions.Contains(hospital))
            {
                throw RefusedException.Forbidden("actor must be a provider the directory lists at the sending hospital, or the hospital itself.");
            }
        }
        // A named staff member acts in person: the domain's rules about who may do what (consent is registered by a
        // physician, a pharmacist or a desk) see that person, as they would over REST. The hospital itself is its desk.
        return new Acting(new ActorRef(named == hospital ? ActorKinds.His : ActorKinds.Provider, actor.Id), ActorKinds.His, named == hospital ? null : named, hospital);
    }

    private static void Id(string field, string value)
    {
        if (!InputRules.IsVisibleAscii(value, InputRules.MaxIdLength))
        {
            throw RefusedException.InvalidRequest($"{field} must be 1 to {InputRules.MaxIdLength} visible ASCII characters.");
        }
    }

    // A type echoed into a dead letter's reason must not carry what the input rules refuse.
    private static string? Shown(string? name) => name is null || InputRules.IsClean(name) ? name?[..Math.Min(name.Length, 100)] : "(not printable)";

    private static T Read<T>(byte[] body, string name)
    {
        if (body.Length > RequestBody.MaxBytes)
        {
            throw new RefusedException(ErrorCodes.PayloadTooLarge, $"The body may be at most {RequestBody.MaxBytes} bytes.");
        }
        return RequestBody.Parse<T>(body, $"The body of {name} must be a JSON object.");
    }
}

/// <summary>A sender the translation authorised: its broker user and the message's id.</summary>
public sealed record BusSender(BusUser User, string MessageId);
