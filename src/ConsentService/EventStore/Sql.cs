using Npgsql;
using NpgsqlTypes;

namespace Consent.Service.EventStore;

/// <summary>
/// Typed, positional parameters ($1, $2, ...) without boxing: the one way the service hands values to
/// PostgreSQL, so that every value goes as its own type and never as SQL text.
/// </summary>
public static class Sql
{
    public static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value };

    public static NpgsqlParameter<T> Value<T>(T value) => new() { TypedValue = value };

    /// <summary>A value that may be SQL null, typed so that PostgreSQL need not guess.</summary>
    public static NpgsqlParameter Nullable(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };
}
