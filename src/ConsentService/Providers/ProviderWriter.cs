using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Providers;

/// <summary>
/// Writes providers and their institutions (demo seed, CSV import) in the caller's transaction, which it commits
/// (<see cref="CommitAsync"/>) after recording the directory's history.
/// </summary>
public static class ProviderWriter
{
    public static async Task UpsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Provider> providers, CancellationToken cancellationToken = default)
    {
        if (providers.Count == 0)
        {
            return;
        }
        await using var batch = new NpgsqlBatch(connection, transaction);
        var upsert = new NpgsqlBatchCommand(
            """
            insert into providers (identity, nihdi, first_name, last_name, profession, qualification, city)
            select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[])
            on conflict (identity) do update set
                nihdi = excluded.nihdi, first_name = excluded.first_name, last_name = excluded.last_name,
                profession = excluded.profession, qualification = excluded.qualification, city = excluded.city, updated_at = now()
            -- Importing the same file again rewrites no row (no dead tuples, updated_at keeps its meaning).
            where (providers.nihdi, providers.first_name, providers.last_name, providers.profession, providers.qualification, providers.city)
                is distinct from (excluded.nihdi, excluded.first_name, excluded.last_name, excluded.profession, excluded.qualification, excluded.city)
            """);
        upsert.Parameters.Add(Sql.Value<string[]>([.. providers.Select(p => p.Nihdi.Identity.Value)]));
        upsert.Parameters.Add(Sql.Value<string[]>([.. providers.Select(p => p.Nihdi.Value)]));
        upsert.Parameters.Add(Sql.Value<string[]>([.. providers.Select(p => p.FirstName)]));
        upsert.Parameters.Add(Sql.Value<string[]>([.. providers.Select(p => p.LastName)]));
        upsert.Parameters.Add(Sql.Value<int[]>([.. providers.Select(p => (int)p.Profession)]));
        upsert.Parameters.Add(Sql.Value<string[]>([.. providers.Select(p => p.Qualification)]));
        upsert.Parameters.Add(Sql.Value<string?[]>([.. providers.Select(p => p.City)]));
        batch.BatchCommands.Add(upsert);

        // The import states each provider's institutions in full: replace what was there.
        var clear = new NpgsqlBatchCommand("delete from provider_institutions where provider = any($1)");
        clear.Parameters.Add(Sql.Value<string[]>([.. providers.Select(p => p.Nihdi.Identity.Value)]));
        batch.BatchCommands.Add(clear);

        var links = providers.SelectMany(p => p.Institutions.Select(i => (Provider: p.Nihdi.Identity.Value, Institution: i.Value))).ToArray();
        var link = new NpgsqlBatchCommand(
            "insert into provider_institutions (provider, institution) select * from unnest($1::text[], $2::text[]) on conflict do nothing");
        link.Parameters.Add(Sql.Value<string[]>([.. links.Select(l => l.Provider)]));
        link.Parameters.Add(Sql.Value<string[]>([.. links.Select(l => l.Institution)]));
        batch.BatchCommands.Add(link);

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Records a new period in the directory's history for each of <paramref name="providers"/> whose qualification or
    /// institutions changed (or that is new), notifies the replicas, and commits.
    /// </summary>
    /// <remarks>
    /// The periods start at the clock's time when they are recorded, just before the commit, not at the transaction's
    /// start (<c>now()</c>): a decision made while a long import ran saw the directory as it was, and a past decision
    /// is evaluated again with the history (DecisionExplanation), so a period backdated to the import's start would
    /// re-evaluate it with a directory it never saw. What remains is the commit itself and the replicas' reload.
    /// </remarks>
    public static async Task CommitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<Provider> providers, CancellationToken cancellationToken = default)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        // The moment is taken once (a CTE with a volatile function is evaluated once), so a closed period ends
        // exactly where the next one starts.
        var history = new NpgsqlBatchCommand(
            """
            with moment as materialized (
                select clock_timestamp() as stamp
            ), current_state as (
                select p.identity as provider, p.qualification, p.profession,
                       coalesce((select array_agg(i.institution order by i.institution) from provider_institutions i where i.provider = p.identity), '{}') as institutions
                from providers p where p.identity = any($1)
            ), changed as (
                select c.* from current_state c
                left join provider_history h on h.provider = c.provider and h.valid_to is null
                where h.provider is null or (h.qualification, h.institutions) is distinct from (c.qualification, c.institutions)
            ), closed as (
                update provider_history h set valid_to = m.stamp from changed c, moment m
                where h.provider = c.provider and h.valid_to is null
                returning h.provider
            )
            insert into provider_history (provider, valid_from, qualification, profession, institutions)
            select c.provider, m.stamp, c.qualification, c.profession, c.institutions from changed c, moment m
            """);
        history.Parameters.Add(Sql.Value<string[]>([.. providers.Select(p => p.Nihdi.Identity.Value).Distinct()]));
        batch.BatchCommands.Add(history);

        // Replicas cache where providers work: tell them, at commit, to reload.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("select pg_notify('consent_directory', '')"));

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
