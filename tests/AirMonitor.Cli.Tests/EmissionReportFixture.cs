using AirMonitor.AirQuality.Emissions;
using AirMonitor.Core.Stations;
using AirMonitor.Influx;
using AirMonitor.Testing.Pipeline;
using AirMonitor.Testing.Servers;

namespace AirMonitor.Cli.Tests;

/// <summary>
/// A real influxd holding a plant's derived series (<c>emission_sta</c> and <c>emission_daily</c>, docs/storage.md) as the
/// ingest writes them, for an EU stack (Europe/Berlin, CET, half-hours and CO 10-minute averages) and a Japan stack
/// (Asia/Tokyo, hours). Every value is chosen so the report's numbers can be worked out by hand; the tests cite them.
/// </summary>
/// <remarks>
/// EU stack <c>line-eu</c>, 100 days: 2025-01-01 to 03-29 and 11-01 to 11-12 (all CET, 48 half-hours: no daylight-saving day).
/// A plain day: NOx standardised 140 (validated 100: CI 20 % of 200 = 40), 2 kg/h; CO standardised 25 (validated 20: CI
/// 10 % of 50 = 5), 0.4 kg/h, its three 10-minute averages alike. CO days 01-20, 02-10, 03-05: standardised 65 (validated
/// 60, above the daily 50). NOx days 02-03, 02-04: 6 half-hours 08:00–11:00 in maintenance (a discarded day). The first two
/// days carry an older configuration fingerprint. The day 01-15 is described at <see cref="DetailDay"/>.
/// Japan stack <c>line-jp</c>: only 2025-01-15 (JST), described at <see cref="JapanDay"/>.
/// </remarks>
public sealed class EmissionReportFixture : IAsyncLifetime
{
    public const string Database = "report";
    public const string Station = "rhine-plant";
    public const string OldConfiguration = "a1b2c3d4e5f6";

    private static readonly TimeSpan Cet = TimeSpan.FromHours(1);
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);
    private static readonly DateOnly[] HighCoDays = [new(2025, 1, 20), new(2025, 2, 10), new(2025, 3, 5)];
    private static readonly DateOnly[] DiscardedNoxDays = [new(2025, 2, 3), new(2025, 2, 4)];
    private static readonly DateOnly DetailDayDate = new(2025, 1, 15);

    private const string RegistryYaml = """
        stations:
          - id: rhine-plant
            name: Rhine Plant
            kind: plant
            city: cologne
            district: niehl
            latitude: 50.98
            longitude: 6.96
            devices: [rhine-eu-01, rhine-jp-01]
            stacks:
              - id: line-eu
                devices: [rhine-eu-01]
                regime: eu
                time_zone: Europe/Berlin
              - id: line-jp
                devices: [rhine-jp-01]
                regime: japan
                limits:
                  - {pollutant: stack_dust, period: 1h, value: 40, unit: mg/m3, source: "permit 2019-0412 §3"}
          - id: city-ambient
            name: City Ambient
            kind: ambient
            city: cologne
            district: altstadt
            latitude: 50.94
            longitude: 6.96
            devices: [amb-01]
        """;

    private readonly List<InfluxPoint> _points = [];
    private string _directory = "";

    public InfluxServer Influx { get; } = new();

    public string RegistryPath => Path.Combine(_directory, "stations.yaml");

    /// <summary>The fingerprints the registry's stacks have today (<c>config</c> of every point but the EU stack's first two days).</summary>
    public string EuConfiguration { get; private set; } = "";

    public string JapanConfiguration { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("airmon-report-").FullName;
        await File.WriteAllTextAsync(RegistryPath, RegistryYaml);
        var stacks = StationRegistry.Parse(RegistryYaml, "stations.yaml").FindStation(Station)!.Stacks;
        EuConfiguration = StackRules.For(stacks[0]).Configuration.Fingerprint;
        JapanConfiguration = StackRules.For(stacks[1]).Configuration.Fingerprint;

        for (var d = new DateOnly(2025, 1, 1); d <= new DateOnly(2025, 3, 29); d = d.AddDays(1))
        {
            EuDay(d);
        }

        for (var d = new DateOnly(2025, 11, 1); d <= new DateOnly(2025, 11, 12); d = d.AddDays(1))
        {
            EuDay(d);
        }

        JapanDay();

        await Influx.StartAsync();
        await Influx.CreateDatabaseAsync(Database);
        using var http = new HttpClient();
        var writer = new InfluxWriteClient(http, new InfluxOptions { Url = Influx.Url.ToString(), Database = Database });
        foreach (var chunk in _points.Chunk(5000))
        {
            await writer.WriteAsync(chunk);
        }
    }

    public async Task DisposeAsync()
    {
        await Influx.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary><c>airmon report emissions …</c> against this database and registry, as a user runs it.</summary>
    public Task<AirmonRun> ReportAsync(params string[] args) =>
        AirmonCommand.RunAsync(
            new Dictionary<string, string> { ["AIRMON_Influx__Url"] = Influx.Url.ToString(), ["AIRMON_Influx__Database"] = Database },
            TimeSpan.FromSeconds(90),
            ["report", "emissions", "--registry", RegistryPath, .. args]);

    private void EuDay(DateOnly day)
    {
        if (day == DetailDayDate)
        {
            DetailDay();
            return;
        }

        var config = day < new DateOnly(2025, 1, 3) ? OldConfiguration : EuConfiguration;
        var start = Start(day, Cet);
        var co = HighCoDays.Contains(day) ? 65.0 : 25.0;
        var discarded = DiscardedNoxDays.Contains(day);
        for (var i = 0; i < 48; i++)
        {
            var halfHour = start + (i * HalfHourMs);
            var maintenance = discarded && i is >= 16 and < 22;
            Period("line-eu", "stack_nox", "30m", halfHour, maintenance ? "maintenance" : "valid", maintenance ? null : 140, 40, 2.0, config);
            Period("line-eu", "stack_co", "30m", halfHour, "valid", co, 5, 0.4, config);
            for (var k = 0; k < 3; k++)
            {
                Period("line-eu", "stack_co", "10m", halfHour + (k * TenMinutesMs), "valid", co, 5, 0.4, config);
            }
        }

        // emission_daily as the ingest writes it: the mean of the validated half-hours, counts, availability, load.
        Day("line-eu", "stack_nox", start, discarded ? "too_many_discarded" : "valid", discarded ? null : 100, discarded ? 42 : 48, discarded ? 6 : 0, discarded ? 6 : 0, 48, discarded ? 42 : 48, config);
        Day("line-eu", "stack_co", start, "valid", co - 5, 48, 0, 0, 48, 48 * 0.5 * 0.4, config);
    }

    /// <summary>
    /// EU 2025-01-15: 00:00–02:00 start-up (not operating: 4 half-hours neither valid nor invalid), so 44 operating half-hours.
    /// NOx: 08:00–09:30 maintenance (3), 14:00 malfunction, 14:30 function check: 5 discarded, still a valid day (IED Annex VI
    /// Part 8 1.1: no more than five); 10:00 standardised 450 (validated 410, above column A's 400), 10:30 440 (validated 400:
    /// equal, within); the other 37 valid ones 140 (100). CO: 10-minute averages 12:00–13:10 standardised 205 (validated 200,
    /// above 150), the others 25 (20); the half-hours are their means: 12:00 and 12:30 205 (200), 13:00 (205+205+25)/3 = 145 (140).
    /// </summary>
    private void DetailDay()
    {
        var start = Start(DetailDayDate, Cet);
        for (var i = 0; i < 48; i++)
        {
            var halfHour = start + (i * HalfHourMs);
            if (i < 4)
            {
                Period("line-eu", "stack_nox", "30m", halfHour, "not_operating", null, 40, null, EuConfiguration);
                Period("line-eu", "stack_co", "30m", halfHour, "not_operating", null, 5, null, EuConfiguration);
                for (var k = 0; k < 3; k++)
                {
                    Period("line-eu", "stack_co", "10m", halfHour + (k * TenMinutesMs), "not_operating", null, 5, null, EuConfiguration);
                }

                continue;
            }

            var (noxStatus, nox) = i switch
            {
                16 or 17 or 18 => ("maintenance", (double?)null),
                28 => ("malfunction", null),
                29 => ("function_check", null),
                20 => ("valid", 450),
                21 => ("valid", 440),
                _ => ("valid", 140),
            };
            Period("line-eu", "stack_nox", "30m", halfHour, noxStatus, nox, 40, 2.0, EuConfiguration);
            var tens = Enumerable.Range(0, 3).Select(k => (i * 3) + k is >= 72 and < 80 ? 205.0 : 25.0).ToArray();
            Period("line-eu", "stack_co", "30m", halfHour, "valid", tens.Average(), 5, 0.4, EuConfiguration);
            for (var k = 0; k < 3; k++)
            {
                Period("line-eu", "stack_co", "10m", halfHour + (k * TenMinutesMs), "valid", tens[k], 5, 0.4, EuConfiguration);
            }
        }

        // NOx: (37 × 100 + 410 + 400) / 39 = 4510 / 39 = 115.641; availability and load cover 39 of 44; 39 × 0.5 h × 2 kg/h = 39 kg.
        Day("line-eu", "stack_nox", start, "valid", 4510.0 / 39, 39, 5, 5, 44, 39, EuConfiguration);

        // CO: (41 × 20 + 200 + 200 + 140) / 44 = 1360 / 44 = 30.9091; 44 × 0.5 h × 0.4 kg/h = 8.8 kg.
        Day("line-eu", "stack_co", start, "valid", 1360.0 / 44, 44, 0, 0, 44, 8.8, EuConfiguration);
    }

    /// <summary>
    /// Japan 2025-01-15 (JST), 24 operating hours, no confidence interval. NOx: 03:00 malfunction, 04:00 no data, 10:00 520
    /// (above 250 ppm = 513.1342 mg/m³), the other 21 hours 100, 1.5 kg/h. Dust: 05:00 45 (above the permit's 40), the other
    /// 23 hours 10, 0.1 kg/h.
    /// </summary>
    private void JapanDay()
    {
        var start = Start(DetailDayDate, Jst);
        for (var h = 0; h < 24; h++)
        {
            var hour = start + (h * HourMs);
            var (status, nox) = h switch
            {
                3 => ("malfunction", (double?)null),
                4 => ("no_data", null),
                10 => ("valid", 520),
                _ => ("valid", 100),
            };
            Period("line-jp", "stack_nox", "1h", hour, status, nox, 0, 1.5, JapanConfiguration);
            Period("line-jp", "stack_dust", "1h", hour, "valid", h == 5 ? 45 : 10, 0, 0.1, JapanConfiguration);
        }

        // NOx (21 × 100 + 520) / 22 = 119.0909, 22 of 24 valid, 33 kg; dust (23 × 10 + 45) / 24 = 11.4583, 2.4 kg.
        Day("line-jp", "stack_nox", start, "valid", 2620.0 / 22, 22, 2, 2, 24, 33, JapanConfiguration);
        Day("line-jp", "stack_dust", start, "valid", 275.0 / 24, 24, 0, 0, 24, 2.4, JapanConfiguration);
    }

    private const long TenMinutesMs = 600_000;
    private const long HalfHourMs = 1_800_000;
    private const long HourMs = 3_600_000;

    private static long Start(DateOnly day, TimeSpan offset) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), offset).ToUnixTimeMilliseconds();

    private static List<KeyValuePair<string, string>> Tags(string stack, string channel) =>
        [new("station", Station), new("kind", "plant"), new("city", "cologne"), new("district", "niehl"), new("stack", stack), new("channel", channel)];

    /// <summary>A pollutant's <c>_std</c> point of <c>emission_sta</c>; the mass only on a valid period (an invalid analyser gives none).</summary>
    private void Period(string stack, string metric, string period, long startMs, string status, double? standardised, double ci, double? mass, string config)
    {
        var valid = status == "valid";
        var operating = status != "not_operating";
        var expected = period switch { "10m" => 60L, "30m" => 180L, _ => 360L };
        var fields = new List<KeyValuePair<string, FieldValue>>
        {
            new("status", status), new("valid", valid), new("operating", operating),
            new("valid_count", valid ? expected : 0L), new("excluded", valid ? 0L : expected), new("expected", expected),
            new("pollutant", true), new("config", config),
        };
        if (valid && standardised is { } s)
        {
            fields.Add(new("standardised", s));
            fields.Add(new("judged", Math.Max(0, s - ci)));
            if (mass is { } m)
            {
                fields.Add(new("mass", m));
            }
        }

        _points.Add(new InfluxPoint("emission_sta", [.. Tags(stack, metric + "_std"), new("period", period)], fields, startMs));
    }

    private void Day(string stack, string metric, long startMs, string status, double? value, int valid, int discarded, int invalid, int operating, double load, string config)
    {
        var fields = new List<KeyValuePair<string, FieldValue>>
        {
            new("status", status), new("valid", status == "valid"),
            new("valid_periods", (long)valid), new("discarded", (long)discarded), new("invalid_periods", (long)invalid), new("operating_periods", (long)operating),
            new("config", config), new("availability", Math.Round((double)valid / operating, 4)),
            new("load", load), new("load_covered", Math.Round((double)valid / operating, 4)),
        };
        if (value is { } v)
        {
            fields.Add(new("value", Math.Round(v, 4)));
        }

        _points.Add(new InfluxPoint("emission_daily", Tags(stack, metric), fields, startMs));
    }
}
