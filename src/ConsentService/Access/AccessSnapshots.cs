using Consent.Contracts.Identifiers;
using Consent.Service.Patients;
using Npgsql;

namespace Consent.Service.Access;

/// <summary>What one decision needs: the patient's state as recorded at the instant, and where the provider works.</summary>
public sealed record AccessSnapshot(PatientState State, IReadOnlyList<ProviderId> Institutions);

/// <summary>
/// The hot path's only database work: for a whole batch of questions, one round trip reads each
/// patient's inline read model (a primary-key lookup, current to the last commit) and each provider's
/// institutions. Only questions about an instant before the patient's last change replay the stream.
/// </summary>
public sealed class AccessSnapshots(NpgsqlDataSource dataSource, PatientViews views)
{
    public async Task<IReadOnlyList<AccessSnapshot>?> LoadAsync(
        IReadOnlyList<(Inss Patient, ProviderId Provider, DateTimeOffset At)> questions, long? minPosition, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            select v.version, v.position, v.state, v.recorded_at,
                   coalesce((select array_agg(i.institution) from provider_institutions i where i.provider = q.provider), '{}'),
                   ($3::bigint is null or exists (select 1 from events e where e.position >= $3))
            from unnest($1::text[], $2::text[]) with ordinality as q(stream, provider, n)
            left join inline_views v on v.stream_id = q.stream
            order by q.n
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. questions.Select(q => PatientStreams.IdOf(q.Patient))] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. questions.Select(q => q.Provider.Value)] });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)minPosition ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });

        var snapshots = new List<AccessSnapshot>(questions.Count);
        var replays = new List<int>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (!reader.GetBoolean(5))
                {
                    return null; // minPosition is not committed yet: the caller waits and asks again
                }
                var i = snapshots.Count;
                var state = reader.IsDBNull(0) ? PatientState.Initial : PatientViews.FromRow(reader, 0);
                var institutions = reader.GetFieldValue<string[]>(4)
                    .Select(v => ProviderId.TryParse(v, out var id) ? id : null).OfType<ProviderId>().ToList();
                snapshots.Add(new AccessSnapshot(state, institutions));
                if (!reader.IsDBNull(0) && questions[i].At < reader.GetFieldValue<DateTimeOffset>(3))
                {
                    replays.Add(i);
                }
            }
        }

        // An auditor's "could Dr X see this patient on 1 March?" is answered on what was recorded by then.
        foreach (var i in replays)
        {
            var past = await views.AsRecordedAtAsync(questions[i].Patient, questions[i].At, cancellationToken);
            snapshots[i] = snapshots[i] with { State = past };
        }
        return snapshots;
    }
}
