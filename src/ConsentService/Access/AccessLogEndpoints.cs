using System.Globalization;
using Consent.Service.Hosting;
using Consent.Service.Patients;
using Consent.Service.Patients.Api;
using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Access;

/// <summary>The patient's access log, newest first, paged by a "before" cursor (the last id seen).</summary>
public static class AccessLogEndpoints
{
    public static void MapAccessLog(this RouteGroupBuilder patients)
    {
        patients.MapGet("/{inss}/access-log", async (string inss, int? limit, long? before, HttpContext http, NpgsqlDataSource dataSource) =>
        {
            var patient = PatientRoutes.ParseInss(inss);
            PatientRoutes.Reader(http, patient);
            var pageSize = limit ?? 50;
            if (pageSize is < 1 or > 500)
            {
                throw RefusedException.InvalidRequest("limit must be between 1 and 500.");
            }
            await using var command = dataSource.CreateCommand(
                """
                select id, logged_at, provider, document_type, decision, reasons, break_the_glass, review_required, decided_for
                from access_log where patient = $1 and ($2::bigint is null or id < $2)
                order by id desc limit $3
                """);
            command.Parameters.Add(Sql.Text(patient.Value));
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)before ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
            command.Parameters.Add(Sql.Value<int>(pageSize));
            var page = new List<AccessLogView>();
            await using (var reader = await command.ExecuteReaderAsync(http.RequestAborted))
            {
                while (await reader.ReadAsync(http.RequestAborted))
                {
                    page.Add(new AccessLogView(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2),
                        reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), reader.GetFieldValue<string[]>(5),
                        reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetBoolean(7), reader.GetFieldValue<DateTimeOffset>(8)));
                }
            }
            if (page.Count == pageSize)
            {
                var next = page[^1].Id.ToString(CultureInfo.InvariantCulture);
                http.Response.Headers.Link = $"</v1/patients/{patient.Value}/access-log?limit={pageSize}&before={next}>; rel=\"next\"";
            }
            return TypedResults.Ok(page);
        }).WithName("GetAccessLog");
    }
}
