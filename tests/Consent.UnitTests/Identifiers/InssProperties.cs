using Consent.Contracts.Identifiers;
using FsCheck;
using FsCheck.Fluent;

namespace Consent.UnitTests.Identifiers;

/// <summary>INSS parsing against the independent oracle, over generated numbers.</summary>
public sealed class InssProperties
{
    [Fact]
    public void Every_valid_number_parses_round_trips_and_still_parses_with_separators()
    {
        var cases =
            from valid in IdentifierGenerators.Inss
            from typed in IdentifierGenerators.WithSeparators(valid.Digits)
            select (valid, typed);

        Check.One(IdentifierGenerators.Config, Prop.ForAll(cases.ToArbitrary(), t =>
        {
            var (valid, typed) = t;
            var parsed = Inss.TryParse(valid.Digits, out var inss);
            var parsedTyped = Inss.TryParse(typed, out var fromTyped);
            return (parsed && inss!.Value.Value == valid.Digits && inss.Value.BirthCentury == valid.Century
                    && parsedTyped && fromTyped == inss)
                .Label($"{valid} typed as '{typed}'");
        }));
    }

    [Fact]
    public void A_single_digit_change_is_refused_unless_it_lands_on_a_number_valid_in_the_other_check_form()
    {
        // A one-digit change moves N by d * 10^k, never a multiple of the prime 97, so it can never keep
        // the same check form valid. But two forms are accepted (1900: N, 2000: 2 000 000 000 + N), and
        // the changed number can happen to match the other one: it is then a different valid number,
        // which no check digit can refuse. The property counts how often and asserts that it is rare.
        var changes = 0;
        var landedOnValid = 0;
        var property = Prop.ForAll(IdentifierGenerators.Inss.ToArbitrary(), valid =>
        {
            if (!Inss.TryParse(valid.Digits, out _))
            {
                return false.Label($"{valid} itself is refused");
            }
            var landed = 0;
            foreach (var (position, changed) in CheckDigitOracle.SingleDigitChanges(valid.Digits))
            {
                changes++;
                var forms = CheckDigitOracle.InssForms(changed);
                var accepted = Inss.TryParse(changed, out var inss);
                if (accepted != (forms.Count > 0))
                {
                    return false.Label($"{changed} (digit {position} of {valid.Digits}): accepted {accepted}, oracle forms [{string.Join(",", forms)}]");
                }
                if (accepted)
                {
                    landed++;
                    if (forms.Contains(valid.Century) || inss!.Value.BirthCentury == valid.Century)
                    {
                        return false.Label($"{changed} is valid in the same form as {valid}");
                    }
                }
            }
            landedOnValid += landed;
            return true.Classify(landed > 0, "a neighbour is valid in the other check form");
        });

        Check.One(IdentifierGenerators.Config, property);

        Assert.InRange(landedOnValid, 1, changes * 3 / 100);
    }
}
