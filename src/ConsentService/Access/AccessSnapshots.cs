using Consent.Service.Caching;
using Consent.Contracts.Identifiers;
using Consent.Service.Patients;
using Consent.Service.Providers;
using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Access;

/// <summary>What one decision needs: the patient's state as recorded at the instant, and where the provider works.</summary>
public sealed record AccessSnapshot(PatientSnapshot Patient, IReadOnlyList<ProviderId> Institutions);

/// <summary>
/// The hot path's only data access. A question about now is answered from memory when the caches
/// hold the patient (kept honest by commit notifications, see PatientStateCache) and, with
/// minPosition, already reflect that position. The rest is read in one round trip for the whole
/// batch: each patient's inline read model (a primary-key lookup, current to the last commit) and
/// each provider's institutions. Only an auditor's question about an instant before the patient's last
/// change replays the stream. A question about now never does, even when the last change was recorded
/// by a replica whose clock is ahead of this one's: replayed to this clock's now, it would leave out
/// that change, a revocation, say, already acknowledged.
/// </summary>
public sealed class AccessSnapshots(NpgsqlDataSource dataSource, PatientViews views, PatientStateCache cache, ProviderInstitutions institutions)
{
    public async Task<IReadOnlyList<AccessSnapshot>?> LoadAsync(
        IReadOnlyList<ValidQuestion> questions, long? minPosition, CancellationToken cancellationToken)
    {
        var snapshots = new AccessSnapshot[questions.Count];
        var misses = new List<int>();
        for (var i = 0; i < questions.Count; i++)
        {
            var question = questions[i];
            if (cache.TryGet(PatientStreams.IdOf(question.Patient), out var state)
                && (minPosition is null || state.Position >= minPosition)
                && !(question.AsOf && question.At < state.LastRecordedAt)
                && institutions.TryGet(question.Provider, out var worksAt))
            {
                snapshots[i] = new AccessSnapshot(state, worksAt);
            }
            else
            {
                misses.Add(i);
            }
        }
        if (misses.Count > 0 && !await ReadAsync(questions, misses, snapshots, minPosition, cancellationToken))
        {
            return null;
        }
        return snapshots;
    }

    /// <returns>false when minPosition is not committed yet: the caller waits and asks again.</returns>
    private async Task<bool> ReadAsync(
        IReadOnlyList<ValidQuestion> questions, List<int> misses, AccessSnapshot[] snapshots,
        long? minPosition, CancellationToken cancellationToken)
    {
        var epoch = cache.Epoch;
        await using var command = dataSource.CreateCommand(
            $$"""
            select {{PatientViews.Columns}},
                   coalesce((select array_agg(i.institution) from provider_institutions i where i.provider = q.provider), '{}'),
                   ($3::bigint is null or exists (select 1 from events e where e.position >= $3))
            from unnest($1::text[], $2::text[]) with ordinality as q(stream, provider, n)
            left join lateral (select * from inline_views v where v.stream_id = q.stream) v on true
            order by q.n
            """);
        command.Parameters.Add(Sql.Value<string[]>([.. misses.Select(i => PatientStreams.IdOf(questions[i].Patient))]));
        command.Parameters.Add(Sql.Value<string[]>([.. misses.Select(i => questions[i].Provider.Value)]));
        command.Parameters.Add(Sql.Nullable(minPosition, NpgsqlTypes.NpgsqlDbType.Bigint));

        var replays = new List<int>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            var row = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                if (!reader.GetBoolean(5))
                {
                    return false;
                }
                var i = misses[row++];
                var state = reader.IsDBNull(0) ? PatientSnapshot.Initial : PatientViews.FromRow(reader, 0);
                cache.Offer(PatientStreams.IdOf(questions[i].Patient), state, epoch);
                var worksAt = StoredInstitutions.Parse(reader.GetFieldValue<string[]>(4));
                snapshots[i] = new AccessSnapshot(state, worksAt);
                if (questions[i].AsOf && state.LastRecordedAt is { } last && questions[i].At < last)
                {
                    replays.Add(i);
                }
            }
        }

        // An auditor's "could Dr X see this patient on 1 March?" is answered on what was recorded by then.
        foreach (var i in replays)
        {
            var past = await views.AsRecordedAtAsync(questions[i].Patient, questions[i].At, cancellationToken);
            snapshots[i] = snapshots[i] with { Patient = past };
        }
        return true;
    }
}
