using AirMonitor.Core.Stations;
using AirMonitor.AirQuality.Emissions;

namespace AirMonitor.AirQuality.Tests.Emissions;

public class PermitLimitSetsTests
{
    private static readonly PermitLimitSet Eu = PermitLimitSets.EuWasteIncineration;

    [Theory]
    // IED Annex VI Part 3 1.1 / 1.2 column A, mg/Nm³ at 11 % O2 (secondary: HK EPD, abbyoo).
    [InlineData(StackPollutant.Dust, 10, 30)]
    [InlineData(StackPollutant.Toc, 10, 20)]
    [InlineData(StackPollutant.Hcl, 10, 60)]
    [InlineData(StackPollutant.Hf, 1, 4)]
    [InlineData(StackPollutant.So2, 50, 200)]
    [InlineData(StackPollutant.Nox, 200, 400)]
    public void Eu_daily_and_half_hourly_column_a(StackPollutant pollutant, double daily, double halfHour)
    {
        Assert.Equal(daily, Eu.DailyLimit(pollutant)!.Value);
        PermitLimit columnA = Assert.Single(Eu.For(pollutant), l => l.Period == AveragingPeriod.HalfHour);
        Assert.Equal(halfHour, columnA.Value);
        Assert.Equal(LimitRule.EveryAverage, columnA.Rule);
        Assert.Equal(SourceMark.Secondary, columnA.Mark);
    }

    [Fact]
    public void Eu_co_has_the_three_limits_of_part_8_1_1_d()
    {
        // IED Annex VI Part 8 1.1(d)(i): 97 % of daily averages ≤ 50; 95 % of 10-min averages in 24 h ≤ 150, or all
        // half-hours in that 24 h ≤ 100 (values: arrêté du 20 septembre 2002 Annexe I).
        PermitLimit[] co = [.. Eu.For(StackPollutant.Co)];

        Assert.Equal(3, co.Length);
        Assert.Contains(co, l => l is { Period: AveragingPeriod.Day, Value: 50, Rule: LimitRule.NinetySevenPercentOfDailyAveragesPerYear });
        Assert.Contains(co, l => l is { Period: AveragingPeriod.TenMinutes, Value: 150, Rule: LimitRule.NinetyFivePercentOfTenMinuteAveragesIn24Hours });
        Assert.Contains(co, l => l is { Period: AveragingPeriod.HalfHour, Value: 100, Rule: LimitRule.AllHalfHourlyAveragesIn24Hours });
        Assert.All(co, l => Assert.Equal(SourceMark.Verified, l.Mark));
    }

    [Theory]
    // IED Annex VI Part 6 1.3: CI = percentage × daily ELV. CO 10 % × 50 = 5; SO2 20 % × 50 = 10; NOx 20 % × 200 = 40;
    // dust 30 % × 10 = 3; TOC 30 % × 10 = 3; HCl 40 % × 10 = 4; HF 40 % × 1 = 0.4.
    [InlineData(StackPollutant.Co, 5)]
    [InlineData(StackPollutant.So2, 10)]
    [InlineData(StackPollutant.Nox, 40)]
    [InlineData(StackPollutant.Dust, 3)]
    [InlineData(StackPollutant.Toc, 3)]
    [InlineData(StackPollutant.Hcl, 4)]
    [InlineData(StackPollutant.Hf, 0.4)]
    public void Eu_confidence_interval_is_the_percentage_of_the_daily_limit(StackPollutant pollutant, double milligrams)
    {
        Assert.Equal(milligrams, Eu.ConfidenceIntervalMilligramsPerCubicMetre(pollutant)!.Value, 1e-12);
    }

    [Fact]
    public void Eu_hg_and_nh3_have_a_percentage_but_no_daily_limit_here_so_no_interval()
    {
        Assert.Equal(40, Eu.ConfidenceIntervalPercentOfDailyLimit[StackPollutant.Hg]);
        Assert.Null(Eu.ConfidenceIntervalMilligramsPerCubicMetre(StackPollutant.Hg));
        Assert.Null(Eu.ConfidenceIntervalMilligramsPerCubicMetre(StackPollutant.Nh3));
    }

    [Fact]
    public void A_permit_set_with_an_hg_daily_limit_gets_its_interval()
    {
        // A permit adding Hg 0.03 mg/m³ daily (as 17. BImSchV §8): 40 % × 0.03 = 0.012.
        PermitLimitSet permit = Eu with
        {
            Limits = [.. Eu.Limits, new(StackPollutant.Hg, AveragingPeriod.Day, 0.03, LimitUnit.MilligramsPerCubicMetre, LimitRule.EveryAverage, "", SourceMark.Verified, "permit")],
        };

        Assert.Equal(0.012, permit.ConfidenceIntervalMilligramsPerCubicMetre(StackPollutant.Hg)!.Value, 1e-12);
    }

    [Fact]
    public void Japan_hcl_700_mg_and_nox_250_ppm_at_12_percent()
    {
        PermitLimitSet japan = PermitLimitSets.JapanWasteIncinerator(JapanIncineratorClass.OtherWithoutDustLimit);

        PermitLimit hcl = Assert.Single(japan.For(StackPollutant.Hcl));
        Assert.Equal(700, hcl.Value);
        Assert.Equal(LimitUnit.MilligramsPerCubicMetre, hcl.Unit);
        Assert.Equal(SourceMark.Verified, hcl.Mark);

        // NOx is in ppm: 250 ppm as NO2 at 0 °C, 1 atm = 250 × 46.0055/22.413970 = 513.134230 mg/m³N.
        PermitLimit nox = Assert.Single(japan.For(StackPollutant.Nox));
        Assert.Equal(250, nox.Value);
        Assert.Equal(LimitUnit.Ppm, nox.Unit);
        Assert.Equal(513.134230, nox.ValueMilligramsPerCubicMetre(japan.Regime), 1e-6);

        // CO 100 ppm, 1-hour, secondary basis: 100 × 28.0101/22.413970 = 124.967155 mg/m³N.
        PermitLimit co = Assert.Single(japan.For(StackPollutant.Co));
        Assert.Equal(SourceMark.Secondary, co.Mark);
        Assert.Equal(AveragingPeriod.Hour, co.Period);
        Assert.Equal(124.967155, co.ValueMilligramsPerCubicMetre(japan.Regime), 1e-6);

        Assert.Empty(japan.For(StackPollutant.Dust));
        Assert.Empty(japan.ConfidenceIntervalPercentOfDailyLimit);
        Assert.Null(japan.ConfidenceIntervalMilligramsPerCubicMetre(StackPollutant.Hcl));
    }

    [Theory]
    // 大気汚染防止法施行規則 別表第二, new furnaces (from 1 July 1998): ≥ 4 t/h 0.04 g/m³N, 2–4 t/h 0.08 g/m³N (secondary).
    [InlineData(JapanIncineratorClass.NewFrom4TonnesPerHour, 40)]
    [InlineData(JapanIncineratorClass.NewFrom2To4TonnesPerHour, 80)]
    public void Japan_dust_by_furnace_class(JapanIncineratorClass furnace, double milligrams)
    {
        PermitLimit dust = Assert.Single(PermitLimitSets.JapanWasteIncinerator(furnace).For(StackPollutant.Dust));

        Assert.Equal(milligrams, dust.Value);
        Assert.Equal(SourceMark.Secondary, dust.Mark);
    }

    [Fact]
    public void Every_built_in_limit_names_its_source_and_its_regime_is_valid()
    {
        PermitLimitSet[] sets =
        [
            Eu,
            .. Enum.GetValues<JapanIncineratorClass>().Select(PermitLimitSets.JapanWasteIncinerator),
        ];

        foreach (PermitLimitSet set in sets)
        {
            set.Regime.Validate();
            Assert.All(set.Limits, l =>
            {
                Assert.False(string.IsNullOrWhiteSpace(l.Source));
                Assert.True(l.Value > 0);
            });
        }
    }
}
