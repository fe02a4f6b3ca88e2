using System.Text;
using System.Text.Json;
using Consent.Service.Auditing;
using Consent.Tests.Auditing;
using FsCheck;
using FsCheck.Fluent;

namespace Consent.UnitTests.Auditing;

/// <summary>The canonical bytes depend on what JSON means, never on how it was written.</summary>
public sealed class CanonicalJsonTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(500);

    [Fact]
    public void Two_writings_of_the_same_value_have_the_same_canonical_bytes()
    {
        Check.One(Config, Prop.ForAll(JsonGenerators.Value(3).ToArbitrary(), value =>
        {
            var plain = Canonical(value.Plain());
            var reformatted = Canonical(value.Reformatted());
            return plain.AsSpan().SequenceEqual(reformatted).Label($"{value.Plain()} vs {value.Reformatted()}");
        }));
    }

    [Fact]
    public void Canonical_bytes_are_themselves_canonical_json_of_the_same_value()
    {
        Check.One(Config, Prop.ForAll(JsonGenerators.Value(3).ToArbitrary(), value =>
        {
            var once = Canonical(value.Plain());
            return once.AsSpan().SequenceEqual(Canonical(Encoding.UTF8.GetString(once))).Label(value.Plain());
        }));
    }

    [Theory]
    [InlineData("100", "1E2")]
    [InlineData("1.50", "1.5")]
    [InlineData("0.001", "1e-3")]
    [InlineData("-0", "0.000")]
    [InlineData("{\"b\":1,\"a\":2}", "{ \"a\" : 2, \"b\" : 1 }")]
    [InlineData("{\"a\":1,\"a\":2}", "{\"a\":2}")]
    [InlineData("\"\\u00e9\\/\"", "\"é/\"")]
    public void Equivalent_writings_agree(string one, string other) =>
        Assert.Equal(Encoding.UTF8.GetString(Canonical(one)), Encoding.UTF8.GetString(Canonical(other)));

    [Theory]
    [InlineData("1", "1.0000000000000000000000000001")]
    [InlineData("10", "100")]
    [InlineData("\"a\"", "\"A\"")]
    [InlineData("{\"a\":1}", "{\"a\":\"1\"}")]
    [InlineData("[1,2]", "[2,1]")]
    [InlineData("null", "\"null\"")]
    public void Different_values_differ(string one, string other) =>
        Assert.NotEqual(Encoding.UTF8.GetString(Canonical(one)), Encoding.UTF8.GetString(Canonical(other)));

    [Fact]
    public void The_form_is_the_documented_one()
    {
        var canonical = Encoding.UTF8.GetString(Canonical("{ \"z\": [1.50, true, null], \"a\": \"q\\\"\\n\u00e9\", \"m\": -12e3 }"));
        Assert.Equal("{\"a\":\"q\\\"\\u000aé\",\"m\":\"PLACEHOLDER\",\"z\":[15e-1,true,null]}".Replace("\"PLACEHOLDER\"", "-12e3", StringComparison.Ordinal), canonical);
    }

    private static byte[] Canonical(string json)
    {
        using var document = JsonDocument.Parse(json);
        return CanonicalJson.Of(document.RootElement);
    }
}
