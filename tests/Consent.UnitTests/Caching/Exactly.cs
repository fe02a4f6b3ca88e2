using System.Text.Json;
using Consent.Service.EventStore;
using Consent.Service.Patients;

namespace Consent.UnitTests.Caching;

/// <summary>
/// A snapshot as text that differs whenever any field does. Record equality is not enough here:
/// PatientState's lists compare by reference, and DateTimeOffset's Equals ignores the offset. The store's
/// JSON writes every field, instants to the tick with their offset, enums beyond their names as numbers.
/// </summary>
internal static class Exactly
{
    public static string Describe(PatientSnapshot snapshot) =>
        $"version {snapshot.Version}, position {snapshot.Position}, recorded {snapshot.LastRecordedAt:O}: "
        + JsonSerializer.Serialize(snapshot.State, StoreJson.Options);

    /// <summary>Every field the same, and the elements of both lists equal as records too.</summary>
    public static void Equal(PatientSnapshot expected, PatientSnapshot actual)
    {
        Assert.Equal(Describe(expected), Describe(actual));
        Assert.Equal(expected.State.Relations, actual.State.Relations);
        Assert.Equal(expected.State.Exclusions, actual.State.Exclusions);
        Assert.Equal(expected.State with { Relations = [], Exclusions = [] }, actual.State with { Relations = [], Exclusions = [] });
    }
}
