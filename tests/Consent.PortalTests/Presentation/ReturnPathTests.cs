using Consent.Portal.Auth;

namespace Consent.PortalTests.Presentation;

/// <summary>Where the portal sends a person back to after switching language or record (no browser needed).</summary>
public sealed class ReturnPathTests
{
    [Theory]
    [InlineData("/relations?status=all", "/relations?status=all")]
    [InlineData("https://elsewhere.example/", "/")]
    [InlineData("//elsewhere.example/", "/")]
    [InlineData("/\\elsewhere.example/", "/")]
    [InlineData("/\nx", "/")]
    [InlineData("/x\u0085", "/")]
    [InlineData("/\u00e9", "/")]
    [InlineData("/a b", "/")]
    [InlineData(null, "/")]
    public void Only_a_path_of_this_site_without_control_characters_is_a_way_back(string? asked, string path) =>
        Assert.Equal(path, RecordSwitch.LocalPath(asked));
}
