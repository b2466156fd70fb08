using AirMonitor.AirQuality.Alerts;
using AirMonitor.AirQuality.Emissions;
using AirMonitor.Core.Stations;
using AirMonitor.Influx;
using AirMonitor.Ingest.Alerts.Sinks;
using AirMonitor.Ingest.Emissions;
using static AirMonitor.Ingest.Tests.PlantDashboardQueryTests;

namespace AirMonitor.Ingest.Tests;

/// <summary>
/// The known points of the plant dashboard's test: Tsurumi's stack line-1 (NOx and SO2, hourly, Japan) over seven hours
/// and two local days, its second stack line-2, Kanazawa's stack and an unregistered device as what the filters leave out.
/// </summary>
internal static class PlantFixture
{
    public static readonly KeyValuePair<string, string>[] Tsurumi =
        [new("station", "yok-tsurumi-plant"), new("kind", "plant"), new("city", "yokohama"), new("district", "Tsurumi-ku"), new("source", "waste-incineration")];

    public static readonly KeyValuePair<string, string>[] Kanazawa =
        [new("station", "yok-kanazawa-plant"), new("kind", "plant"), new("city", "yokohama"), new("district", "Kanazawa-ku"), new("source", "waste-incineration")];

    public static readonly KeyValuePair<string, string>[] Unregistered = [new("station", "rogue-stack-01"), new("kind", "unregistered")];

    public const string Config = "0123456789ab";

    public static IEnumerable<InfluxPoint> Points()
    {
        // Raw readings (emission): line-1's analyser, line-2's, Tsurumi's plant state, Kanazawa's and an unregistered device.
        yield return Reading(Tsurumi, "yok-tsurumi-plant-01", "stack-gas", H(0), ("stack_nox", 78), ("o2", 12));
        yield return Reading(Tsurumi, "yok-tsurumi-plant-01", "stack-gas", H(20 / 60.0), ("stack_nox", 82), ("o2", 12));
        yield return Reading(Tsurumi, "yok-tsurumi-plant-01", "stack-gas", H(40 / 60.0), ("stack_nox", 90), ("o2", 12));
        yield return Reading(Tsurumi, "yok-tsurumi-plant-01", "stack-gas", H(1), ("stack_nox", 100), ("o2", 12));
        yield return Reading(Tsurumi, "yok-tsurumi-plant-02", "stack-gas", H(0), ("stack_nox", 50));
        foreach (var (hour, state) in new[] { (-1.0, 1), (0, 2), (10 / 60.0, 2), (5, 3), (5.5, 0), (6, 2) })
        {
            yield return Reading(Tsurumi, "yok-tsurumi-plant-01", "plant-state", H(hour), ("plant_state", state));
        }

        yield return Reading(Kanazawa, "yok-kanazawa-plant-01", "stack-gas", H(0), ("stack_nox", 300));
        yield return Reading(Kanazawa, "yok-kanazawa-plant-01", "plant-state", H(0), ("plant_state", 2));
        yield return Reading(Unregistered, "rogue-stack-01", "stack-gas", H(0), ("stack_so2", 5));

        // line-1, hourly: NOx valid, valid, maintenance, valid (above the limit), malfunction, not operating, valid.
        var nox = new (string Status, double Raw, double? Standardised, double? Judged)[]
        {
            ("valid", 80, 160, 150), ("valid", 90, 180, 170), ("maintenance", 85, null, null), ("valid", 100, 210, 205),
            ("malfunction", 40, null, null), ("not_operating", 5, null, null), ("valid", 70, 150, 140),
        };
        for (var hour = 0; hour < nox.Length; hour++)
        {
            var (status, raw, standardised, judged) = nox[hour];
            var operating = status != "not_operating";
            yield return Channel(Tsurumi, "line-1", "stack_nox", "1h", H(hour), status, operating, raw);
            yield return Pollutant(Tsurumi, "line-1", "stack_nox", "1h", H(hour), status, operating, standardised, judged);
            var so2 = operating ? "valid" : "not_operating";
            yield return Channel(Tsurumi, "line-1", "stack_so2", "1h", H(hour), so2, operating, 7);
            yield return Pollutant(Tsurumi, "line-1", "stack_so2", "1h", H(hour), so2, operating, operating ? 20 : null, operating ? 20 : null);
        }

        yield return Channel(Tsurumi, "line-1", "o2", "1h", H(0), "valid", true, 12);
        yield return Pollutant(Tsurumi, "line-1", "stack_nox", "10m", H(0), "valid", true, 999, 999);
        yield return Pollutant(Tsurumi, "line-1", "stack_nox", "10m", H(1), "function_check", true, null, null);
        yield return Channel(Tsurumi, "line-2", "stack_nox", "1h", H(0), "valid", true, 30);
        yield return Pollutant(Tsurumi, "line-2", "stack_nox", "1h", H(0), "valid", true, 60, 55);
        yield return Pollutant(Kanazawa, "k-1", "stack_nox", "1h", H(0), "valid", true, 400, 390);
        yield return Pollutant(Kanazawa, "k-1", "stack_hcl", "1h", H(0), "valid", true, 30, 30);

        // Days: line-1's NOx valid on 1 March and too short a valid time on 2 March; SO2 valid on 2 March.
        yield return Day(Tsurumi, "line-1", "stack_nox", Day1, "valid", 150.5, valid: 20, invalid: 1, operating: 21, availability: 0.9524, load: 12.5);
        yield return Day(Tsurumi, "line-1", "stack_nox", Day2, "too_short_valid_time", null, valid: 4, invalid: 2, operating: 6, availability: 0.6667, load: 3.2);
        yield return Day(Tsurumi, "line-1", "stack_so2", Day2, "valid", 20, valid: 6, invalid: 0, operating: 6, availability: 1, load: 0.8);
        yield return Day(Tsurumi, "line-2", "stack_nox", Day2, "too_short_valid_time", null, valid: 1, invalid: 0, operating: 1, availability: 1, load: 0.1);
        yield return Day(Kanazawa, "k-1", "stack_nox", Day2, "too_short_valid_time", null, valid: 1, invalid: 1, operating: 2, availability: 0.5, load: 0.2);

        // Alert events: line-1's limit episode (hours 3 to 6), malfunction episode (hour 4 to hour 6), its invalid day;
        // line-2's limit episode; Kanazawa's; and a health rule at Tsurumi.
        foreach (var point in Episode("emission-limit", "yok-tsurumi-plant", "yok-tsurumi-plant/line-1/stack_nox/1h", AlertSeverity.Critical, "stack_nox", "1h", H(4), H(7), 205, 140, 200))
        {
            yield return point;
        }

        foreach (var point in Episode("analyser-malfunction", "yok-tsurumi-plant", "yok-tsurumi-plant/line-1/stack_nox", AlertSeverity.Warning, "stack_nox", "1h", H(5), H(7), 1, 0, 0))
        {
            yield return point;
        }

        yield return Event("emission-day-invalid", "yok-tsurumi-plant", "yok-tsurumi-plant/line-1/stack_nox", AlertState.Firing, AlertSeverity.Warning, "stack_nox", "day", Day2.AddDays(1), Day2.AddDays(1), 0, 0);
        foreach (var point in Episode("emission-limit", "yok-tsurumi-plant", "yok-tsurumi-plant/line-2/stack_nox/1h", AlertSeverity.Critical, "stack_nox", "1h", H(2), H(3), 250, 100, 200))
        {
            yield return point;
        }

        yield return Event("emission-limit", "yok-kanazawa-plant", "yok-kanazawa-plant/k-1/stack_nox/1h", AlertState.Firing, AlertSeverity.Critical, "stack_nox", "1h", H(1), H(1), 390, 250);
        yield return Event("device-offline", "yok-tsurumi-plant", "yok-tsurumi-plant-01", AlertState.Firing, AlertSeverity.Warning, "silence_s", "", H(3), H(3), 900, 600);
        yield return Event("device-offline", "yok-tsurumi-plant", "yok-tsurumi-plant-01", AlertState.Resolved, AlertSeverity.Warning, "silence_s", "", H(3.5), H(3), 0, 600);
    }

    private static InfluxPoint Reading(KeyValuePair<string, string>[] station, string device, string sensor, DateTimeOffset at, params (string Metric, double Value)[] values) =>
        new("emission", [.. station, new("device", device), new("sensor", sensor)], [.. values.Select(v => new KeyValuePair<string, FieldValue>(v.Metric, v.Value))], at.ToUnixTimeMilliseconds());

    // As StackDerivation writes them: status, valid, operating and the counts on every point; value on a channel's;
    // pollutant, config, dry, standardised, judged and mass on a pollutant's (the values absent on an invalid period).
    private static List<KeyValuePair<string, FieldValue>> Counts(string status, bool operating) =>
    [
        new("status", status),
        new("valid", status == "valid"),
        new("operating", operating),
        new("valid_count", status == "valid" ? 350L : 0L),
        new("excluded", status is "maintenance" or "malfunction" or "function_check" ? 360L : 0L),
        new("expected", 360L),
    ];

    private static InfluxPoint Channel(KeyValuePair<string, string>[] station, string stack, string channel, string period, DateTimeOffset start, string status, bool operating, double value) =>
        new("emission_sta", [.. station, new("stack", stack), new("channel", channel), new("period", period)], [.. Counts(status, operating), new("value", value)], start.ToUnixTimeMilliseconds());

    private static InfluxPoint Pollutant(
        KeyValuePair<string, string>[] station, string stack, string pollutant, string period, DateTimeOffset start, string status, bool operating, double? standardised, double? judged)
    {
        var fields = Counts(status, operating);
        fields.Add(new("config", Config));
        if (standardised is { } s)
        {
            fields.Add(new("dry", s * 0.9));
            fields.Add(new("standardised", s));
            fields.Add(new("mass", s * 0.05));
        }

        if (judged is { } j)
        {
            fields.Add(new("judged", j));
        }

        return new("emission_sta", [.. station, new("stack", stack), new("channel", pollutant + "_std"), new("period", period)], fields, start.ToUnixTimeMilliseconds());
    }

    private static InfluxPoint Day(
        KeyValuePair<string, string>[] station, string stack, string pollutant, DateTimeOffset start, string status, double? value, long valid, long invalid, long operating, double availability, double load)
    {
        var fields = new List<KeyValuePair<string, FieldValue>>
        {
            new("status", status),
            new("valid", status == "valid"),
            new("valid_periods", valid),
            new("discarded", 0L),
            new("invalid_periods", invalid),
            new("operating_periods", operating),
            new("config", Config),
        };
        if (value is { } v)
        {
            fields.Add(new("value", v));
        }

        fields.Add(new("availability", availability));
        fields.Add(new("load", load));
        fields.Add(new("load_covered", availability));
        return new("emission_daily", [.. station, new("stack", stack), new("channel", pollutant)], fields, start.ToUnixTimeMilliseconds());
    }

    private static IEnumerable<InfluxPoint> Episode(
        string rule, string station, string subject, AlertSeverity severity, string metric, string window, DateTimeOffset fired, DateTimeOffset resolved, double value, double clearValue, double threshold) =>
    [
        Event(rule, station, subject, AlertState.Firing, severity, metric, window, fired, fired, value, threshold),
        Event(rule, station, subject, AlertState.Resolved, severity, metric, window, resolved, fired, clearValue, threshold),
    ];

    // Through the ingest's own InfluxDB sink; the fleet dashboard's test writes its events with it too.
    internal static InfluxPoint Event(
        string rule, string station, string subject, AlertState state, AlertSeverity severity, string metric, string window, DateTimeOffset at, DateTimeOffset firingSince, double value, double threshold) =>
        InfluxAlertSink.Point(new AlertEvent(
            $"{rule}:{subject}:{firingSince.ToUnixTimeMilliseconds()}", rule, station, subject, state, severity, metric, window, at, firingSince, value, threshold, threshold,
            Late: false, NoticedAt: at.AddSeconds(30), Summary: $"{subject}: {rule} {(state == AlertState.Firing ? "firing" : "resolved")} ({value} against {threshold})"));
}

/// <summary>The fixture's derived points have the tags, fields and field types that <see cref="StackDerivation"/> writes.</summary>
public sealed class PlantDashboardFixtureSchemaTests
{
    private const string Registry = """
        stations:
          - id: yok-tsurumi-plant
            name: Tsurumi Incineration Plant
            kind: plant
            city: yokohama
            district: Tsurumi-ku
            latitude: 35.4878
            longitude: 139.6856
            devices: [yok-tsurumi-plant-01]
            tags: {source: waste-incineration}
            stacks:
              - id: line-1
                devices: [yok-tsurumi-plant-01]
                regime: japan
                flow: normal_dry
        """;

    [Fact]
    public void The_fixture_writes_what_the_stack_derivation_writes()
    {
        var station = Assert.Single(StationRegistry.Parse(Registry, "stations.yaml").Stations);
        var tags = station.PointTags().ToList();
        // Eight hours of one-minute readings: a valid day needs 6 h of valid hours (EN 17255-1), and only a valid day has its value.
        var (from, to) = (T0.ToUnixTimeMilliseconds(), T0.AddHours(8).ToUnixTimeMilliseconds());
        var readings = new List<StackReading>();
        for (var ts = from; ts < to; ts += 60_000)
        {
            readings.Add(new(ts, "yok-tsurumi-plant-01", "stack-gas", "stack_nox", 100, null));
            readings.Add(new(ts, "yok-tsurumi-plant-01", "stack-gas", "o2", 12, null));
            readings.Add(new(ts, "yok-tsurumi-plant-01", "stack-flow", "flow", 50_000, null));
            readings.Add(new(ts, "yok-tsurumi-plant-01", "plant-state", "plant_state", 2, null));
        }

        var periods = StackDerivation.Periods(station, tags, from, to, readings);
        var stored = periods.Periods.Select(p => new StoredPeriod(p.Stack, StackNames.Of(p.Period), p.Pollutant, p.StartMs, p.Average, p.MassKilogramsPerHour)).ToList();
        var days = StackDerivation.Days(station, tags, periods.Days, stored);
        var derived = periods.Points.Concat(days.Points).ToList();

        var fixture = PlantFixture.Points().Where(p => p.Measurement is "emission_sta" or "emission_daily" && p.Tags.Contains(new("station", "yok-tsurumi-plant"))).ToList();
        foreach (var group in fixture.GroupBy(Shape))
        {
            var like = derived.Where(p => Shape(p) == group.Key).ToList();
            Assert.True(like.Count > 0, $"the derivation wrote no {group.Key} point");
            Assert.Equal(like.SelectMany(TagKeys).ToHashSet(), group.SelectMany(TagKeys).ToHashSet());
            var fields = like.SelectMany(p => p.Fields).Select(f => (f.Key, f.Value.Kind)).ToHashSet();
            Assert.All(group.SelectMany(p => p.Fields).Select(f => (f.Key, f.Value.Kind)).Distinct(), f => Assert.Contains(f, fields));
        }
    }

    private static string Shape(InfluxPoint point) =>
        point.Measurement + (point.Measurement == "emission_sta" && point.Tags.Single(t => t.Key == "channel").Value.EndsWith("_std", StringComparison.Ordinal) ? " _std" : "");

    private static IEnumerable<string> TagKeys(InfluxPoint point) => point.Tags.Select(t => t.Key);
}
