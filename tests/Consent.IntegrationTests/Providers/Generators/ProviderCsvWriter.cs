using Consent.Service.Providers;

namespace Consent.IntegrationTests.Providers;

/// <summary>Writes providers in the import format that <see cref="ProviderCsv"/> reads (an export, test files, benchmarks).</summary>
public static class ProviderCsvWriter
{
    public static void Write(TextWriter writer, IEnumerable<Provider> providers, char separator = ';')
    {
        writer.Write(string.Join(separator, ProviderCsv.Columns));
        writer.Write('\n');
        foreach (var p in providers)
        {
            string[] fields =
            [
                p.Nihdi.Formatted, p.FirstName, p.LastName, p.Qualification, p.City ?? "",
                string.Join('|', p.Institutions.Select(i => i.Value)),
            ];
            writer.Write(string.Join(separator, fields.Select(f => CsvFields.Quote(f, separator))));
            writer.Write('\n');
        }
    }

    public static string ToCsv(IEnumerable<Provider> providers, char separator = ';')
    {
        using var writer = new StringWriter();
        Write(writer, providers, separator);
        return writer.ToString();
    }
}
