using Consent.Contracts.Identifiers;
using static Consent.UnitTests.Patients.TestData;

namespace Consent.UnitTests.Patients;

/// <summary>
/// A minor's consent (domain.md, Representatives): a parent registers it under 16, the minor from 16
/// (configurable), and a representative acts again for an adult.
/// </summary>
public sealed class ConsentAgeTests
{
    private static readonly DateTimeOffset Today = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);
    private const string ParentInss = "70021501252";
    private static readonly TimeZoneInfo Brussels = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");

    /// <summary>A valid INSS for someone born on that day (the 2000 form of the check digits from 2000 on).</summary>
    private static Inss Born(int year, int month, int day)
    {
        var body = long.Parse($"{year % 100:D2}{month:D2}{day:D2}001", System.Globalization.CultureInfo.InvariantCulture);
        var inss = Inss.Parse($"{body:D9}{Inss.CheckDigits(year >= 2000 ? 2_000_000_000L + body : body):D2}");
        Assert.Equal(new DateOnly(year, month, day), inss.BirthDate);
        return inss;
    }

    private static Acting Self(Inss patient) => new(new ActorRef(ActorKinds.Patient, patient.Value), ActorKinds.Patient);

    private static Acting Parent(Inss patient) => new(new ActorRef(ActorKinds.Representative, ParentInss, patient.Value), ActorKinds.Representative);

    private static Decision Give(Inss patient, Acting by, ConsentAge? rule = null, DateTimeOffset? at = null) =>
        PatientDecider.Decide(patient, new GiveConsent(by, at ?? Today, ConsentType.Retrospective), PatientState.Initial, Durations, rule ?? DefaultConsentAge);

    private static Decision Revoke(Inss patient, Acting by) =>
        PatientDecider.Decide(patient, new RevokeConsent(by, Today), new PatientState { Consent = ConsentStatus.Given }, Durations, DefaultConsentAge);

    private static void AssertGiven(Decision decision) => Assert.IsType<ConsentGiven>(Assert.Single(decision.Events));

    private static void AssertForbidden(Decision decision) => Assert.Equal(ErrorCodes.Forbidden, decision.Error?.Code);

    [Fact]
    public void A_parent_registers_a_child_s_consent_and_the_child_does_not()
    {
        var child = Born(2017, 7, 30);

        AssertGiven(Give(child, Parent(child)));
        AssertForbidden(Give(child, Self(child)));
        Assert.IsType<ConsentRevoked>(Assert.Single(Revoke(child, Parent(child)).Events));
        AssertForbidden(Revoke(child, Self(child)));
    }

    [Fact]
    public void From_the_sixteenth_birthday_the_minor_registers_and_the_parent_no_longer_does()
    {
        var sixteenToday = Born(2010, 12, 4);
        var sixteenTomorrow = Born(2010, 12, 5);

        AssertGiven(Give(sixteenToday, Self(sixteenToday)));
        AssertForbidden(Give(sixteenToday, Parent(sixteenToday)));
        AssertForbidden(Revoke(sixteenToday, Parent(sixteenToday)));
        AssertForbidden(Give(sixteenTomorrow, Self(sixteenTomorrow)));
        AssertGiven(Give(sixteenTomorrow, Parent(sixteenTomorrow)));
    }

    [Theory]
    [InlineData("2026-12-04T23:30:00Z")] // 00:30 on 5 December in Brussels (winter, UTC+1)
    [InlineData("2026-07-04T22:30:00Z")] // 00:30 on 5 July in Brussels (summer, UTC+2)
    public void The_sixteenth_birthday_begins_at_midnight_in_Brussels_not_in_utc(string instant)
    {
        var at = DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
        var local = TimeZoneInfo.ConvertTime(at, Brussels);
        var sixteenTodayInBrussels = Born(local.Year - 16, local.Month, local.Day);
        var belgian = new ConsentAge { Zone = Brussels };

        AssertGiven(Give(sixteenTodayInBrussels, Self(sixteenTodayInBrussels), belgian, at));
        AssertForbidden(Give(sixteenTodayInBrussels, Parent(sixteenTodayInBrussels), belgian, at));
        // On the UTC calendar the birthday is still tomorrow: the rule would wait an hour or two more.
        AssertForbidden(Give(sixteenTodayInBrussels, Self(sixteenTodayInBrussels), new ConsentAge { Zone = TimeZoneInfo.Utc }, at));
    }

    [Fact]
    public void Just_before_midnight_in_Brussels_the_birthday_has_not_come_yet()
    {
        var at = new DateTimeOffset(2026, 12, 4, 22, 59, 0, TimeSpan.Zero); // 23:59 on 4 December in Brussels
        var sixteenTomorrow = Born(2010, 12, 5);
        var belgian = new ConsentAge { Zone = Brussels };

        AssertForbidden(Give(sixteenTomorrow, Self(sixteenTomorrow), belgian, at));
        AssertGiven(Give(sixteenTomorrow, Parent(sixteenTomorrow), belgian, at));
    }

    [Fact]
    public void For_an_adult_a_representative_acts_again()
    {
        var eighteenToday = Born(2008, 12, 4);
        var seventeen = Born(2008, 12, 5);

        AssertGiven(Give(eighteenToday, Parent(eighteenToday)));
        AssertGiven(Give(eighteenToday, Self(eighteenToday)));
        AssertForbidden(Give(seventeen, Parent(seventeen)));
    }

    [Fact]
    public void Providers_and_hospital_desks_register_a_child_s_consent_at_the_patient_s_request()
    {
        var child = Born(2017, 7, 30);

        AssertGiven(Give(child, As.Provider(Gp)));
        AssertGiven(Give(child, As.Provider(Pharmacist)));
        AssertGiven(Give(child, As.His(Hospital)));
    }

    [Fact]
    public void A_number_without_its_full_birth_date_leaves_the_rule_out()
    {
        var body = 170000001L;
        var unknownDay = Inss.Parse($"{body:D9}{Inss.CheckDigits(2_000_000_000L + body):D2}");
        Assert.Null(unknownDay.BirthDate);

        AssertGiven(Give(unknownDay, Self(unknownDay)));
        AssertGiven(Give(unknownDay, Parent(unknownDay)));
    }

    [Fact]
    public void The_age_is_configurable()
    {
        var fifteen = Born(2011, 6, 1);
        var fromFourteen = new ConsentAge { OwnConsentFrom = 14 };

        AssertGiven(Give(fifteen, Self(fifteen), fromFourteen));
        AssertForbidden(Give(fifteen, Parent(fifteen), fromFourteen));
        AssertForbidden(Give(fifteen, Self(fifteen)));
    }

    [Theory]
    [InlineData("2010-02-28", "2026-02-27", 15)]
    [InlineData("2010-02-28", "2026-02-28", 16)]
    [InlineData("2008-02-29", "2026-02-27", 17)]
    [InlineData("2008-02-29", "2026-02-28", 18)]
    // Born on 29 February: a year older on 28 February in other years (.NET's AddYears, the usual reading).
    public void Whole_years_on_the_day(string born, string day, int age) =>
        Assert.Equal(age, ConsentAge.AgeOn(DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
}
