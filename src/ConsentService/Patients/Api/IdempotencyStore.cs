using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Patients.Api;

/// <summary>The first answer to a write sent with an Idempotency-Key, to replay it for repeats.</summary>
public sealed record StoredAnswer(string RequestHash, int StatusCode, Dictionary<string, string> Headers, string? Body);

/// <summary>Finds Idempotency-Key answers per caller; they are written by the statement that appends the request's events (PostgresEventStore).</summary>
public sealed class IdempotencyStore(NpgsqlDataSource dataSource)
{
    public static string Hash(string method, string path, object? body) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{method} {path} {JsonSerializer.Serialize(body)}")));

    public async Task<StoredAnswer?> FindAsync(string principal, string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "select request_hash, status_code, headers, body from idempotent_requests where principal = $1 and key = $2");
        command.Parameters.Add(Sql.Text(principal));
        command.Parameters.Add(Sql.Text(key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new StoredAnswer(
            reader.GetString(0), reader.GetInt32(1),
            JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(2)) ?? [],
            reader.IsDBNull(3) ? null : reader.GetString(3));
    }
}
