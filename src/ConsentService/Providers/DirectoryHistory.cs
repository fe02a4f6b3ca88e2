using Consent.Contracts.Identifiers;
using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Providers;

/// <summary>The directory as it was at an instant: where each provider worked then (provider_history).</summary>
public sealed class DirectoryHistory(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<ProviderId>> InstitutionsAtAsync(ProviderId provider, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            select institutions from provider_history
            where provider = $1 and valid_from <= $2 and (valid_to is null or valid_to > $2)
            order by valid_from desc limit 1
            """);
        command.Parameters.Add(Sql.Text(provider.Value));
        command.Parameters.Add(Sql.Value<DateTime>(at.UtcDateTime));
        var found = await command.ExecuteScalarAsync(cancellationToken);
        return found is string[] institutions
            ? StoredInstitutions.Parse(institutions)
            : [];
    }
}
