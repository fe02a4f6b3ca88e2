using Consent.Contracts.Identifiers;
using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Access;

/// <summary>Reads a patient's access log, newest first, a page at a time below a "before" cursor (the last id seen).</summary>
public sealed class AccessLogReader(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<AccessLogView>> PageAsync(Inss patient, long? before, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            select id, logged_at, provider, document_type, decision, reasons, break_the_glass, review_required, decided_for
            from access_log where patient = $1 and ($2::bigint is null or id < $2)
            order by id desc limit $3
            """);
        command.Parameters.Add(Sql.Text(patient.Value));
        command.Parameters.Add(Sql.Nullable(before, NpgsqlTypes.NpgsqlDbType.Bigint));
        command.Parameters.Add(Sql.Value<int>(limit));
        var page = new List<AccessLogView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Add(new AccessLogView(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), reader.GetFieldValue<string[]>(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetBoolean(7), reader.GetFieldValue<DateTimeOffset>(8)));
        }
        return page;
    }
}
