using System.Text.RegularExpressions;
using AirMonitor.Testing.Pipeline;

namespace AirMonitor.Cli.Tests;

/// <summary>
/// <c>airmon report emissions</c> run as a user runs it, against a real influxd holding the known series of
/// <see cref="EmissionReportFixture"/>. Every expected value is worked out by hand there or here; the rules are IED
/// 2010/75/EU Annex VI Part 8 1.1 (a) no valid daily average above the daily limit, (b) no half-hour above column A,
/// (d)(i) CO: 97 % of the daily averages within the daily limit, and in any 24 h 95 % of the 10-minute averages within 150
/// or all half-hours within 100; at most five discarded half-hours in a day and ten discarded days in a year.
/// </summary>
public sealed class EmissionReportCommandTests(EmissionReportFixture fixture) : IClassFixture<EmissionReportFixture>
{
    [Fact]
    public async Task A_day_in_csv_gives_the_valid_base_averages_exceedances_invalid_periods_availability_load_and_rule_counts()
    {
        var csv = await CsvAsync("--station", EmissionReportFixture.Station, "--day", "2025-01-15");

        // EU NOx: 39 valid half-hours, validated (standardised less the CI of 40), each against column A (400); 400 is not above 400.
        var halfHours = csv.Where("average", "line-eu", "stack_nox", "30m");
        Assert.Equal(39, halfHours.Count);
        Assert.Equal(("2025-01-15T02:00:00+01:00", "2025-01-15T02:30:00+01:00", "100", "400", "within"), Cells(halfHours[0], "start", "end", "value", "limit", "result"));
        Assert.Equal(("410", "above"), Cells(Assert.Single(halfHours, r => r["start"] == "2025-01-15T10:00:00+01:00"), "value", "result"));
        Assert.Equal(("400", "within"), Cells(Assert.Single(halfHours, r => r["start"] == "2025-01-15T10:30:00+01:00"), "value", "result"));
        var day = csv.Single("average", "line-eu", "stack_nox", "day");
        Assert.Equal(("115.641", "200", "within", "valid", "39", "44"), Cells(day, "value", "limit", "result", "status", "count", "of"));

        var exceedance = csv.Single("exceedance", "line-eu", "stack_nox");
        Assert.Equal(("30m", "2025-01-15T10:00:00+01:00", "410", "400", "every_average"), Cells(exceedance, "averaging", "start", "value", "limit", "rule"));

        // Consecutive invalid half-hours of one cause are one span; the start-up (not operating) is not invalid.
        Assert.Equal(
            [
                ("2025-01-15T08:00:00+01:00", "2025-01-15T09:30:00+01:00", "maintenance", "3"),
                ("2025-01-15T14:00:00+01:00", "2025-01-15T14:30:00+01:00", "malfunction", "1"),
                ("2025-01-15T14:30:00+01:00", "2025-01-15T15:00:00+01:00", "function_check", "1"),
            ],
            csv.Where("invalid", "line-eu", "stack_nox").Select(r => Cells(r, "start", "end", "status", "count")));

        // 39 valid of 44 operating half-hours; 39 × 0.5 h × 2 kg/h = 39 kg, covering 39/44 = 0.8864.
        Assert.Equal(("39", "44", "0.8864"), Cells(csv.Single("availability", "line-eu", "stack_nox"), "count", "of", "share"));
        Assert.Equal(("39", "kg", "39", "44", "0.8864"), Cells(csv.Single("load", "line-eu", "stack_nox"), "value", "unit", "count", "of", "share"));

        // (a) 0 of 1 valid day above 200; (b) 1 of 39 half-hours above 400; 5 discarded half-hours still make a valid day, so 0 discarded days of the 10.
        Assert.Equal(("0", "1", "200", "met"), Cells(csv.Single("compliance", "line-eu", "stack_nox", rule: "daily_limit"), "count", "of", "limit", "result"));
        Assert.Equal(("1", "39", "400", "not_met"), Cells(csv.Single("compliance", "line-eu", "stack_nox", rule: "half_hour_column_a"), "count", "of", "limit", "result"));
        Assert.Equal(("0", "10", "met"), Cells(csv.Single("compliance", "line-eu", "stack_nox", rule: "discarded_days"), "count", "of", "result"));
        Assert.Equal("IED Annex VI Part 8 1.1(b)", csv.Single("compliance", "line-eu", "stack_nox", rule: "half_hour_column_a")["note"]);

        // CO: 8 ten-minute averages of 200 above 150, three half-hours above 100 (200, 200, 140); the day (30.9091) within 50.
        var coExceedances = csv.Where("exceedance", "line-eu", "stack_co");
        Assert.Equal(8, coExceedances.Count(r => r["averaging"] == "10m" && r["value"] == "200" && r["limit"] == "150" && r["rule"] == "95_percent_of_10m_per_24h"));
        Assert.Equal(["200", "200", "140"], coExceedances.Where(r => r["averaging"] == "30m").Select(r => r["value"]));
        Assert.All(coExceedances.Where(r => r["averaging"] == "30m"), r => Assert.Equal(("100", "all_30m_per_24h"), Cells(r, "limit", "rule")));
        Assert.Equal(("30.9091", "50", "within"), Cells(csv.Single("average", "line-eu", "stack_co", "day"), "value", "limit", "result"));
        Assert.Equal(("1", "1", "1", "met"), Cells(csv.Single("compliance", "line-eu", "stack_co", rule: "co_daily_97_percent"), "count", "of", "share", "result"));

        // (d)(i) over the 144 windows ending in the day (the day before looked back at): a window fails once it holds 7 of
        // the 200s among 132 ten-minute values (7 > 5 % of 132) and a half-hour above 100: the first ends at 13:10; every
        // later one until midnight holds all eight: 13:10 to 24:00 is 66 windows.
        var co24h = csv.Single("compliance", "line-eu", "stack_co", rule: "co_24h");
        Assert.Equal(("66", "144", "not_met"), Cells(co24h, "count", "of", "result"));
        Assert.Contains("failed windows end 2025-01-15T13:10:00+01:00 to 2025-01-16T00:00:00+01:00", co24h["note"], StringComparison.Ordinal);
        Assert.Equal(("8.8", "kg"), Cells(csv.Single("load", "line-eu", "stack_co"), "value", "unit"));

        // Limits with their sources and marks; the confidence intervals subtracted.
        Assert.Equal(("200", "mg/m3", "200", "secondary", "every_average"), Cells(csv.Single("limit", "line-eu", "stack_nox", "day"), "value", "unit", "limit", "status", "rule"));
        Assert.Equal(("50", "verified", "97_percent_of_days_per_year"), Cells(csv.Single("limit", "line-eu", "stack_co", "day"), "value", "status", "rule"));
        Assert.Contains("IED 2010/75/EU Annex VI Part 3", csv.Single("limit", "line-eu", "stack_nox", "day")["note"], StringComparison.Ordinal);
        Assert.Equal("40", csv.Single("confidence_interval", "line-eu", "stack_nox")["value"]);
        Assert.Equal("5", csv.Single("confidence_interval", "line-eu", "stack_co")["value"]);

        // The configuration that produced the values is the registry's today.
        var config = Assert.Single(csv.Where("config", "line-eu"));
        Assert.Equal((fixture.EuConfiguration, "current", "2025-01-15T00:00:00+01:00", "2025-01-16T00:00:00+01:00"), Cells(config, "note", "result", "start", "end"));

        // Japan, on its own calendar (JST) and hours, no CI: 250 ppm NOx = 250 × 46.0055 / 22.41397 = 513.1342 mg/m³.
        Assert.Equal(("250", "ppm", "513.1342", "verified"), Cells(csv.Single("limit", "line-jp", "stack_nox", "1h"), "value", "unit", "limit", "status"));
        Assert.Equal(("40", "permit", "permit 2019-0412 §3"), Cells(csv.Single("limit", "line-jp", "stack_dust", "1h"), "value", "status", "note"));
        Assert.Equal(22, csv.Where("average", "line-jp", "stack_nox", "1h").Count);
        Assert.Equal(("2025-01-15T10:00:00+09:00", "520", "513.1342"), Cells(csv.Single("exceedance", "line-jp", "stack_nox"), "start", "value", "limit"));
        Assert.Equal(("2025-01-15T05:00:00+09:00", "45", "40"), Cells(csv.Single("exceedance", "line-jp", "stack_dust"), "start", "value", "limit"));
        Assert.Equal(
            [("2025-01-15T03:00:00+09:00", "malfunction", "1"), ("2025-01-15T04:00:00+09:00", "no_data", "1")],
            csv.Where("invalid", "line-jp", "stack_nox").Select(r => Cells(r, "start", "status", "count")));
        Assert.Equal(("119.0909", "", "no_limit", "22", "24"), Cells(csv.Single("average", "line-jp", "stack_nox", "day"), "value", "limit", "result", "count", "of"));
        Assert.Equal(("22", "24", "0.9167"), Cells(csv.Single("availability", "line-jp", "stack_nox"), "count", "of", "share"));
        Assert.Equal(("33", "2.4"), (csv.Single("load", "line-jp", "stack_nox")["value"], csv.Single("load", "line-jp", "stack_dust")["value"]));
        Assert.Equal(("11.4583", "no_limit"), Cells(csv.Single("average", "line-jp", "stack_dust", "day"), "value", "result"));

        // Japan has no daily limits, no column A, no discard count: only EN 17255-1's qualifying period is counted.
        Assert.Equal(["days_without_qualifying_period"], csv.Where("compliance", "line-jp", "stack_nox").Select(r => r["rule"]));
    }

    [Fact]
    public async Task A_day_as_text_is_a_printable_document_with_aligned_tables()
    {
        var run = await fixture.ReportAsync("--station", EmissionReportFixture.Station, "--day", "2025-01-15", "--stack", "line-eu");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var text = run.Stdout;
        Assert.StartsWith("EMISSION REPORT — Rhine Plant (rhine-plant), cologne / niehl\nPeriod: day 2025-01-15", text, StringComparison.Ordinal);
        Assert.Contains("== Stack line-eu — regime eu (EU waste incineration", text, StringComparison.Ordinal);
        Assert.DoesNotContain("line-jp", text, StringComparison.Ordinal);
        Assert.Contains($"Values produced by: {fixture.EuConfiguration} (2025-01-15 00:00 to 2025-01-16 00:00)\n", text, StringComparison.Ordinal);
        Assert.Contains("-- line-eu / stack_nox — confidence interval 40 mg/m³ subtracted --", text, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"\n  30m\s+2025-01-15 10:00\s+2025-01-15 10:30\s+410\s+400\s+every_average\n"), text);
        Assert.Matches(new Regex(@"\n  30m\s+2025-01-15 08:00\s+2025-01-15 09:30\s+maintenance\s+3\n"), text);
        Assert.Contains("Availability: 39 valid of 44 operating periods = 88.64 %\n", text, StringComparison.Ordinal);
        Assert.Contains("Load: 39 kg from 39 of 44 operating periods (88.64 % covered: a lower bound)\n", text, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"\n  valid half-hourly averages above column A\s+1\s+39\s+400\s+not_met\s+IED Annex VI Part 8 1\.1\(b\)\n"), text);
        Assert.Matches(new Regex(@"\n  day\s+2025-01-15 00:00\s+2025-01-16 00:00\s+115\.641\s+200\s+within\s+valid\s+39\s+44\n"), text);

        // The NOx half-hour table: the numbers stand right-aligned under their header.
        var lines = text.Split('\n');
        var header = Array.FindIndex(lines, l => l.StartsWith("Valid 30m averages", StringComparison.Ordinal)) + 1;
        var valueEnd = lines[header].IndexOf("value", StringComparison.Ordinal) + "value".Length;
        var rows = lines.Skip(header + 2).TakeWhile(l => l.StartsWith("  30m", StringComparison.Ordinal)).ToList();
        Assert.Equal(39, rows.Count);
        Assert.All(rows, r => Assert.Matches(new Regex(@"\d$"), r[..valueEnd]));
        Assert.All(rows, r => Assert.Equal(' ', r[valueEnd]));
    }

    [Fact]
    public async Task A_month_gives_its_daily_averages_the_monthly_average_and_the_rules_counted_so_far()
    {
        var csv = await CsvAsync("--station", EmissionReportFixture.Station, "--month", "2025-01");

        var days = csv.Where("average", "line-eu", "stack_nox", "day");
        Assert.Equal(31, days.Count);
        Assert.All(days, d => Assert.Equal(("valid", "within"), Cells(d, "status", "result")));
        Assert.Equal("115.641", Assert.Single(days, d => d["start"] == "2025-01-15T00:00:00+01:00")["value"]);
        Assert.Equal("100", days[0]["value"]);

        // EN 17255-1: the mean of the month's validated half-hours, (30 × 48 × 100 + 4510) / 1479 = 100.4124, over
        // 1479 × 0.5 h of the month's 744 h = 0.994 (at least 10 %).
        var month = csv.Single("average", "line-eu", "stack_nox", "month");
        Assert.Equal(("2025-01-01T00:00:00+01:00", "2025-02-01T00:00:00+01:00", "100.4124", "valid", "1479", "0.994"), Cells(month, "start", "end", "value", "status", "count", "share"));
        Assert.Equal(("1479", "1484", "0.9966"), Cells(csv.Single("availability", "line-eu", "stack_nox"), "count", "of", "share"));

        // CO on 01-20: 60 above the daily 50, listed as an exceedance of the 97 % limit; so far 30 of 31 days within: 0.9677 < 0.97.
        var coDay = Assert.Single(csv.Where("exceedance", "line-eu", "stack_co", "day"));
        Assert.Equal(("2025-01-20T00:00:00+01:00", "60", "50", "97_percent_of_days_per_year"), Cells(coDay, "start", "value", "limit", "rule"));
        Assert.Equal(("30", "31", "0.9677", "not_met"), Cells(csv.Single("compliance", "line-eu", "stack_co", rule: "co_daily_97_percent"), "count", "of", "share", "result"));

        // Windows of January: 31 × 144 = 4464 judged; 66 fail on the 15th and 72 on the 16th until the 12:00 window, the
        // last to hold all eight 200s among 144 values (8 > 7.2), and the 12:00 half-hour.
        Assert.Equal(("138", "4464", "not_met"), Cells(csv.Single("compliance", "line-eu", "stack_co", rule: "co_24h"), "count", "of", "result"));
        Assert.Contains("2025-01-15T13:10:00+01:00 to 2025-01-16T12:00:00+01:00", csv.Single("compliance", "line-eu", "stack_co", rule: "co_24h")["note"], StringComparison.Ordinal);

        // Japan: one day of 22 valid hours is 22 h of 744 h = 0.0296 of the month: below 10 %, no monthly average.
        var japan = csv.Single("average", "line-jp", "stack_nox", "month");
        Assert.Equal(("", "too_little_valid_time", "22", "0.0296"), Cells(japan, "value", "status", "count", "share"));
        Assert.Equal("2025-01-01T00:00:00+09:00", japan["start"]);
    }

    [Fact]
    public async Task A_year_counts_the_co_97_percent_share_at_its_boundary_and_the_discarded_days()
    {
        var output = Path.Combine(Path.GetTempPath(), $"airmon-report-{Guid.NewGuid():N}.csv");
        var run = await fixture.ReportAsync("--station", EmissionReportFixture.Station, "--year", "2025", "--format", "csv", "--output", output);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.Stdout);
        var csv = ReportCsv.Parse(await File.ReadAllTextAsync(output));
        File.Delete(output);

        // (d)(i): 100 valid CO days, 3 above 50: 97 of 100 = exactly 97 %, which is "at least 97 %": met.
        Assert.Equal(("97", "100", "0.97", "50", "met"), Cells(csv.Single("compliance", "line-eu", "stack_co", rule: "co_daily_97_percent"), "count", "of", "share", "limit", "result"));
        Assert.Equal(3, csv.Where("exceedance", "line-eu", "stack_co", "day").Count);

        // Part 8 1.1: NOx 02-03 and 02-04 had 6 half-hours discarded (more than five): 2 discarded days of the 10 allowed.
        Assert.Equal(("2", "10", "met"), Cells(csv.Single("compliance", "line-eu", "stack_nox", rule: "discarded_days"), "count", "of", "result"));
        var discarded = csv.Where("average", "line-eu", "stack_nox", "day").Where(d => d["status"] == "too_many_discarded").ToList();
        Assert.Equal(
            [("2025-02-03T00:00:00+01:00", "", "", "42", "48"), ("2025-02-04T00:00:00+01:00", "", "", "42", "48")],
            discarded.Select(d => Cells(d, "start", "value", "result", "count", "of")));

        // (a) 98 valid NOx days, none above 200; (b) 1 of 97 × 48 + 2 × 42 + 39 = 4779 half-hours above 400.
        Assert.Equal(("0", "98", "met"), Cells(csv.Single("compliance", "line-eu", "stack_nox", rule: "daily_limit"), "count", "of", "result"));
        Assert.Equal(("1", "4779", "not_met"), Cells(csv.Single("compliance", "line-eu", "stack_nox", rule: "half_hour_column_a"), "count", "of", "result"));

        // The year's average: (4777 × 100 + 410 + 400) / 4779 = 478510 / 4779 = 100.1276 over 2389.5 h of 8760 h = 0.2728.
        Assert.Equal(("100.1276", "valid", "4779", "0.2728"), Cells(csv.Single("average", "line-eu", "stack_nox", "year"), "value", "status", "count", "share"));

        // Its months: January as above; February's 26 × 48 + 2 × 42 half-hours of 672 h = 0.9911; March (29 days of its 743 h,
        // the daylight-saving change on the 30th) 0.9367; November 12 days of 720 h = 0.4.
        Assert.Equal(
            [("2025-01-01T00:00:00+01:00", "100.4124", "0.994"), ("2025-02-01T00:00:00+01:00", "100", "0.9911"), ("2025-03-01T00:00:00+01:00", "100", "0.9367"), ("2025-11-01T00:00:00+01:00", "100", "0.4")],
            csv.Where("average", "line-eu", "stack_nox", "month").Select(m => Cells(m, "start", "value", "share")));

        // CO: (96 × 48 × 20 + 3 × 48 × 60 + 1360) / 4796 = 21.3011; loads 4779 × 0.5 × 2 = 4779 kg NOx, 4796 × 0.5 × 0.4 = 959.2 kg CO.
        Assert.Equal("21.3011", csv.Single("average", "line-eu", "stack_co", "year")["value"]);
        Assert.Equal(("4779", "4796", "0.9965"), Cells(csv.Single("load", "line-eu", "stack_nox"), "value", "of", "share"));
        Assert.Equal("959.2", csv.Single("load", "line-eu", "stack_co")["value"]);
        Assert.Equal(("138", "14686"), Cells(csv.Single("compliance", "line-eu", "stack_co", rule: "co_24h"), "count", "of"));

        // The first two days were produced by an older configuration: both fingerprints, each with its span.
        Assert.Equal(
            [
                (EmissionReportFixture.OldConfiguration, "differs_from_registry", "2025-01-01T00:00:00+01:00", "2025-01-03T00:00:00+01:00"),
                (fixture.EuConfiguration, "current", "2025-01-03T00:00:00+01:00", "2025-11-13T00:00:00+01:00"),
            ],
            csv.Where("config", "line-eu").Select(c => Cells(c, "note", "result", "start", "end")));
    }

    [Fact]
    public async Task A_year_as_text_states_the_rules_with_their_verdicts()
    {
        var run = await fixture.ReportAsync("--station", EmissionReportFixture.Station, "--year", "2025", "--format", "text");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Matches(new Regex(@"\n  valid daily averages within the daily limit \(at least 97 %\)\s+97\s+100\s+97\.00 %\s+50\s+met\s+IED Annex VI Part 8 1\.1\(d\)\(i\)\n"), run.Stdout);
        Assert.Matches(new Regex(@"\n  discarded days \(more than 5 half-hours discarded\), at most 10 a year\s+2\s+10\s+met\s+IED Annex VI Part 8 1\.1\n"), run.Stdout);
        Assert.Matches(new Regex(@"\n  24 h windows \(rolling\) with neither 95 % of 10-minute nor all half-hours within\s+138\s+14686\s+not_met\s+IED Annex VI Part 8 1\.1\(d\)\(i\)\n"), run.Stdout);
        Assert.Contains("  Failed 24 h windows: the first ends 2025-01-15 13:10, the last 2025-01-16 12:00.\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Values produced by: {EmissionReportFixture.OldConfiguration} (2025-01-01 00:00 to 2025-01-03 00:00) — NOT the registry's configuration\n", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("airmon report emissions: no station 'nowhere' in {registry}", "--station", "nowhere", "--day", "2025-01-15")]
    [InlineData("airmon report emissions: station 'city-ambient' has no stacks in {registry}: only a plant station with stacks has emissions to report", "--station", "city-ambient", "--day", "2025-01-15")]
    [InlineData("airmon report emissions: station 'rhine-plant' has no stack 'line-9' (its stacks: line-eu, line-jp)", "--station", "rhine-plant", "--stack", "line-9", "--day", "2025-01-15")]
    [InlineData("--day '2025-13-01' is not a date of the form YYYY-MM-DD", "--station", "rhine-plant", "--day", "2025-13-01")]
    [InlineData("--month '2025-1' is not a date of the form YYYY-MM", "--station", "rhine-plant", "--month", "2025-1")]
    [InlineData("give one of --day, --month or --year, not --day and --month", "--station", "rhine-plant", "--day", "2025-01-15", "--month", "2025-01")]
    [InlineData("give one of --day, --month or --year", "--station", "rhine-plant")]
    public async Task Bad_arguments_are_refused_in_one_line(string expected, params string[] args)
    {
        var run = await fixture.ReportAsync(args);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal(expected.Replace("{registry}", fixture.RegistryPath, StringComparison.Ordinal), run.Stderr.Trim());
    }

    private async Task<ReportCsv> CsvAsync(params string[] args)
    {
        var run = await fixture.ReportAsync([.. args, "--format", "csv"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return ReportCsv.Parse(run.Stdout);
    }

    private static (string, string) Cells(IReadOnlyDictionary<string, string> row, string a, string b) => (row[a], row[b]);

    private static (string, string, string) Cells(IReadOnlyDictionary<string, string> row, string a, string b, string c) => (row[a], row[b], row[c]);

    private static (string, string, string, string) Cells(IReadOnlyDictionary<string, string> row, string a, string b, string c, string d) =>
        (row[a], row[b], row[c], row[d]);

    private static (string, string, string, string, string) Cells(IReadOnlyDictionary<string, string> row, string a, string b, string c, string d, string e) =>
        (row[a], row[b], row[c], row[d], row[e]);

    private static (string, string, string, string, string, string) Cells(IReadOnlyDictionary<string, string> row, string a, string b, string c, string d, string e, string f) =>
        (row[a], row[b], row[c], row[d], row[e], row[f]);
}
