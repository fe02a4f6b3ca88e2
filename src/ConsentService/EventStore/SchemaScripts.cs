using System.Globalization;
using System.Reflection;

namespace Consent.Service.EventStore;

/// <summary>The schema scripts embedded in this assembly, named NNN_name.sql, in version order.</summary>
public static class SchemaScripts
{
    public sealed record Script(int Version, string Name, string Sql);

    public static IReadOnlyList<Script> All()
    {
        var assembly = typeof(SchemaScripts).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.EndsWith(".sql", StringComparison.Ordinal) && n.Contains(".Schema.", StringComparison.Ordinal))
            .Select(n => ToScript(assembly, n))
            .OrderBy(s => s.Version)];
    }

    private static Script ToScript(Assembly assembly, string resourceName)
    {
        var fileName = resourceName[(resourceName.IndexOf(".Schema.", StringComparison.Ordinal) + ".Schema.".Length)..];
        var version = int.Parse(fileName[..fileName.IndexOf('_', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        using var reader = new StreamReader(stream);
        return new Script(version, fileName, reader.ReadToEnd());
    }
}
