using Consent.Contracts.Identifiers;
using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Providers;

/// <summary>Looks providers up by identity (the first 8 digits of their NIHDI number).</summary>
public sealed class ProviderDirectory(NpgsqlDataSource dataSource)
{
    internal const string SelectColumns =
        """
        p.nihdi, p.first_name, p.last_name, p.profession, p.qualification, p.city,
        coalesce((select array_agg(i.institution order by i.institution) from provider_institutions i where i.provider = p.identity), '{}')
        """;

    public async Task<Provider?> FindAsync(ProviderId id, CancellationToken cancellationToken = default)
    {
        var found = await FindManyAsync([id], cancellationToken);
        return found.GetValueOrDefault(id);
    }

    public async Task<IReadOnlyDictionary<ProviderId, Provider>> FindManyAsync(IEnumerable<ProviderId> ids, CancellationToken cancellationToken = default)
    {
        var keys = ids.Select(i => i.Value).Distinct().ToArray();
        if (keys.Length == 0)
        {
            return new Dictionary<ProviderId, Provider>();
        }
        await using var command = dataSource.CreateCommand($"select {SelectColumns} from providers p where p.identity = any($1)");
        command.Parameters.Add(Sql.Value<string[]>(keys));
        var result = new Dictionary<ProviderId, Provider>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var provider = Read(reader);
            result[provider.Nihdi.Identity] = provider;
        }
        return result;
    }

    internal static Provider Read(NpgsqlDataReader reader) => new(
        Nihdi.Parse(reader.GetString(0)),
        reader.GetString(1),
        reader.GetString(2),
        (Profession)reader.GetInt32(3),
        reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        [.. reader.GetFieldValue<string[]>(6).Select(i => ProviderId.TryParse(i, out var id) ? id.Value : throw new InvalidDataException($"Bad institution {i}"))]);
}
