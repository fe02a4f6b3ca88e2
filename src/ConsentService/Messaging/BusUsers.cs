using Consent.Contracts.Identifiers;

namespace Consent.Service.Messaging;

/// <summary>What one broker user may do: the hospital it speaks for (none for the authentic source) and its commands.</summary>
public sealed record BusUser(string Name, ProviderId? Institution, IReadOnlySet<string> Commands);

/// <summary>
/// The map from broker users to institutions and allowed commands (RabbitMq:Users:&lt;user&gt;). The
/// broker guarantees that a message's user_id is the user of the connection that published it, so
/// this map is the bus's whole authorisation: a user who is not listed may send nothing.
/// </summary>
public sealed class BusUsers
{
    private static readonly HashSet<string> AuthenticSourceCommands =
        [CommandNames.RecordDeath, CommandNames.AddTherapeuticRelation, CommandNames.EndTherapeuticRelation];

    private readonly Dictionary<string, BusUser> users;

    private BusUsers(Dictionary<string, BusUser> users) => this.users = users;

    public BusUser? Find(string? brokerUser) =>
        brokerUser is not null && users.TryGetValue(brokerUser, out var user) ? user : null;

    /// <summary>Reads the section; a wrong institution number or command name stops start-up rather than silently refusing later.</summary>
    public static BusUsers From(IConfigurationSection section)
    {
        var users = new Dictionary<string, BusUser>(StringComparer.Ordinal);
        foreach (var entry in section.GetChildren())
        {
            var institutionText = entry["Institution"];
            ProviderId? institution = null;
            if (!string.IsNullOrWhiteSpace(institutionText))
            {
                institution = ProviderId.TryParse(institutionText, out var id)
                    ? id
                    : throw new InvalidOperationException($"RabbitMq:Users:{entry.Key}:Institution '{institutionText}' is not a NIHDI number.");
            }
            var commands = entry.GetSection("Commands").Get<string[]>() ?? [];
            foreach (var command in commands)
            {
                if (!CommandNames.Applicable.Contains(command))
                {
                    throw new InvalidOperationException($"RabbitMq:Users:{entry.Key}:Commands names an unknown command '{command}'.");
                }
            }
            // Without an institution a user is the authentic source: deaths, and the relations it records on its own proof.
            // Consent is registered at the patient's request by the patient, a provider or a desk, never by a register.
            if (institution is null && commands.Any(c => !AuthenticSourceCommands.Contains(c)))
            {
                throw new InvalidOperationException($"RabbitMq:Users:{entry.Key} needs an Institution for its hospital commands.");
            }
            users[entry.Key] = new BusUser(entry.Key, institution, commands.ToHashSet(StringComparer.Ordinal));
        }
        return new BusUsers(users);
    }
}
