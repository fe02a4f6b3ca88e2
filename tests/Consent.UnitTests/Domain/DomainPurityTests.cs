using System.Reflection;
using Consent.Contracts.Identifiers;

namespace Consent.UnitTests.Domain;

/// <summary>
/// The domain is pure: Consent.Domain references Consent.Contracts and the base class library only, and
/// Contracts only the base class library. No database, web framework, broker, or Microsoft.Extensions.
/// </summary>
public sealed class DomainPurityTests
{
    private static readonly Assembly Domain = typeof(PatientDecider).Assembly;
    private static readonly Assembly Contracts = typeof(Nihdi).Assembly;

    private static bool IsBaseClassLibrary(AssemblyName name) =>
        name.Name is "System" or "netstandard" or "mscorlib" or "Microsoft.Win32.Primitives"
        || name.Name!.StartsWith("System.", StringComparison.Ordinal);

    private static string[] References(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(a => a.Name!).Order(StringComparer.Ordinal)];

    [Fact]
    public void The_domain_assembly_is_the_one_named_Consent_Domain()
    {
        Assert.Equal("Consent.Domain", Domain.GetName().Name);
        Assert.Equal("Consent.Contracts", Contracts.GetName().Name);
    }

    [Fact]
    public void The_domain_references_nothing_but_the_contracts_and_the_base_class_library()
    {
        var others = Domain.GetReferencedAssemblies()
            .Where(a => a.Name != "Consent.Contracts" && !IsBaseClassLibrary(a))
            .Select(a => a.Name);

        Assert.Empty(others);
        Assert.Contains("Consent.Contracts", References(Domain));
    }

    [Fact]
    public void The_contracts_reference_nothing_but_the_base_class_library()
    {
        Assert.Empty(Contracts.GetReferencedAssemblies().Where(a => !IsBaseClassLibrary(a)).Select(a => a.Name));
    }

    [Theory]
    [InlineData("Npgsql")]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("Microsoft.Extensions")]
    [InlineData("RabbitMQ")]
    [InlineData("OpenTelemetry")]
    [InlineData("Consent.Service")]
    public void Neither_the_domain_nor_the_contracts_reference_infrastructure(string prefix)
    {
        Assert.DoesNotContain(References(Domain), name => name.StartsWith(prefix, StringComparison.Ordinal));
        Assert.DoesNotContain(References(Contracts), name => name.StartsWith(prefix, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_base_class_library_reference_of_the_domain_is_part_of_the_runtime_itself()
    {
        // A "System.*" name alone could be a NuGet package; the runtime's own directory is the BCL.
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var outside = Domain.GetReferencedAssemblies()
            .Where(a => a.Name != "Consent.Contracts")
            .Select(a => (a.Name, Directory: Path.GetDirectoryName(Assembly.Load(a).Location)))
            .Where(a => a.Directory != runtime)
            .Select(a => $"{a.Name} ({a.Directory})");

        Assert.Empty(outside);
    }
}
