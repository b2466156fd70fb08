using System.Globalization;
using AirMonitor.Core.Contract;
using AirMonitor.Influx;
using AirMonitor.Ingest.FleetHealth;
using AirMonitor.Ingest.Observability;
using AirMonitor.Testing;
using AirMonitor.Testing.Pipeline;

namespace AirMonitor.Ingest.Tests;

/// <summary>
/// The devices' retained statuses and the ingest's own counters in InfluxDB, with the real Mosquitto, ingest and InfluxDB:
/// what <c>device_status</c>, <c>device_sensor</c> and <c>ingest</c> hold after statuses and readings are published with
/// Mosquitto's own client.
/// </summary>
[Collection(PipelineServers.Name)]
public sealed class DeviceStatusPipelineTests(PipelineFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static string NewDevice(string name) => $"{name}-{Guid.NewGuid():N}"[..24];

    [Fact]
    public async Task A_retained_status_is_written_with_its_values_and_a_malformed_one_is_not_while_others_go_on()
    {
        var (good, contractBreak, notJson, otherTopic, later) = (NewDevice("good"), NewDevice("contract"), NewDevice("notjson"), NewDevice("other"), NewDevice("later"));
        var at = DateTimeOffset.UtcNow.AddSeconds(-30).ToUnixTimeMilliseconds();
        var status = new DeviceStatus(good, DeviceStatus.Online, at, "1.4.0", 3600.5, new OutboxStatus(7, 1, 42.5), new ClockStatus(false, 5, 0),
        [
            new SensorStatusReport("pms5003", "pms5003", "ok", new Dictionary<string, long>(), 360),
            new SensorStatusReport("bme280", "bme280", "failing", new Dictionary<string, long> { ["crc_error"] = 3, ["timeout"] = 1 }, 300, "crc_error: word 3"),
        ]);
        try
        {
            // Retained before the ingest starts: it reads them when it subscribes.
            await fixture.MosquittoPubAsync(Topics.Status(good), System.Text.Encoding.UTF8.GetString(WireCodec.Encode(status)), retain: true);
            await fixture.MosquittoPubAsync(Topics.Status(contractBreak), $$"""{"device":"{{contractBreak}}","state":"asleep","at":0}""", retain: true);
            await fixture.MosquittoPubAsync(Topics.Status(notJson), "online", retain: true);
            await fixture.MosquittoPubAsync(Topics.Status(otherTopic), $$"""{"device":"{{good}}","state":"online","at":0}""", retain: true);
            await using var ingest = await fixture.StartIngestAsync("--Fleet:StatusMinInterval=00:00:01");

            // And one published while it runs, after the malformed ones.
            await fixture.MosquittoPubAsync(Topics.Status(later), $$"""{"device":"{{later}}","state":"offline","at":0}""", retain: true);

            var rows = await WaitForAsync(ingest, $"SELECT * FROM \"device_status\" WHERE \"device\" = '{good}'", 1);
            var point = Assert.Single(rows);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(at), point.GetTime(0));
            Assert.Equal(("online", "1.4.0", 3600.5, 7L, 1L, 42.5, false), (point.GetString(0, "state"), point.GetString(0, "firmware"), point.GetDouble(0, "uptime_s"),
                point.GetInt64(0, "outbox_depth"), point.GetInt64(0, "outbox_evicted"), point.GetDouble(0, "outbox_oldest_s"), point.GetBoolean(0, "outbox_failing")));
            Assert.Equal((false, 5L, 0L, 2L, 1L), (point.GetBoolean(0, "clock_synchronized"), point.GetInt64(0, "clock_held"), point.GetInt64(0, "clock_dropped"),
                point.GetInt64(0, "sensors"), point.GetInt64(0, "sensors_failing")));

            var sensors = await ingest.QueryAsync($"SELECT \"state\", \"faults\", \"fault_counts\", \"last_error\", \"readings\" FROM \"device_sensor\" WHERE \"device\" = '{good}' GROUP BY \"sensor\"");
            Assert.Equal(
                [("bme280", "failing", 4L, "crc_error=3,timeout=1", "crc_error: word 3", 300L), ("pms5003", "ok", 0L, "", null, 360L)],
                sensors.Select(s => (s.Tags["sensor"], s.GetString(0, "state"), s.GetInt64(0, "faults") ?? -1, s.GetString(0, "fault_counts"), s.GetString(0, "last_error"), s.GetInt64(0, "readings") ?? -1)));

            // The will has no time of its own: it is placed at its receipt.
            var offline = Assert.Single(await WaitForAsync(ingest, $"SELECT \"state\", \"outbox_depth\" FROM \"device_status\" WHERE \"device\" = '{later}'", 1));
            Assert.Equal("offline", offline.GetString(0, "state"));
            Assert.InRange(offline.GetTime(0), DateTimeOffset.UtcNow.AddSeconds(-30), DateTimeOffset.UtcNow);

            // Nothing of the malformed ones, each counted by its reason.
            Assert.Empty(await ingest.QueryAsync($"SELECT * FROM \"device_status\" WHERE \"device\" = '{contractBreak}' OR \"device\" = '{notJson}' OR \"device\" = '{otherTopic}'"));
            var metrics = PrometheusExporter.ParseSamples(await ingest.MetricsAsync());
            Assert.Equal(2.0, metrics.GetValueOrDefault("airmon_ingest_status_rejects_total{reason=\"malformed\"}"));
            Assert.Equal(1.0, metrics.GetValueOrDefault("airmon_ingest_status_rejects_total{reason=\"device_mismatch\"}"));
        }
        finally
        {
            foreach (var device in new[] { good, contractBreak, notJson, otherTopic, later })
            {
                await fixture.MosquittoPubAsync(Topics.Status(device), "", retain: true); // cleared, for the other tests' ingests
            }
        }
    }

    [Fact]
    public async Task A_flood_of_statuses_from_one_device_writes_one_point_per_interval_and_the_latest_last()
    {
        var device = NewDevice("flood");
        await using var ingest = await fixture.StartIngestAsync("--Fleet:StatusMinInterval=00:00:03");
        var start = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds();
        var statuses = Enumerable.Range(0, 100).Select(i => System.Text.Encoding.UTF8.GetString(WireCodec.Encode(
            new DeviceStatus(device, DeviceStatus.Online, start + i, "1.4.0", i, new OutboxStatus(i, 0, i), new ClockStatus(true, 0, 0), []))));
        var published = System.Diagnostics.Stopwatch.StartNew();
        await fixture.MosquittoPubLinesAsync(Topics.Status(device), statuses);
        Assert.True(published.Elapsed < TimeSpan.FromSeconds(2), $"the flood took {published.Elapsed}");

        // The last status is written once the interval after the first point is over.
        var rows = await WaitForAsync(ingest, $"SELECT \"outbox_depth\" FROM \"device_status\" WHERE \"device\" = '{device}' AND \"outbox_depth\" = 99", 1);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(start + 99), Assert.Single(rows).GetTime(0));
        await Task.Delay(TimeSpan.FromSeconds(4)); // another interval: nothing more is waiting
        var all = Assert.Single(await ingest.QueryAsync($"SELECT \"outbox_depth\" FROM \"device_status\" WHERE \"device\" = '{device}'"));
        Assert.InRange(all.Values.Count, 1, 2);
        Assert.Equal<double?>(99, all.GetDoubles("outbox_depth")[^1]);
    }

    [Fact]
    public async Task The_ingest_writes_its_message_and_reject_counters()
    {
        var device = NewDevice("counted");
        await using var ingest = await fixture.StartIngestAsync("--Fleet:CountersInterval=00:00:01");
        await using var acks = await fixture.ListenForAcksAsync(device);
        var ts = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds();
        await fixture.MosquittoPubAsync(Topics.Readings(device), string.Create(CultureInfo.InvariantCulture,
            $$$"""{"device":"{{{device}}}","seq":1,"samples":[{"ts":{{{ts}}},"sensor":"pms5003","values":{"pm2_5":12.5}}]}"""));
        await fixture.MosquittoPubAsync(Topics.Readings(device), string.Create(CultureInfo.InvariantCulture,
            $$$"""{"device":"{{{device}}}","seq":2,"samples":[{"ts":{{{ts}}},"sensor":"pms5003","values":{"pm2_5":-40}}]}"""));
        await acks.WaitForAsync(a => a.Stored.Contains(1) && a.Rejected.Any(r => r.Seq == 2), Timeout);

        var rows = await WaitForAsync(ingest, "SELECT * FROM \"ingest\" WHERE \"messages_stored\" >= 1 AND \"messages_rejected\" >= 1", 1);
        var point = rows[0];
        var last = point.Values.Count - 1;
        Assert.Equal($"ingest-{ingest.Database}", point.GetString(last, "replica"));
        Assert.Equal((1L, 1L, 0L, 1L), (point.GetInt64(last, "messages_stored"), point.GetInt64(last, "messages_rejected"), point.GetInt64(last, "messages_deferred"),
            point.GetInt64(last, "rejects_out_of_range")));
    }

    private static async Task<IReadOnlyList<InfluxSeries>> WaitForAsync(RunningIngest ingest, string query, int rows)
    {
        IReadOnlyList<InfluxSeries> series = [];
        await Poll.UntilAsync(async () => (series = await ingest.QueryAsync(query)).Sum(s => s.Values.Count) >= rows, Timeout, query);
        return series;
    }
}
