using System.Text;
using System.Text.Json;
using AirMonitor.AirQuality.Alerts;
using AirMonitor.AirQuality.Indices;
using AirMonitor.Core.Contract;
using AirMonitor.Core.Stations;
using AirMonitor.Influx;
using AirMonitor.Ingest.Accounting;
using AirMonitor.Ingest.FleetHealth;
using AirMonitor.Ingest.Stations;
using AirMonitor.Testing;
using AirMonitor.Testing.Pipeline;
using static AirMonitor.Ingest.Tests.PlantFixture;

namespace AirMonitor.Ingest.Tests;

/// <summary>
/// The fleet dashboard (dashboards/airmon/fleet.json) and the stations map (stations-map.json): every panel's query runs
/// against a real InfluxDB holding known points, written as the ingest writes them (<see cref="StationDirectory"/>,
/// <see cref="SeqStatusWriter"/>, the InfluxDB alert sink, <see cref="DeviceStatusPoints"/>, <see cref="IngestCountersWriter"/>), after Grafana's substitution of the time range (the last
/// day) and the interval, and shows exactly the values the panel would. The points are placed back from the test's start,
/// as the panels ask InfluxDB about the time before <c>now()</c>.
/// </summary>
[Collection(PipelineServers.Name)]
public sealed class FleetDashboardQueryTests(PipelineFixture fixture) : IAsyncLifetime
{
    public const string FleetFile = "fleet.json";
    public const string MapFile = "stations-map.json";

    private const string Registry = """
        stations:
          - id: bkk-dindaeng
            name: Din Daeng (roadside)
            kind: roadside
            city: bangkok
            district: Din Daeng
            latitude: 13.7649
            longitude: 100.5503
            devices: [bkk-dindaeng-01]
            tags: {road: Din Daeng Road}
          - id: bkk-phayathai
            name: Phaya Thai (roadside)
            kind: roadside
            city: bangkok
            district: Phaya Thai
            latitude: 13.7803
            longitude: 100.5426
            devices: [bkk-phayathai-01]
          - id: yok-tsurumi-plant
            name: Tsurumi Incineration Plant
            kind: plant
            city: yokohama
            district: Tsurumi-ku
            latitude: 35.4878
            longitude: 139.6856
            devices: [yok-tsurumi-plant-01]
        """;

    private static readonly StationRegistry Stations = StationRegistry.Parse(Registry, "stations.yaml");
    private static readonly HttpClient Http = new();

    // To the millisecond, as InfluxDB keeps it.
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    /// <summary>The last whole hour's start, and the hour before it.</summary>
    private static readonly DateTimeOffset LastHour = new DateTimeOffset(Now.Year, Now.Month, Now.Day, Now.Hour, 0, 0, TimeSpan.Zero).AddHours(-1);
    private static readonly DateTimeOffset HourBefore = LastHour.AddHours(-1);

    private readonly string _database = $"fleet{Guid.NewGuid():N}"[..16];

    public async Task InitializeAsync()
    {
        await fixture.Influx.CreateDatabaseAsync(_database);
        using var content = new StringContent(string.Join('\n', Points().Select(LineProtocol.Format)), Encoding.UTF8);
        using var response = await Http.PostAsync(new Uri(fixture.Influx.Url, $"/write?db={_database}&precision=ms"), content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task DisposeAsync() => fixture.Influx.QueryRawAsync($"DROP DATABASE \"{_database}\"");

    private static DateTimeOffset Ago(double minutes) => Now.AddMinutes(-minutes);

    private static KeyValuePair<string, string>[] TagsOf(string station) => [.. Stations.FindStation(station)!.PointTags()];

    private static IEnumerable<InfluxPoint> Points()
    {
        // The stations as the ingest wrote them at a start ten days ago: the map asks for them whatever the time range.
        foreach (var point in StationDirectory.Points(Stations, Ago(10 * 24 * 60).ToUnixTimeMilliseconds()))
        {
            yield return point;
        }

        // Seq accounts: Din Daeng heard 2 minutes ago with 3 numbers missing and 4 settled late; Phaya Thai 90 minutes ago.
        yield return SeqStatusWriter.Point(new("bkk-dindaeng-01", 1, 10, 0, "", 0, 0, 0, 0), Ago(180).ToUnixTimeMilliseconds());
        yield return SeqStatusWriter.Point(new("bkk-dindaeng-01", 1, 50, 3, "20-22", 0, 4, 1, 0), Ago(2).ToUnixTimeMilliseconds());
        yield return SeqStatusWriter.Point(new("bkk-phayathai-01", 1, 7, 0, "", 0, 0, 0, 0), Ago(300).ToUnixTimeMilliseconds());
        yield return SeqStatusWriter.Point(new("bkk-phayathai-01", 1, 9, 0, "", 2, 0, 0, 0), Ago(90).ToUnixTimeMilliseconds());

        // Alert events: Phaya Thai offline since 80 minutes ago; Din Daeng's offline episode over; Din Daeng's PM sensor stuck,
        // Phaya Thai's faulty episode over; InfluxDB at its series limit for the ingest; a station's PM rule (not a fleet rule).
        yield return Event("device-offline", "bkk-phayathai", "bkk-phayathai-01", AlertState.Firing, AlertSeverity.Warning, "silence_s", "latest", Ago(80), Ago(80), 900, 600);
        yield return Event("device-offline", "bkk-dindaeng", "bkk-dindaeng-01", AlertState.Firing, AlertSeverity.Warning, "silence_s", "latest", Ago(200), Ago(200), 700, 600);
        yield return Event("device-offline", "bkk-dindaeng", "bkk-dindaeng-01", AlertState.Resolved, AlertSeverity.Warning, "silence_s", "latest", Ago(170), Ago(200), 0, 600);
        yield return Event("sensor-stuck", "bkk-dindaeng", "bkk-dindaeng-01/pms5003", AlertState.Firing, AlertSeverity.Warning, "stuck", "1h", Ago(60), Ago(60), 1, 0);
        yield return Event("sensor-faulty", "bkk-phayathai", "bkk-phayathai-01/pms5003", AlertState.Firing, AlertSeverity.Warning, "faulty_share", "1h", Ago(240), Ago(240), 0.6, 0.5);
        yield return Event("sensor-faulty", "bkk-phayathai", "bkk-phayathai-01/pms5003", AlertState.Resolved, AlertSeverity.Warning, "faulty_share", "1h", Ago(120), Ago(240), 0.1, 0.5);
        yield return Event("influx-limit", "ingest-a", "bkk-dindaeng-01", AlertState.Firing, AlertSeverity.Critical, "deferred", "latest", Ago(30), Ago(30), 12, 0);
        yield return Event("th-pm25-24h-standard", "bkk-dindaeng", "bkk-dindaeng", AlertState.Firing, AlertSeverity.Warning, "pm2_5", "24h", Ago(45), Ago(45), 40, 37.5);

        // Device statuses: Din Daeng's outbox draining from 40 to 12 while its climate sensor starts failing; Phaya Thai's clock
        // not synchronised, then its will (offline, nothing else); an unregistered device with an empty outbox.
        foreach (var point in Statuses())
        {
            yield return point;
        }

        // One replica's counters a minute apart, then after a restart (from 0 again): 120 messages stored and 6 rejected
        // (5 samples out of range, 1 malformed) in the minute between the first two.
        yield return IngestCountersWriter.Point("ingest-a", Counts(("stored", 100), ("rejected", 4), ("deferred", 0)),
            Counts(("out_of_range", 3), ("malformed", 1)), Counts(), Ago(3).ToUnixTimeMilliseconds());
        yield return IngestCountersWriter.Point("ingest-a", Counts(("stored", 220), ("rejected", 10), ("deferred", 0)),
            Counts(("out_of_range", 8), ("malformed", 2)), Counts(("malformed", 1)), Ago(2).ToUnixTimeMilliseconds());
        yield return IngestCountersWriter.Point("ingest-a", Counts(("stored", 60)), Counts(), Counts(), Ago(1).ToUnixTimeMilliseconds());

        // Readings: Din Daeng's PM sensor with 2 of 5 readings flagged, its climate sensor with 1 of 2; a plant analyser's
        // reading in maintenance.
        foreach (var (minutes, flags) in new (double Minutes, string? Flags)[] { (50, null), (40, "warmup"), (30, "warmup"), (20, null), (10, null) })
        {
            yield return Reading("air", "bkk-dindaeng", "bkk-dindaeng-01", "pms5003", Ago(minutes), flags, ("pm2_5", 30));
        }

        yield return Reading("air", "bkk-dindaeng", "bkk-dindaeng-01", "bme280", Ago(50), null, ("humidity", 70));
        yield return Reading("air", "bkk-dindaeng", "bkk-dindaeng-01", "bme280", Ago(40), "crc_error", ("humidity", 70));
        yield return Reading("emission", "yok-tsurumi-plant", "yok-tsurumi-plant-01", "stack-gas", Ago(20), "maintenance", ("stack_nox", 80));
        yield return Reading("emission", "yok-tsurumi-plant", "yok-tsurumi-plant-01", "stack-gas", Ago(10), null, ("stack_nox", 82));

        // Hourly means: Din Daeng's PM sensor over the last two hours, Phaya Thai's over the last one.
        yield return Hourly("bkk-dindaeng", "bkk-dindaeng-01", HourBefore, samples: 10, flagged: 2);
        yield return Hourly("bkk-dindaeng", "bkk-dindaeng-01", LastHour, samples: 12, flagged: 0);
        yield return Hourly("bkk-phayathai", "bkk-phayathai-01", LastHour, samples: 5, flagged: 7);

        // Indices: Din Daeng's moved from 120 to 160 (US) and 80 to 95 (Thai); Phaya Thai's 40 and 20; none at the plant.
        yield return Index("bkk-dindaeng", HourBefore, 120, 80);
        yield return Index("bkk-dindaeng", LastHour, 160, 95);
        yield return Index("bkk-phayathai", LastHour, 40, 20);
    }

    private static IEnumerable<InfluxPoint> Statuses()
    {
        static SensorStatusReport Sensor(string name, string state, long readings, string? error = null, params (string Code, long Count)[] faults) =>
            new(name, name, state, faults.ToDictionary(f => f.Code, f => f.Count), readings, error);

        var dindaeng = TagsOf("bkk-dindaeng");
        return
        [
            .. DeviceStatusPoints.Of(new DeviceStatus("bkk-dindaeng-01", DeviceStatus.Online, Ago(20).ToUnixTimeMilliseconds(), "1.4.0", 7200,
                new OutboxStatus(40, 0, 600), new ClockStatus(true, 0, 0), [Sensor("pms5003", "ok", 700), Sensor("bme280", "ok", 700)]),
                dindaeng, Ago(20).ToUnixTimeMilliseconds()),
            .. DeviceStatusPoints.Of(new DeviceStatus("bkk-dindaeng-01", DeviceStatus.Online, Ago(5).ToUnixTimeMilliseconds(), "1.4.0", 8100,
                new OutboxStatus(12, 0, 120.5), new ClockStatus(true, 0, 0),
                [Sensor("pms5003", "ok", 790), Sensor("bme280", "failing", 760, "crc_error: word 3", ("timeout", 1), ("crc_error", 3))]),
                dindaeng, Ago(5).ToUnixTimeMilliseconds()),
            .. DeviceStatusPoints.Of(new DeviceStatus("bkk-phayathai-01", DeviceStatus.Online, 0, "1.3.2", 60,
                new OutboxStatus(3, 0, 30), new ClockStatus(false, 7, 2), [Sensor("pms5003", "warming_up", 2)]),
                TagsOf("bkk-phayathai"), Ago(15).ToUnixTimeMilliseconds()),
            .. DeviceStatusPoints.Of(new DeviceStatus("bkk-phayathai-01", DeviceStatus.Offline, 0), TagsOf("bkk-phayathai"), Ago(4).ToUnixTimeMilliseconds()),
            .. DeviceStatusPoints.Of(new DeviceStatus("sim-07", DeviceStatus.Online, Ago(10).ToUnixTimeMilliseconds(), "1.4.0", 30,
                new OutboxStatus(0, 0), new ClockStatus(true, 0, 0), []), [], Ago(10).ToUnixTimeMilliseconds()),
        ];
    }

    private static Dictionary<string, double> Counts(params (string Key, double Count)[] counts) => counts.ToDictionary(c => c.Key, c => c.Count);

    private static InfluxPoint Reading(string measurement, string station, string device, string sensor, DateTimeOffset at, string? flags, (string Metric, double Value) value)
    {
        List<KeyValuePair<string, FieldValue>> fields = [new(value.Metric, value.Value)];
        if (flags is not null)
        {
            fields.Add(new("flags", flags));
        }

        return new(measurement, [.. TagsOf(station), new("device", device), new("sensor", sensor)], fields, at.ToUnixTimeMilliseconds());
    }

    private static InfluxPoint Hourly(string station, string device, DateTimeOffset hour, long samples, long flagged) => new(
        "air_hourly",
        [.. TagsOf(station), new("device", device), new("sensor", "pms5003")],
        [new("samples", samples), new("flagged", flagged), new("capture", samples / 12.0), new("stuck", false), new("pm2_5", 30.0)],
        hour.ToUnixTimeMilliseconds());

    private static InfluxPoint Index(string station, DateTimeOffset hour, long aqiUs, long aqiTh) => new(
        "air_index",
        [.. TagsOf(station)],
        [new("capture", 1.0), new("pm_sensors", 1L), new("pm2_5", 30.0), new("aqi_us", aqiUs), new("aqi_th", aqiTh)],
        hour.ToUnixTimeMilliseconds());

    public static TheoryData<string, string, string> Queries()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var file in new[] { FleetFile, MapFile })
        {
            foreach (var panel in Dashboard(file).RootElement.GetProperty("panels").EnumerateArray())
            {
                foreach (var target in panel.GetProperty("targets").EnumerateArray())
                {
                    data.Add(file, $"{panel.GetProperty("id").GetInt32()}{target.GetProperty("refId").GetString()}", target.GetProperty("query").GetString()!);
                }
            }
        }

        return data;
    }

    /// <summary>Every query of the two dashboards has its expected values here, so a query added without them fails.</summary>
    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Each_query_shows_the_known_values(string file, string query, string influxQl)
    {
        // The map's panels share their two queries: the maps and the table beside them show the same rows.
        var key = file == MapFile ? query[^1..] : query;
        var expected = file == FleetFile ? Fleet : Map;
        Assert.True(expected.TryGetValue(key, out var expect), $"no expected values for {file} query {query}: {influxQl}");
        expect(await QueryAsync(AsGrafanaWould(influxQl)));
    }

    private static readonly Dictionary<string, Action<IReadOnlyList<InfluxSeries>>> Fleet = new()
    {
        // Silent devices: Phaya Thai's device, offline since 80 minutes ago; not Din Daeng's, whose episode resolved.
        ["1A"] = series =>
        {
            var table = Assert.Single(series);
            Assert.Equal([Ago(80)], Times(table));
            Assert.Equal(["bkk-phayathai-01"], table.GetStrings("device"));
            Assert.Equal(["bkk-phayathai"], table.GetStrings("station"));
            Assert.Equal([900.0], table.GetDoubles("silent_s"));
            Assert.Equal([600.0], table.GetDoubles("limit_s"));
        },

        // Last seen: each device's newest seq account, at the time it was written.
        ["2A"] = series =>
        {
            Assert.Equal(["bkk-dindaeng-01", "bkk-phayathai-01"], series.Select(s => s.Tags["device"]));
            Assert.Equal([Ago(2)], Times(series[0]));
            Assert.Equal([50L], series[0].GetInt64s("last_seq"));
            Assert.Equal([Ago(90)], Times(series[1]));
            Assert.Equal([9L], series[1].GetInt64s("last_seq"));
        },

        // Seq accounts as last written.
        ["3A"] = series =>
        {
            Assert.Equal(["bkk-dindaeng-01", "bkk-phayathai-01"], series.Select(s => s.Tags["device"]));
            var dindaeng = series[0];
            Assert.Equal((3L, "20-22", 1L, 4L, 0L, 0L), (dindaeng.GetInt64(0, "missing"), dindaeng.GetString(0, "missing_ranges"), dindaeng.GetInt64(0, "gaps"),
                dindaeng.GetInt64(0, "late"), dindaeng.GetInt64(0, "repeats"), dindaeng.GetInt64(0, "unresolved")));
            Assert.Equal((0L, 2L), (series[1].GetInt64(0, "missing"), series[1].GetInt64(0, "repeats")));
        },

        // Missing seq numbers over time, each minute carrying the last account forward: Din Daeng's ends at 3.
        ["4A"] = series =>
        {
            Assert.Equal(["bkk-dindaeng-01", "bkk-phayathai-01"], series.Select(s => s.Tags["device"]));
            Assert.Equal<double?>(3.0, series[0].GetDoubles("missing")[^1]);
            Assert.Equal<double?>(0.0, series[1].GetDoubles("missing")[^1]);
            Assert.Contains<double?>(0.0, series[0].GetDoubles("missing")); // before the gap opened
        },

        // Behind: Din Daeng's 4 late numbers appear in the minute its account counted them; Phaya Thai had none.
        ["5A"] = series =>
        {
            Assert.Equal(["bkk-dindaeng-01", "bkk-phayathai-01"], series.Select(s => s.Tags["device"]));
            Assert.Equal([4.0], series[0].GetDoubles("late"));
            Assert.Equal([0.0], series[1].GetDoubles("late"));
        },

        // Sensors failing: Din Daeng's stuck PM sensor; not Phaya Thai's, whose faulty episode resolved.
        ["6A"] = series =>
        {
            var table = Assert.Single(series);
            Assert.Equal(["sensor-stuck"], table.GetStrings("rule"));
            Assert.Equal(["bkk-dindaeng-01/pms5003"], table.GetStrings("sensor"));
            Assert.Equal(["bkk-dindaeng"], table.GetStrings("station"));
            Assert.Equal([Ago(60)], Times(table));
        },

        // Flagged readings per measurement, device and sensor: sensors with none flagged are not listed.
        ["7A"] = series => Assert.Equal(
            [("air", "bkk-dindaeng-01", "bme280", 1L), ("air", "bkk-dindaeng-01", "pms5003", 2L), ("emission", "yok-tsurumi-plant-01", "stack-gas", 1L)],
            series.Select(s => (s.Name, s.Tags["device"], s.Tags["sensor"], Assert.Single(s.GetInt64s("flagged")) ?? -1))),

        // Kept and flagged readings of the hourly means.
        ["8A"] = series => Assert.Equal(
            [("bkk-dindaeng-01", 22L, 2L), ("bkk-phayathai-01", 5L, 7L)],
            series.Select(s => (s.Tags["device"], s.GetInt64(0, "kept") ?? -1, s.GetInt64(0, "flagged") ?? -1))),

        // Readings stored per hour: kept + flagged.
        ["9A"] = series =>
        {
            Assert.Equal(["bkk-dindaeng", "bkk-phayathai"], series.Select(s => s.Tags["station"]));
            Assert.Equal([(HourBefore, 12.0), (LastHour, 12.0)], Rows(series[0], "readings"));
            Assert.Equal([(LastHour, 12.0)], Rows(series[1], "readings"));
        },

        // The ingest's own alerts: InfluxDB's series limit; not the device and station rules.
        ["10A"] = series =>
        {
            var table = Assert.Single(series);
            Assert.Equal([Ago(30)], Times(table));
            Assert.Equal(["influx-limit"], table.GetStrings("rule"));
            Assert.Equal(["firing"], table.GetStrings("state"));
            Assert.Equal(["bkk-dindaeng-01"], table.GetStrings("subject"));
            Assert.Equal(["deferred"], table.GetStrings("metric"));
            Assert.Equal([12.0], table.GetDoubles("value"));
        },

        // Device status now: each device's latest status; Phaya Thai's is its will, which carries nothing but its state.
        ["11A"] = series =>
        {
            Assert.Equal(["bkk-dindaeng-01", "bkk-phayathai-01", "sim-07"], series.Select(s => s.Tags["device"]));
            var dindaeng = series[0];
            Assert.Equal(("online", "1.4.0", 12L, 120.5, true, 2L, 1L, 8100.0), (dindaeng.GetString(0, "state"), dindaeng.GetString(0, "firmware"),
                dindaeng.GetInt64(0, "outbox_depth"), dindaeng.GetDouble(0, "outbox_oldest_s"), dindaeng.GetBoolean(0, "clock_synchronized"),
                dindaeng.GetInt64(0, "sensors"), dindaeng.GetInt64(0, "sensors_failing"), dindaeng.GetDouble(0, "uptime_s")));
            Assert.Equal([Ago(4)], Times(series[1]));
            Assert.Equal(("offline", null, null), (series[1].GetString(0, "state"), series[1].GetInt64(0, "outbox_depth"), series[1].GetString(0, "firmware")));
            Assert.Equal(("online", 0L, 0.0, 0L), (series[2].GetString(0, "state"), series[2].GetInt64(0, "outbox_depth"), series[2].GetDouble(0, "outbox_oldest_s"), series[2].GetInt64(0, "sensors")));
        },

        // Outbox depth: Din Daeng's draining from 40 to 12; Phaya Thai's 3 before it went offline; the unregistered device's empty.
        ["12A"] = series =>
        {
            Assert.Equal(["bkk-dindaeng-01", "bkk-phayathai-01", "sim-07"], series.Select(s => s.Tags["device"]));
            Assert.Equal([40.0, 12.0], series[0].GetDoubles("outbox_depth"));
            Assert.Equal([3.0], series[1].GetDoubles("outbox_depth"));
            Assert.Equal([0.0], series[2].GetDoubles("outbox_depth"));
        },

        // Oldest unsent message: 10 minutes, then 2; 30 s; 0 for an empty outbox.
        ["13A"] = series =>
        {
            Assert.Equal(["bkk-dindaeng-01", "bkk-phayathai-01", "sim-07"], series.Select(s => s.Tags["device"]));
            Assert.Equal([600.0, 120.5], series[0].GetDoubles("outbox_oldest_s"));
            Assert.Equal([30.0], series[1].GetDoubles("outbox_oldest_s"));
            Assert.Equal([0.0], series[2].GetDoubles("outbox_oldest_s"));
        },

        // Clock not synchronised: Phaya Thai's, as its last status with a clock said (its will has none), at that status's time.
        ["14A"] = series =>
        {
            var table = Assert.Single(series);
            Assert.Equal(["bkk-phayathai-01"], table.GetStrings("device"));
            Assert.Equal([Ago(15)], Times(table));
            Assert.Equal((false, 7L, 2L), (table.GetBoolean(0, "synchronized"), table.GetInt64(0, "held"), table.GetInt64(0, "dropped")));
        },

        // Sensors failing by their device's word: Din Daeng's climate sensor in its latest status (it was ok before).
        ["15A"] = series =>
        {
            var table = Assert.Single(series);
            Assert.Equal([Ago(5)], Times(table));
            Assert.Equal(("bkk-dindaeng-01", "bme280", "bme280", "failing", 4L, "crc_error=3,timeout=1", "crc_error: word 3"),
                (table.GetString(0, "device"), table.GetString(0, "sensor"), table.GetString(0, "model"), table.GetString(0, "state"),
                 table.GetInt64(0, "faults"), table.GetString(0, "fault_counts"), table.GetString(0, "last_error")));
        },

        // Messages/s: 120 stored and 6 rejected in the minute between the first two points; the restart's drop is skipped
        // (deferred, 0 before and after it, stays 0).
        ["16A"] = series =>
        {
            var table = Assert.Single(series);
            Assert.Equal("ingest-a", table.Tags["replica"]);
            Assert.Equal([2.0, null], table.GetDoubles("stored"));
            Assert.Equal([0.1, null], table.GetDoubles("rejected").Select(v => v is { } rate ? Math.Round(rate, 9) : (double?)null));
            Assert.Equal([0.0, 0.0], table.GetDoubles("deferred"));
        },

        // Rejects/s by reason in the same minute: 5 out of range, 1 malformed.
        ["17A"] = series =>
        {
            var table = Assert.Single(series);
            Assert.Equal("ingest-a", table.Tags["replica"]);
            Assert.Single(table.Values);
            Assert.Equal(5 / 60.0, table.GetDouble(0, "non_negative_derivative_rejects_out_of_range") ?? double.NaN, 9);
            Assert.Equal(1 / 60.0, table.GetDouble(0, "non_negative_derivative_rejects_malformed") ?? double.NaN, 9);
        },
    };

    private static readonly Dictionary<string, Action<IReadOnlyList<InfluxSeries>>> Map = new()
    {
        // A: every registry station with its coordinates and name, written ten days before the time range.
        ["A"] = series => Assert.Equal(
            [("bkk-dindaeng", 13.7649, 100.5503, "Din Daeng (roadside)"), ("bkk-phayathai", 13.7803, 100.5426, "Phaya Thai (roadside)"),
             ("yok-tsurumi-plant", 35.4878, 139.6856, "Tsurumi Incineration Plant")],
            series.Select(s => (s.Tags["station"], s.GetDouble(0, "latitude") ?? double.NaN, s.GetDouble(0, "longitude") ?? double.NaN, s.GetString(0, "name")))),

        // B: each station's latest indices (Din Daeng's last hour, not the one before); the plant has none.
        ["B"] = series => Assert.Equal(
            [("bkk-dindaeng", 160L, 95L), ("bkk-phayathai", 40L, 20L)],
            series.Select(s => (s.Tags["station"], s.GetInt64(0, "aqi_us") ?? -1, s.GetInt64(0, "aqi_th") ?? -1))),
    };

    [Fact]
    public void The_maps_place_the_stations_by_the_queries_fields_and_colour_them_in_the_index_categories()
    {
        var panels = Dashboard(MapFile).RootElement.GetProperty("panels").EnumerateArray().ToList();
        var maps = panels.Where(p => p.GetProperty("type").GetString() == "geomap").ToList();
        Assert.Equal(["aqi_us", "aqi_th"], maps.Select(m => Layer(m).GetProperty("config").GetProperty("style").GetProperty("color").GetProperty("field").GetString()));
        foreach (var panel in panels)
        {
            // Joined on the tag both queries group by.
            var join = Assert.Single(panel.GetProperty("transformations").EnumerateArray());
            Assert.Equal(("joinByField", "station"), (join.GetProperty("id").GetString(), join.GetProperty("options").GetProperty("byField").GetString()));
            Assert.All(panel.GetProperty("targets").EnumerateArray(), t => Assert.EndsWith("GROUP BY \"station\"", t.GetProperty("query").GetString(), StringComparison.Ordinal));
        }

        foreach (var map in maps)
        {
            var location = Layer(map).GetProperty("location");
            Assert.Equal(("coords", "latitude", "longitude"), (location.GetProperty("mode").GetString(), location.GetProperty("latitude").GetString(), location.GetProperty("longitude").GetString()));
        }

        // The category colours and lower bounds of the indices (src/AirMonitor.AirQuality/Indices).
        var overrides = maps[0].GetProperty("fieldConfig").GetProperty("overrides").EnumerateArray()
            .ToDictionary(o => o.GetProperty("matcher").GetProperty("options").GetString()!, o => o.GetProperty("properties").EnumerateArray()
                .Single(p => p.GetProperty("id").GetString() == "thresholds").GetProperty("value").GetProperty("steps").EnumerateArray()
                .Select(s => (s.GetProperty("color").GetString(), s.GetProperty("value").ValueKind == JsonValueKind.Null ? 0 : s.GetProperty("value").GetInt32())).ToList());
        Assert.Equal([("#00E400", 0), ("#FFFF00", 51), ("#FF7E00", 101), ("#FF0000", 151), ("#8F3F97", 201), ("#7E0023", 301)], overrides["aqi_us"]);
        Assert.Equal([("#3BCCFF", 0), ("#92D050", 26), ("#FFFF00", 51), ("#FFA200", 101), ("#F04646", 201)], overrides["aqi_th"]);
        Assert.Equal(
            [UsAqi.Good.ColourHex, UsAqi.Moderate.ColourHex, UsAqi.UnhealthyForSensitiveGroups.ColourHex, UsAqi.Unhealthy.ColourHex, UsAqi.VeryUnhealthy.ColourHex, UsAqi.Hazardous.ColourHex],
            overrides["aqi_us"].Select(s => s.Item1));
        Assert.Equal(
            [ThaiAqi.VeryGood.ColourHex, ThaiAqi.Good.ColourHex, ThaiAqi.Moderate.ColourHex, ThaiAqi.StartingToAffectHealth.ColourHex, ThaiAqi.AffectingHealth.ColourHex],
            overrides["aqi_th"].Select(s => s.Item1));
    }

    private static JsonElement Layer(JsonElement map) => Assert.Single(map.GetProperty("options").GetProperty("layers").EnumerateArray());

    private Task<IReadOnlyList<InfluxSeries>> QueryAsync(string influxQl) =>
        new InfluxQueryClient(Http, new InfluxOptions { Url = fixture.Influx.Url.ToString(), Database = _database }).QueryAsync(influxQl);

    private static JsonDocument Dashboard(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "dashboards", "airmon", file)));

    // What Grafana substitutes: the last day as the time range, one-minute intervals. The dashboards have no variables.
    private static string AsGrafanaWould(string query) =>
        query.Replace("$timeFilter", "time > now() - 1d", StringComparison.Ordinal).Replace("$__interval", "1m", StringComparison.Ordinal);

    // The selectors give each point's own time.
    private static List<DateTimeOffset> Times(InfluxSeries series) => [.. Enumerable.Range(0, series.Values.Count).Select(series.GetTime)];

    private static List<(DateTimeOffset, double)> Rows(InfluxSeries series, string column) =>
        [.. Enumerable.Range(0, series.Values.Count).Select(r => (series.GetTime(r), series.GetDouble(r, column) ?? double.NaN))];
}
