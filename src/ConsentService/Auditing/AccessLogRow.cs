using Npgsql;

namespace Consent.Service.Auditing;

/// <summary>An access_log row as the batch chain sees it.</summary>
public sealed record AccessLogRow(long Id, long? Batch, byte[] Canonical)
{
    /// <summary>The columns <see cref="Read"/> expects, in its order.</summary>
    public const string Columns =
        "id, batch, patient, logged_at, decided_for, provider, document_type, decision, reasons, break_the_glass, review_required, requested_by, position";

    /// <summary>The same columns of a table aliased <paramref name="alias"/> in a join.</summary>
    public static string ColumnsOf(string alias) => string.Join(", ", Columns.Split(", ").Select(c => $"{alias}.{c}"));

    public static AccessLogRow Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.IsDBNull(1) ? null : reader.GetInt64(1),
        AccessLogCanonical.Of(
            reader.GetString(2),
            reader.GetFieldValue<DateTimeOffset>(3),
            reader.GetFieldValue<DateTimeOffset>(4),
            reader.GetString(5),
            reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.GetString(7),
            reader.GetFieldValue<string[]>(8),
            reader.IsDBNull(9) ? null : reader.GetString(9),
            reader.GetBoolean(10),
            reader.GetString(11),
            reader.GetInt64(12)));
}
