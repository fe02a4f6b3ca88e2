using Consent.Contracts.Identifiers;
using FsCheck;
using FsCheck.Fluent;

namespace Consent.UnitTests.Identifiers;

/// <summary>NIHDI parsing against the independent oracle, over generated numbers.</summary>
public sealed class NihdiProperties
{
    [Fact]
    public void Every_valid_number_parses_round_trips_and_still_parses_with_separators()
    {
        var cases =
            from valid in IdentifierGenerators.Nihdi
            from typed in IdentifierGenerators.WithSeparators(valid.Digits)
            select (valid, typed);

        Check.One(IdentifierGenerators.Config, Prop.ForAll(cases.ToArbitrary(), t =>
        {
            var (valid, typed) = t;
            var parsed = Nihdi.TryParse(valid.Digits, out var nihdi);
            var parsedTyped = Nihdi.TryParse(typed, out var fromTyped);
            var parsedIdentity = ProviderId.TryParse(valid.Digits[..8], out var identity);
            return (parsed && nihdi!.Value.Value == valid.Digits && parsedTyped && fromTyped == nihdi
                    && parsedIdentity && identity == nihdi.Value.Identity)
                .Label($"{valid} typed as '{typed}'");
        }));
    }

    [Fact]
    public void A_single_digit_change_of_the_identity_is_refused_unless_valid_under_the_other_rule()
    {
        // A one-digit change of the first six digits moves them by d * 10^k, never a multiple of the
        // primes 97 or 89, and a change of the check digits leaves the first six alone: the rule the
        // number was made with can never hold again. The other rule can happen to hold: that is a
        // different valid number. The property counts how often and asserts that it is rare.
        var changes = 0;
        var landedOnValid = 0;
        var property = Prop.ForAll(IdentifierGenerators.Nihdi.ToArbitrary(), valid =>
        {
            if (!Nihdi.TryParse(valid.Digits, out _))
            {
                return false.Label($"{valid} itself is refused");
            }
            var landed = 0;
            foreach (var (position, changed) in CheckDigitOracle.SingleDigitChanges(valid.Digits).Where(c => c.Position < 8))
            {
                changes++;
                var rules = CheckDigitOracle.NihdiRules(changed);
                var accepted = Nihdi.TryParse(changed, out _);
                if (accepted != (rules.Count > 0) || ProviderId.TryParse(changed[..8], out _) != accepted)
                {
                    return false.Label($"{changed} (digit {position} of {valid.Digits}): accepted {accepted}, oracle rules [{string.Join(",", rules)}]");
                }
                if (accepted)
                {
                    landed++;
                    if (rules.Intersect(CheckDigitOracle.NihdiRules(valid.Digits)).Any())
                    {
                        return false.Label($"{changed} is valid under a rule {valid} already met");
                    }
                }
            }
            landedOnValid += landed;
            return true.Classify(landed > 0, "a neighbour is valid under the other rule");
        });

        Check.One(IdentifierGenerators.Config, property);

        Assert.InRange(landedOnValid, 1, changes * 3 / 100);
    }

    [Fact]
    public void A_change_of_the_qualification_is_the_same_provider_with_another_qualification()
    {
        // The check digits do not cover the qualification code: it changes during a career.
        Check.One(IdentifierGenerators.Config, Prop.ForAll(IdentifierGenerators.Nihdi.ToArbitrary(), valid =>
            CheckDigitOracle.SingleDigitChanges(valid.Digits).Where(c => c.Position >= 8).All(c =>
                Nihdi.TryParse(c.Number, out var changed)
                && changed.Value.Identity == Nihdi.Parse(valid.Digits).Identity
                && changed.Value.Qualification == c.Number[8..])));
    }
}
