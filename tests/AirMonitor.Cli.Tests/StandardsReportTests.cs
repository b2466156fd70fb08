using AirMonitor.AirQuality.Series;
using AirMonitor.Cli.Report;

namespace AirMonitor.Cli.Tests;

/// <summary>A fiscal year of stored hours judged against Japan's standards: hours placed on JST days and labels, each pollutant's line.</summary>
public sealed class StandardsReportTests
{
    private const long HourMs = 3_600_000;

    [Fact]
    public void The_fiscal_year_runs_from_1_April_JST()
    {
        var (from, to, days) = StandardsReport.FiscalYear(2026);

        Assert.Equal(new DateTimeOffset(2026, 3, 31, 15, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), from);
        Assert.Equal(new DateTimeOffset(2027, 3, 31, 15, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), to);
        Assert.Equal(365, days);
    }

    [Fact]
    public void Ox_counts_only_the_daytime_hours_and_SPM_fails_on_two_consecutive_days_above()
    {
        // Every hour: Ox 40 ppb, SPM 30 µg/m³. Ox 70 ppb in the hours starting 05:00 JST (label 6, daytime) on days 10–12
        // and 20:00 (label 21, night) on day 20; 125 ppb at 13:00 on day 100. SPM 120 on days 200 and 201.
        var (from, _, days) = StandardsReport.FiscalYear(2026);
        var hours = new Dictionary<long, AmbientValues>();
        for (var d = 0; d < days; d++)
        {
            for (var h = 0; h < 24; h++)
            {
                var oxPpb = (d, h) switch { (>= 10 and <= 12, 5) => 70.0, (20, 20) => 70, (100, 13) => 125, _ => 40 };
                var spmMicrograms = d is 200 or 201 ? 120.0 : 30;
                hours[from + (((d * 24L) + h) * HourMs)] = AmbientValues.Of((Ambient.Ox, oxPpb), (Ambient.Spm, spmMicrograms));
            }
        }

        var lines = StandardsReport.Evaluate(2026, hours);

        var ox = Assert.Single(lines, l => l.Pollutant == "Ox");
        Assert.False(ox.Met);
        Assert.StartsWith("4 days, 4 hours above of 365 days, 5475 hours; daytime max 0.125 ppm; 1 days at the advisory level", ox.Details, StringComparison.Ordinal);

        var spm = lines.Where(l => l.Pollutant == "SPM").ToList();
        Assert.Equal(2, spm.Count);
        // 365 valid days: 7 left out (365 − 358), so the two 0.120 days go and the 2 % value is 0.030; two in a row fail it.
        Assert.False(spm[0].Met);
        Assert.Equal("2 % exclusion value 0.030 mg/m³ (7 of 365 days left out), longest run above 2 days", spm[0].Details);
        Assert.False(spm[1].Met);
        Assert.Equal("0 hours above 0.20 on 0 days, 2 days above 0.10, of 365 days", spm[1].Details);
        Assert.DoesNotContain(lines, l => l.Pollutant is "NO2" or "SO2" or "CO" or "PM2.5");
    }

    [Fact]
    public void A_year_with_too_few_hours_is_not_evaluated_and_says_how_many_it_has()
    {
        var (from, _, _) = StandardsReport.FiscalYear(2026);
        var hours = Enumerable.Range(0, 100).ToDictionary(i => from + (i * HourMs), _ => AmbientValues.Of((Ambient.No2, 20.0)));

        var line = Assert.Single(StandardsReport.Evaluate(2026, hours));

        Assert.Equal(("NO2", (bool?)null), (line.Pollutant, line.Met));
        Assert.Equal("not evaluated: 100 measured hours (6,000 needed)", line.Details);
    }
}
