using System.Globalization;
using System.Text;
using AirMonitor.Core.Contract;
using AirMonitor.Testing;
using AirMonitor.Testing.Pipeline;

namespace AirMonitor.Cli.Tests;

/// <summary>
/// A plant's day sent as its edge sends it (readings through Mosquitto), stored and derived by the ingest into InfluxDB, and
/// reported by <c>airmon report emissions</c>: the whole path, with a maintenance period and an exceedance.
/// </summary>
[Collection(PipelineServers.Name)]
public sealed class EmissionReportEndToEndTests(PipelineFixture fixture)
{
    private const string Device = "e2e-cems-01";
    private const long MinuteMs = 60_000;

    // 2025-03-10 00:00 in Berlin (CET, UTC+1); the day is sent with the next day's first hour, so it is complete.
    private static readonly long Day = DateTimeOffset.Parse("2025-03-09T23:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    [Fact]
    public async Task A_day_of_readings_through_MQTT_and_InfluxDB_is_reported_with_its_average_exceedance_maintenance_availability_and_load()
    {
        var directory = Directory.CreateTempSubdirectory("airmon-e2e-report-").FullName;
        var registry = Path.Combine(directory, "stations.yaml");
        await File.WriteAllTextAsync(registry, $$"""
            stations:
              - id: e2e-plant
                name: End-to-end plant
                kind: plant
                city: cologne
                district: niehl
                latitude: 50.98
                longitude: 6.96
                devices: [{{Device}}]
                stacks:
                  - {id: line-1, devices: [{{Device}}], regime: eu, time_zone: Europe/Berlin, flow: normal_dry}
            """);
        const string database = "e2ereport";
        await using var ingest = await fixture.StartIngestOnAsync(database,
            $"--Ingest:RegistryPath={registry}", "--Emissions:Interval=00:00:00.200", "--Validation:MaxAge=3650.00:00:00");

        foreach (var message in Messages())
        {
            await fixture.MosquittoPubAsync(Topics.Readings(Device), message);
        }

        await Poll.UntilAsync(
            async () => (await ingest.QueryAsync($"""SELECT "valid_periods" FROM "emission_daily" WHERE time = {Day}ms """)) is [var day] && day.GetInt64(0, "valid_periods") == 44,
            TimeSpan.FromSeconds(60), "the derived day");
        var run = await AirmonCommand.RunAsync(
            new Dictionary<string, string> { ["AIRMON_Influx__Url"] = fixture.Influx.Url.ToString(), ["AIRMON_Influx__Database"] = database },
            TimeSpan.FromSeconds(90),
            ["report", "emissions", "--registry", registry, "--station", "e2e-plant", "--day", "2025-03-10", "--format", "csv"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var csv = ReportCsv.Parse(run.Stdout);

        // IED Annex VI: 273.15 K, 101.3 kPa, dry, 11 % O2 (measured 11 %: factor 1). V_m = 22.41950 L/mol; NOx 100 ppm as NO2 =
        // 205.20305 mg/m³, less the CI (20 % of the daily 200, Part 6 1.3) = 165.20305; the exceedance half-hour, 250 ppm =
        // 513.00762, judged 473.00762 > column A 400 (Part 8 1.1(b)). Day: (43 · 165.20305 + 473.00762) / 44 = 172.19861.
        Assert.Equal(("172.1986", "200", "within", "valid", "44", "48"),
            Cells(csv.Single("average", "line-1", "stack_nox", "day"), "value", "limit", "result", "status", "count", "of"));
        var exceedance = csv.Single("exceedance", "line-1", "stack_nox");
        Assert.Equal(("30m", "2025-03-10T12:00:00+01:00", "473.0076", "400"), Cells(exceedance, "averaging", "start", "value", "limit"));

        // 08:00–10:00 in maintenance: 4 discarded half-hours (at most 5 keep the day valid, Part 8 1.1).
        Assert.Equal(("2025-03-10T08:00:00+01:00", "2025-03-10T10:00:00+01:00", "maintenance", "4"),
            Cells(Assert.Single(csv.Where("invalid", "line-1", "stack_nox")), "start", "end", "status", "count"));
        Assert.Equal(("44", "48", "0.9167"), Cells(csv.Single("availability", "line-1", "stack_nox"), "count", "of", "share"));

        // Mass from the unvalidated value and the dry flow at the regime's 101.3 kPa (100 000 × 101.325/101.3 m³/h):
        // 20.525369 kg/h at 100 ppm, 51.313423 at 250, stored to 4 decimals (20.5254, 51.3134); the load is summed from the
        // stored values: 0.5 h × (43 · 20.5254 + 51.3134) = 466.9528 kg (466.9521 from the unrounded masses).
        Assert.Equal(("466.9528", "kg"), Cells(csv.Single("load", "line-1", "stack_nox"), "value", "unit"));
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>One sample a minute of the CEMS (NOx ppm, O2 %, flow m³N/h dry) from the day's start for 25 h, packed by 1000.</summary>
    private static IEnumerable<string> Messages()
    {
        var samples = new List<string>();
        for (var ts = Day; ts < Day + (25 * 60 * MinuteMs); ts += MinuteMs)
        {
            var halfHour = (ts - Day) / (30 * MinuteMs);
            var nox = halfHour == 24 ? 250 : 100;
            var flags = halfHour is >= 16 and <= 19 ? $",\"flags\":[\"{QualityFlags.Maintenance}\"]" : "";
            samples.Add(string.Create(CultureInfo.InvariantCulture,
                $$"""{"ts":{{ts}},"sensor":"cems","values":{"stack_nox":{{nox}},"o2":11,"flow":100000}{{flags}}}"""));
        }

        return samples.Chunk(ReadingBatch.MaxSamples).Select((chunk, i) =>
            new StringBuilder().Append(CultureInfo.InvariantCulture, $$"""{"device":"{{Device}}","seq":{{i + 1}},"samples":[""").AppendJoin(',', chunk).Append("]}").ToString());
    }

    private static (string, string) Cells(IReadOnlyDictionary<string, string> row, string a, string b) => (row[a], row[b]);

    private static (string, string, string) Cells(IReadOnlyDictionary<string, string> row, string a, string b, string c) => (row[a], row[b], row[c]);

    private static (string, string, string, string) Cells(IReadOnlyDictionary<string, string> row, string a, string b, string c, string d) =>
        (row[a], row[b], row[c], row[d]);

    private static (string, string, string, string, string, string) Cells(IReadOnlyDictionary<string, string> row, string a, string b, string c, string d, string e, string f) =>
        (row[a], row[b], row[c], row[d], row[e], row[f]);
}
