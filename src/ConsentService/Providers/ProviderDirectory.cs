using Consent.Contracts.Identifiers;
using Consent.Service.Caching;
using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Providers;

/// <summary>
/// Looks providers up by identity (the first 8 digits of their NIHDI number), from the records already
/// read when the service keeps them (<see cref="ProviderRecords"/>), else from the database.
/// </summary>
public sealed class ProviderDirectory(NpgsqlDataSource dataSource, ProviderRecords? cached = null)
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
        var result = new Dictionary<ProviderId, Provider>();
        var missing = new List<string>();
        foreach (var id in ids.Distinct())
        {
            if (cached is not null && cached.TryGet(id, out var known))
            {
                result[id] = known;
            }
            else
            {
                missing.Add(id.Value);
            }
        }
        if (missing.Count == 0)
        {
            return result;
        }
        var epochAtRead = cached?.Epoch ?? 0;
        await using var command = dataSource.CreateCommand($"select {SelectColumns} from providers p where p.identity = any($1)");
        command.Parameters.Add(Sql.Value<string[]>([.. missing]));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var provider = Read(reader);
            result[provider.Nihdi.Identity] = provider;
            cached?.Offer(provider, epochAtRead);
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
