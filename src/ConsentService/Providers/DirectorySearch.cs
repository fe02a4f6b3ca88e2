using Consent.Contracts.Identifiers;
using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Providers;

/// <summary>
/// Finds providers the way portal users look for them ("via het RIZIV-nummer of de voor- en
/// achternaam"): by number, with or without separators, whole (8 or 11 digits) or as a prefix; or by
/// name, case- and accent-insensitive, partial, in either order. Every word of the query must occur in
/// the unaccented, lower-case "first last" name, which a trigram index serves. Ranking: the whole name in
/// either order first, then names whose parts start with the words, then trigram similarity.
/// </summary>
public sealed class DirectorySearch(NpgsqlDataSource dataSource)
{
    public const int MaxWords = 5;

    public async Task<IReadOnlyList<Provider>> SearchAsync(string query, int limit, CancellationToken cancellationToken)
    {
        if (!IsNumber(query) && Words(query).Count == 0)
        {
            // Only commas or semicolons: no name to look for.
            return [];
        }
        await using var command = Command(query, limit);
        var found = new List<Provider>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(ProviderDirectory.Read(reader));
        }
        return found;
    }

    /// <summary>The statement a search runs; tests EXPLAIN it to prove it uses the indexes.</summary>
    internal NpgsqlCommand Command(string query, int limit) =>
        IsNumber(query) ? ByNumber(new string([.. query.Where(char.IsAsciiDigit)]), limit) : ByName(query, limit);

    private static bool IsNumber(string query) =>
        query.Count(char.IsAsciiDigit) >= 3 && query.All(c => char.IsAsciiDigit(c) || c is '.' or '-' or ' ');

    /// <summary>The words of a name query, lower-cased; commas and extra spaces do not count.</summary>
    public static IReadOnlyList<string> Words(string query) =>
        [.. query.Split([' ', ',', ';', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => w.ToLowerInvariant()).Distinct().Take(MaxWords)];

    private NpgsqlCommand ByNumber(string digits, int limit)
    {
        var command = dataSource.CreateCommand();
        // A whole number names one identity (its qualification may differ); a shorter one is a prefix.
        if (digits.Length is 8 or 11 && ProviderId.TryParse(digits, out var id))
        {
            command.CommandText = $"select {ProviderDirectory.SelectColumns} from providers p where p.identity = $1";
            command.Parameters.Add(Sql.Text(id.Value.Value));
            return command;
        }
        command.CommandText = $"select {ProviderDirectory.SelectColumns} from providers p where p.nihdi like $1 order by p.nihdi limit $2";
        command.Parameters.Add(Sql.Text(digits + "%"));
        command.Parameters.Add(Sql.Value<int>(limit));
        return command;
    }

    private NpgsqlCommand ByName(string query, int limit)
    {
        var words = Words(query);
        var command = dataSource.CreateCommand();
        string Parameter(string value)
        {
            command.Parameters.Add(Sql.Text(value));
            return $"lower(immutable_unaccent(${command.Parameters.Count}))";
        }

        // Every word must occur in the name: each LIKE is served by the trigram index on search_name.
        var patterns = words.Select(w => Parameter(EscapeLike(w))).ToList();
        var filter = string.Join(" and ", patterns.Select(w => $"p.search_name like '%' || {w} || '%'"));
        // Words that start a name part ("dup" in "émile dupré-lemaître") rank above words found inside one.
        var prefixes = string.Join(" + ", patterns.Select(w => $"(b.boundaries like '% ' || {w} || '%')::int"));
        var whole = Parameter(string.Join(' ', words));
        command.Parameters.Add(Sql.Value<int>(limit));
        command.CommandText =
            $"""
            select {ProviderDirectory.SelectColumns} from providers p
            cross join lateral (select ' ' || translate(p.search_name, '-''', '  ') as boundaries) b
            where {filter}
            order by
                (p.search_name = {whole} or lower(immutable_unaccent(p.last_name || ' ' || p.first_name)) = {whole}) desc,
                {prefixes} desc,
                similarity(p.search_name, {whole}) desc,
                p.last_name, p.first_name, p.identity
            limit ${command.Parameters.Count}
            """;
        return command;
    }

    private static string EscapeLike(string word) => word.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
