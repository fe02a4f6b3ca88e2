using System.Text;
using Consent.Contracts.Identifiers;
using Npgsql;

namespace Consent.Service.Providers;

/// <summary>
/// Finds providers the way portal users look for them ("via het RIZIV-nummer of de voor- en
/// achternaam"): by number, with or without separators, whole (8 or 11 digits) or as a prefix; or by
/// name, case- and accent-insensitive, partial, in either order. Every word of the query must occur in
/// the unaccented, lower-case "first last" name, which a trigram index serves; the closest names come first.
/// </summary>
public sealed class DirectorySearch(NpgsqlDataSource dataSource)
{
    public const int MaxWords = 5;

    public async Task<IReadOnlyList<Provider>> SearchAsync(string query, int limit, CancellationToken cancellationToken)
    {
        var digits = new string([.. query.Where(char.IsAsciiDigit)]);
        var numeric = digits.Length >= 3 && query.All(c => char.IsAsciiDigit(c) || c is '.' or '-' or ' ' or '/');
        await using var command = numeric ? ByNumber(digits, limit) : ByName(query, limit);
        var found = new List<Provider>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(ProviderDirectory.Read(reader));
        }
        return found;
    }

    /// <summary>The words of a name query, lower-cased; commas and extra spaces do not count.</summary>
    public static IReadOnlyList<string> Words(string query) =>
        [.. query.Split([' ', ',', ';', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => w.ToLowerInvariant()).Distinct().Take(MaxWords)];

    private NpgsqlCommand ByNumber(string digits, int limit)
    {
        // A whole number names one identity (its qualification may differ); a shorter one is a prefix.
        var identity = digits.Length is 8 or 11 && ProviderId.TryParse(digits, out var id) ? id.Value.Value : null;
        var command = dataSource.CreateCommand(
            $"""
            select {ProviderDirectory.SelectColumns} from providers p
            where ($1::text is not null and p.identity = $1) or ($1::text is null and p.nihdi like $2)
            order by p.nihdi limit $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)identity ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = digits + "%" });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return command;
    }

    private NpgsqlCommand ByName(string query, int limit)
    {
        var words = Words(query);
        var sql = new StringBuilder($"select {ProviderDirectory.SelectColumns} from providers p where true");
        var command = dataSource.CreateCommand();
        foreach (var word in words)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = EscapeLike(word) });
            sql.Append($" and p.search_name like '%' || lower(immutable_unaccent(${command.Parameters.Count})) || '%'");
        }
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = string.Join(' ', words) });
        sql.Append($" order by similarity(p.search_name, lower(immutable_unaccent(${command.Parameters.Count}))) desc, p.last_name, p.first_name");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        sql.Append($" limit ${command.Parameters.Count}");
        command.CommandText = sql.ToString();
        return command;
    }

    private static string EscapeLike(string word) => word.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
