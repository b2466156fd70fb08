using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AirMonitor.AirQuality.Alerts;
using AirMonitor.Influx;
using AirMonitor.Ingest.Alerts.Sinks;
using AirMonitor.Testing;
using AirMonitor.Testing.Pipeline;

namespace AirMonitor.Ingest.Tests;

/// <summary>
/// The plant dashboard (dashboards/airmon/plant-stacks.json): every query of it, panels, annotations and variables, runs
/// against a real InfluxDB holding known emission, emission_sta, emission_daily and alert_event points, after Grafana's
/// substitution of the time range, the interval and the variables, and shows exactly the values the panel would.
/// The points have the tags, fields and field types the ingest writes (<see cref="PlantDashboardFixtureSchemaTests"/>).
/// </summary>
[Collection(PipelineServers.Name)]
public sealed partial class PlantDashboardQueryTests(PipelineFixture fixture) : IAsyncLifetime
{
    public const string FileName = "plant-stacks.json";

    /// <summary>The start of the first hour (2026-03-02 09:00 in Yokohama); hour n starts at <c>H(n)</c>.</summary>
    internal static readonly DateTimeOffset T0 = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    // The local days (Asia/Tokyo) of the Japanese stacks: 1 March and 2 March, each from its local midnight.
    internal static readonly DateTimeOffset Day1 = new(2026, 2, 28, 15, 0, 0, TimeSpan.Zero);
    internal static readonly DateTimeOffset Day2 = new(2026, 3, 1, 15, 0, 0, TimeSpan.Zero);

    // Grafana's time range: two days before T0 to one day after.
    private static readonly DateTimeOffset From = T0.AddDays(-2);
    private static readonly DateTimeOffset To = T0.AddDays(1);

    private static readonly HttpClient Http = new();

    private readonly string _database = $"plant{Guid.NewGuid():N}"[..16];

    /// <summary>The dashboard's choices: one plant, the stack line-1, NOx, the hour, a limit of 200 mg/m³, 30-minute intervals.</summary>
    private static readonly Selection Line1 = new("yok-tsurumi-plant", ["line-1"], "stack_nox", "1h", "200");

    internal static DateTimeOffset H(double hours) => T0.AddHours(hours);

    public async Task InitializeAsync()
    {
        await fixture.Influx.CreateDatabaseAsync(_database);
        using var content = new StringContent(string.Join('\n', PlantFixture.Points().Select(LineProtocol.Format)), Encoding.UTF8);
        using var response = await Http.PostAsync(new Uri(fixture.Influx.Url, $"/write?db={_database}&precision=ms"), content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task DisposeAsync() => fixture.Influx.QueryRawAsync($"DROP DATABASE \"{_database}\"");

    public static TheoryData<string, string> Queries()
    {
        var data = new TheoryData<string, string>();
        var dashboard = Dashboard().RootElement;
        foreach (var panel in dashboard.GetProperty("panels").EnumerateArray())
        {
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                data.Add($"{panel.GetProperty("id").GetInt32()}{target.GetProperty("refId").GetString()}", target.GetProperty("query").GetString()!);
            }
        }

        foreach (var annotation in dashboard.GetProperty("annotations").GetProperty("list").EnumerateArray())
        {
            data.Add(annotation.GetProperty("name").GetString()!, annotation.GetProperty("target").GetProperty("query").GetString()!);
        }

        return data;
    }

    /// <summary>Every query of the dashboard has its expected values here, so a query added without them fails.</summary>
    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Each_query_shows_the_known_values(string query, string influxQl)
    {
        Assert.True(Expected.TryGetValue(query, out var expect), $"no expected values for the query {query}: {influxQl}");
        expect(await QueryAsync(Line1.Interpolate(influxQl)));
    }

    private static readonly Dictionary<string, Action<IReadOnlyList<InfluxSeries>>> Expected = new()
    {
        // Raw readings and raw averages. A: the readings' means per 30 minutes, by device; emission has no stack tag, so
        // line-2's device (yok-tsurumi-plant-02) is there too. Kanazawa's and the unregistered device's are not.
        ["1A"] = series =>
        {
            Assert.Equal(["yok-tsurumi-plant-01", "yok-tsurumi-plant-02"], series.Select(s => s.Tags["device"]));
            Assert.Equal([(H(0), 80.0), (H(0.5), 90.0), (H(1), 100.0)], Doubles(series[0], "reading"));
            Assert.Equal([(H(0), 50.0)], Doubles(series[1], "reading"));
        },

        // B: the stack_nox channel's hourly raw averages of line-1, invalid ones too (kept for display).
        ["1B"] = series =>
        {
            var line1 = Assert.Single(series);
            Assert.Equal("line-1", line1.Tags["stack"]);
            Assert.Equal(Hours((0, 80.0), (1, 90.0), (2, 85.0), (3, 100.0), (4, 40.0), (5, 5.0), (6, 70.0)), Doubles(line1, "raw average"));
        },

        // Standardised and judged: only the valid hours have them; the 10-minute period (judged 999) is not shown.
        ["2A"] = series =>
        {
            var line1 = Assert.Single(series);
            Assert.Equal(Hours((0, 160.0), (1, 180.0), (3, 210.0), (6, 150.0)), Doubles(line1, "standardised"));
            Assert.Equal(Hours((0, 150.0), (1, 170.0), (3, 205.0), (6, 140.0)), Doubles(line1, "judged"));
        },

        // Judged averages against the limit: A the judged values, B the limit variable at every hour of the pollutant.
        ["3A"] = series => Assert.Equal(Hours((0, 150.0), (1, 170.0), (3, 205.0), (6, 140.0)), Doubles(Assert.Single(series), "judged")),
        ["3B"] = series => Assert.Equal(Hours((0, 200.0), (1, 200.0), (2, 200.0), (3, 200.0), (4, 200.0), (5, 200.0), (6, 200.0)), Doubles(Assert.Single(series), "limit")),

        // Limit exceedances: line-1's emission-limit episode, fired at the end of hour 3 and resolved at the end of hour 6.
        ["4A"] = series =>
        {
            var table = Assert.Single(series);
            Assert.Equal([H(4), H(7)], Times(table));
            Assert.Equal(["yok-tsurumi-plant/line-1/stack_nox/1h", "yok-tsurumi-plant/line-1/stack_nox/1h"], table.GetStrings("subject"));
            Assert.Equal(["firing", "resolved"], table.GetStrings("state"));
            Assert.Equal([205.0, 140.0], table.GetDoubles("value"));
            Assert.Equal([200.0, 200.0], table.GetDoubles("threshold"));
        },

        // Analyser status of NOx's hours by status, one query each: 4 valid, 1 not operating, 1 malfunction, 1 maintenance.
        ["5A"] = series => Assert.Equal(4, Count(series, "valid")),
        ["5B"] = series => Assert.Equal(1, Count(series, "not_operating")),
        ["5C"] = series => Assert.Empty(series), // no_data
        ["5D"] = series => Assert.Equal(1, Count(series, "malfunction")),
        ["5E"] = series => Assert.Equal(1, Count(series, "maintenance")),
        ["5F"] = series => Assert.Empty(series), // function_check: only the 10-minute period has one
        ["5G"] = series => Assert.Empty(series), // out_of_spec_or_not_measuring
        ["5H"] = series => Assert.Empty(series), // too_few_values

        // The status of each _std channel of line-1, hour by hour (not o2's raw channel, not the 10-minute period).
        ["6A"] = series =>
        {
            Assert.Equal([("line-1", "stack_nox_std"), ("line-1", "stack_so2_std")], series.Select(s => (s.Tags["stack"], s.Tags["channel"])));
            Assert.Equal(
                Hours((0, "valid"), (1, "valid"), (2, "maintenance"), (3, "valid"), (4, "malfunction"), (5, "not_operating"), (6, "valid")),
                Strings(series[0], "status"));
            Assert.Equal(
                Hours((0, "valid"), (1, "valid"), (2, "valid"), (3, "valid"), (4, "valid"), (5, "not_operating"), (6, "valid")),
                Strings(series[1], "status"));
        },

        // Plant state: the last plant_state of each 30 minutes (start-up, operating, shut-down, off, operating again).
        ["7A"] = series =>
        {
            var device = Assert.Single(series);
            Assert.Equal("yok-tsurumi-plant-01", device.Tags["device"]);
            Assert.Equal([(H(-1), 1.0), (H(0), 2.0), (H(5), 3.0), (H(5.5), 0.0), (H(6), 2.0)], Doubles(device, "plant_state"));
        },

        // B: the hours the derivation counted as operating.
        ["7B"] = series =>
        {
            var line1 = Assert.Single(series);
            Assert.Equal(Hours((0, true), (1, true), (2, true), (3, true), (4, true), (5, false), (6, true)), Booleans(line1, "operating"));
        },

        // Availability per local day, every pollutant of line-1 (not line-2's, not Kanazawa's).
        ["8A"] = series =>
        {
            Assert.Equal([("line-1", "stack_nox"), ("line-1", "stack_so2")], series.Select(s => (s.Tags["stack"], s.Tags["channel"])));
            Assert.Equal([(Day1, 0.9524), (Day2, 0.6667)], Doubles(series[0], "availability"));
            Assert.Equal([(Day2, 1.0)], Doubles(series[1], "availability"));
        },

        // Load per local day (kg).
        ["9A"] = series =>
        {
            Assert.Equal([("line-1", "stack_nox"), ("line-1", "stack_so2")], series.Select(s => (s.Tags["stack"], s.Tags["channel"])));
            Assert.Equal([(Day1, 12.5), (Day2, 3.2)], Doubles(series[0], "load"));
            Assert.Equal([(Day2, 0.8)], Doubles(series[1], "load"));
        },

        // Daily averages and validity: a valid day with its mean, an invalid one without (too short a valid time).
        ["10A"] = series =>
        {
            Assert.Equal([("line-1", "stack_nox"), ("line-1", "stack_so2")], series.Select(s => (s.Tags["stack"], s.Tags["channel"])));
            var nox = series[0];
            Assert.Equal([Day1, Day2], Times(nox));
            Assert.Equal([150.5, null], nox.GetDoubles("value"));
            Assert.Equal([true, false], [.. Enumerable.Range(0, 2).Select(r => nox.GetBoolean(r, "valid"))]);
            Assert.Equal(["valid", "too_short_valid_time"], nox.GetStrings("status"));
            Assert.Equal([20L, 4L], nox.GetInt64s("valid_periods"));
            Assert.Equal([0L, 0L], nox.GetInt64s("discarded"));
            Assert.Equal([1L, 2L], nox.GetInt64s("invalid_periods"));
            Assert.Equal([21L, 6L], nox.GetInt64s("operating_periods"));
            Assert.Equal([0.9524, 0.6667], nox.GetDoubles("availability"));
            Assert.Equal([12.5, 3.2], nox.GetDoubles("load"));
            Assert.Equal([0.9524, 0.6667], nox.GetDoubles("load_covered"));
            Assert.Equal([20.0], series[1].GetDoubles("value"));
            Assert.Equal(["valid"], series[1].GetStrings("status"));
        },

        // Annotations: the plant rules' events of line-1 only (not line-2's, not Kanazawa's, not device-offline).
        ["Emission limit exceeded"] = series => AssertEvents(series, (H(4), "emission-limit", "critical", "yok-tsurumi-plant/line-1/stack_nox/1h")),
        ["Analyser malfunction"] = series => AssertEvents(series, (H(5), "analyser-malfunction", "warning", "yok-tsurumi-plant/line-1/stack_nox")),
        ["Emission day invalid"] = series => AssertEvents(series, (Day2.AddDays(1), "emission-day-invalid", "warning", "yok-tsurumi-plant/line-1/stack_nox")),
        ["Plant alerts resolved"] = series => AssertEvents(
            series, (H(7), "analyser-malfunction", "warning", "yok-tsurumi-plant/line-1/stack_nox"), (H(7), "emission-limit", "critical", "yok-tsurumi-plant/line-1/stack_nox/1h")),
    };

    [Fact]
    public async Task All_stacks_add_line_2_to_the_stack_panels_and_annotations()
    {
        var all = Line1 with { Stacks = null };

        var judged = await QueryAsync(all.Interpolate(Target(3, "A")));
        Assert.Equal(["line-1", "line-2"], judged.Select(s => s.Tags["stack"]));
        Assert.Equal(Hours((0, 55.0)), Doubles(judged[1], "judged"));

        var statuses = await QueryAsync(all.Interpolate(Target(6, "A")));
        // InfluxDB orders the series by their tags' keys: channel, then stack.
        Assert.Equal([("line-1", "stack_nox_std"), ("line-2", "stack_nox_std"), ("line-1", "stack_so2_std")], statuses.Select(s => (s.Tags["stack"], s.Tags["channel"])));

        var days = await QueryAsync(all.Interpolate(Target(8, "A")));
        Assert.Equal([(Day2, 1.0)], Doubles(Assert.Single(days, s => s.Tags["stack"] == "line-2"), "availability"));

        AssertEvents(
            await QueryAsync(all.Interpolate(Annotation("Emission limit exceeded"))),
            (H(2), "emission-limit", "critical", "yok-tsurumi-plant/line-2/stack_nox/1h"),
            (H(4), "emission-limit", "critical", "yok-tsurumi-plant/line-1/stack_nox/1h"));

        // Both stacks chosen one by one: Grafana's (a|b).
        var both = Line1 with { Stacks = ["line-1", "line-2"] };
        Assert.Equal(["line-1", "line-2"], (await QueryAsync(both.Interpolate(Target(3, "A")))).Select(s => s.Tags["stack"]));
    }

    [Fact]
    public async Task Another_pollutant_and_period_and_limit_change_the_period_panels()
    {
        var so2 = Line1 with { Pollutant = "stack_so2", Limit = "50.5" };
        var limit = await QueryAsync(so2.Interpolate(Target(3, "B")));
        Assert.Equal(Hours((0, 50.5), (1, 50.5), (2, 50.5), (3, 50.5), (4, 50.5), (5, 50.5), (6, 50.5)), Doubles(Assert.Single(limit), "limit"));
        Assert.Equal(6, Count(await QueryAsync(so2.Interpolate(Target(5, "A"))), "valid"));

        var tenMinutes = Line1 with { Period = "10m" };
        Assert.Equal(Hours((0, 999.0)), Doubles(Assert.Single(await QueryAsync(tenMinutes.Interpolate(Target(3, "A")))), "judged"));
        Assert.Equal(1, Count(await QueryAsync(tenMinutes.Interpolate(Target(5, "F"))), "function_check"));
    }

    [Fact]
    public async Task The_variables_offer_the_plants_their_stacks_pollutants_and_periods()
    {
        // station: plants only (kind plant): not the unregistered device writing stack gases.
        Assert.Equal(["yok-kanazawa-plant", "yok-tsurumi-plant"], await VariableAsync("station", Line1));
        Assert.Equal(["line-1", "line-2"], await VariableAsync("stack", Line1 with { Stacks = null }));

        // pollutant: the _std channels, their names without _std (the variable's regex): not o2, not Kanazawa's HCl.
        Assert.Equal(["stack_nox", "stack_so2"], await VariableAsync("pollutant", Line1 with { Stacks = null }));
        Assert.Equal(["stack_nox"], await VariableAsync("pollutant", Line1 with { Stacks = ["line-2"] }));
        Assert.Equal(["10m", "1h"], await VariableAsync("period", Line1));

        var variables = Dashboard().RootElement.GetProperty("templating").GetProperty("list").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!);
        Assert.Equal("1h", variables["period"].GetProperty("current").GetProperty("value").GetString());
        Assert.Equal("textbox", variables["limit"].GetProperty("type").GetString());
        Assert.True(double.TryParse(variables["limit"].GetProperty("query").GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        Assert.All(SingleValued, v => Assert.False(variables[v].GetProperty("multi").GetBoolean(), $"{v} is one value: the queries put it in quotes"));
    }

    private static readonly string[] SingleValued = ["station", "pollutant", "period"];

    private async Task<IReadOnlyList<string>> VariableAsync(string name, Selection selection)
    {
        var variable = Dashboard().RootElement.GetProperty("templating").GetProperty("list").EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);
        var values = (await QueryAsync(selection.Interpolate(variable.GetProperty("query").GetString()!))).SelectMany(s => s.GetStrings("value")).Select(v => v!);
        if (variable.TryGetProperty("regex", out var regex) && regex.GetString() is { Length: > 0 } pattern)
        {
            // Grafana: a /regex/ with a capture group keeps the values that match, as the group's text.
            var re = new Regex(pattern[1..pattern.LastIndexOf('/')]);
            values = values.Select(v => re.Match(v)).Where(m => m.Success).Select(m => m.Groups[1].Value);
        }

        return [.. values.Distinct().Order(StringComparer.Ordinal)];
    }

    private Task<IReadOnlyList<InfluxSeries>> QueryAsync(string influxQl) =>
        new InfluxQueryClient(Http, new InfluxOptions { Url = fixture.Influx.Url.ToString(), Database = _database }).QueryAsync(influxQl);

    internal static JsonDocument Dashboard() => JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "dashboards", "airmon", FileName)));

    private static string Target(int panel, string refId) => Dashboard().RootElement.GetProperty("panels").EnumerateArray()
        .Single(p => p.GetProperty("id").GetInt32() == panel).GetProperty("targets").EnumerateArray()
        .Single(t => t.GetProperty("refId").GetString() == refId).GetProperty("query").GetString()!;

    private static string Annotation(string name) => Dashboard().RootElement.GetProperty("annotations").GetProperty("list").EnumerateArray()
        .Single(a => a.GetProperty("name").GetString() == name).GetProperty("target").GetProperty("query").GetString()!;

    private static void AssertEvents(IReadOnlyList<InfluxSeries> series, params (DateTimeOffset At, string Rule, string Severity, string Subject)[] expected)
    {
        var events = Assert.Single(series);
        Assert.Equal(expected.Select(e => e.At), Times(events));
        Assert.Equal(expected.Select(e => e.Rule), events.GetStrings("rule"));
        Assert.Equal(expected.Select(e => e.Severity), events.GetStrings("severity"));
        Assert.Equal(expected.Select(e => e.Subject), events.GetStrings("subject"));
        Assert.All(events.GetStrings("summary"), s => Assert.False(string.IsNullOrEmpty(s)));
    }

    private static long Count(IReadOnlyList<InfluxSeries> series, string column) => Assert.Single(Assert.Single(series).GetInt64s(column)) ?? 0;

    private static List<DateTimeOffset> Times(InfluxSeries series) => [.. Enumerable.Range(0, series.Values.Count).Select(series.GetTime)];

    // A null cell as NaN, which no expected value equals.
    private static List<(DateTimeOffset, double)> Doubles(InfluxSeries series, string column) =>
        [.. Enumerable.Range(0, series.Values.Count).Select(r => (series.GetTime(r), series.GetDouble(r, column) ?? double.NaN))];

    private static List<(DateTimeOffset, string)> Strings(InfluxSeries series, string column) =>
        [.. Enumerable.Range(0, series.Values.Count).Select(r => (series.GetTime(r), series.GetString(r, column) ?? "(null)"))];

    private static List<(DateTimeOffset, bool)> Booleans(InfluxSeries series, string column) =>
        [.. Enumerable.Range(0, series.Values.Count).Select(r => (series.GetTime(r), series.GetBoolean(r, column) ?? throw new InvalidOperationException($"row {r} has no {column}")))];

    private static List<(DateTimeOffset, T)> Hours<T>(params (double Hour, T Value)[] values) => [.. values.Select(v => (H(v.Hour), v.Value))];

    /// <summary>
    /// The dashboard's choices, and what Grafana makes of a query with them: the time range as <c>$timeFilter</c>, the
    /// interval, and each variable: a single value as it is, several as <c>(a|b)</c> (regex-escaped), "All" (null) as the
    /// variable's custom all value <c>.*</c>. A variable the dashboard does not define fails the test.
    /// </summary>
    private sealed partial record Selection(string Station, string[]? Stacks, string Pollutant, string Period, string Limit, string Interval = "30m")
    {
        public string Interpolate(string query) => Variable().Replace(query, m =>
        {
            var name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["plain"].Value;
            return name switch
            {
                "timeFilter" or "__timeFilter" => $"time >= {From.ToUnixTimeMilliseconds()}ms and time <= {To.ToUnixTimeMilliseconds()}ms",
                "__interval" => Interval,
                "station" => Station,
                "stack" => Stacks switch
                {
                    null => ".*",
                    [var one] => Regex.Escape(one),
                    _ => $"({string.Join('|', Stacks.Select(Regex.Escape))})",
                },
                "pollutant" => Pollutant,
                "period" => Period,
                "limit" => Limit,
                _ => throw new InvalidOperationException($"the query uses ${name}, which the test does not know: {query}"),
            };
        });

        [GeneratedRegex(@"\$\{(?<braced>\w+)(?::\w+)?\}|\$(?<plain>\w+)")]
        private static partial Regex Variable();
    }
}
