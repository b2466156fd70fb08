using System.Net;
using System.Text.Json;
using AirMonitor.Core.Contract;
using AirMonitor.Ingest.Alerts;
using AirMonitor.Ingest.DeadLetters;
using AirMonitor.Ingest.Observability;
using AirMonitor.Ingest.Pipeline;
using AirMonitor.Testing;
using AirMonitor.Testing.Pipeline;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AirMonitor.Ingest.Tests;

/// <summary>
/// Each of the ingest's local stores on a disk that fills up (a small tmpfs of the test's own) while the ingest runs
/// against the real Mosquitto and InfluxDB: nothing is acknowledged that is not kept, <c>/health</c> and the metrics name
/// the store, and everything goes on by itself once there is room, without the ingest stopping.
/// </summary>
[Collection(PipelineServers.Name)]
public sealed class FullDiskTests(PipelineFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task A_full_seq_ledger_holds_every_ack_and_each_message_is_acknowledged_and_stored_once_when_room_returns()
    {
        const string device = "full-ledger-01";
        using var disk = new SmallDisk();
        await using var ingest = await fixture.StartIngestAsync($"--Accounting:LedgerPath={disk.Combine("seq-ledger.db")}", "--Alerts:OfflineCheckInterval=00:00:01");
        var engine = ingest.App.Services.GetRequiredService<AlertEngine>();
        var subject = $"ingest-{ingest.Database}/{LocalStoreHealth.SeqLedger}";
        await using var acks = await fixture.ListenForAcksAsync(device);
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        string Message(long seq) => Readings(device, seq, ts + seq * 1000, 10 + seq);

        await fixture.MosquittoPubAsync(Topics.Readings(device), Message(1));
        await acks.WaitForAsync(a => a.Stored.Contains(1));

        disk.Fill();
        foreach (var seq in new long[] { 2, 3, 4 })
        {
            await fixture.MosquittoPubAsync(Topics.Readings(device), Message(seq));
        }

        // Failed twice: the held group has been tried again.
        await Poll.UntilAsync(async () => await MetricAsync(ingest, "airmon_ingest_local_store_failures_total{store=\"seq-ledger\"}") >= 2, Wait,
            "the ledger's commit to fail and be retried");
        var (http, status, failing) = await HealthAsync(ingest);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "degraded", LocalStoreHealth.SeqLedger), (http, status, failing));
        Assert.Equal(1, await MetricAsync(ingest, "airmon_ingest_local_store_failing{store=\"seq-ledger\"}"));
        Assert.Equal(3, await MetricAsync(ingest, "airmon_ingest_inflight"));
        Assert.Equal([1L], acks.Stored);
        Assert.Equal(1, (await ingest.DevicesAsync()).Single(d => d.Device == device).Last);
        Assert.Equal(4, await CountAsync(ingest, device)); // InfluxDB holds them already: only the acknowledgement waits
        await Poll.UntilAsync(() => engine.Firing().Any(e => e.Subject == subject), Wait, "the local-store-failing alert (the alert store is on another disk)");
        var alert = engine.Firing().Single(e => e.Subject == subject);
        Assert.Equal((AlertEngine.LocalStoreRule, $"ingest-{ingest.Database}", "failing_s"), (alert.Rule, alert.Station, alert.Metric));

        disk.Free();
        await acks.WaitForAsync(a => a.Stored.Order().SequenceEqual([1L, 2, 3, 4]), Wait);
        await Poll.UntilAsync(async () => (await HealthAsync(ingest)).Http == HttpStatusCode.OK, Wait, "/health to say ok again");
        await Poll.UntilAsync(() => !engine.Firing().Any(e => e.Subject == subject), Wait, "the local-store-failing alert to resolve");

        var values = (await ingest.QueryAsync($"SELECT \"pm2_5\" FROM \"air\" WHERE \"device\" = '{device}'")).Single();
        Assert.Equal([11.0, 12, 13, 14], Enumerable.Range(0, values.Values.Count).Select(row => values.GetDouble(row, "pm2_5")));
        var account = (await ingest.DevicesAsync()).Single(d => d.Device == device);
        Assert.Equal((4L, 0L, 0L), (account.Last, account.Missing, account.Repeats));
        Assert.Equal((0, 0), (await MetricAsync(ingest, "airmon_ingest_local_store_failing{store=\"seq-ledger\"}"), await MetricAsync(ingest, "airmon_ingest_inflight")));
        AssertRunning(ingest);
    }

    [Fact]
    public async Task A_round_the_full_alert_store_refuses_raises_its_event_exactly_once_when_room_returns()
    {
        const string device = "full-alerts-01";
        const string rule = "full-disk-pm";
        using var disk = new SmallDisk();
        var storePath = disk.Combine("alerts.db");
        await using var ingest = await fixture.StartIngestAsync(
            $"--Alerts:StatePath={storePath}", "--Derivation:Interval=00:00:00.200", "--Alerts:OfflineCheckInterval=00:00:01",
            $"--Alerts:Rules:0:Name={rule}", "--Alerts:Rules:0:Metric=pm2_5", "--Alerts:Rules:0:Window=latest",
            "--Alerts:Rules:0:Threshold=50", "--Alerts:Rules:0:Clear=30");
        await using var acks = await fixture.ListenForAcksAsync(device);
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        var firing = $"{AlertEvents}{{rule=\"{rule}\",state=\"firing\"}}";

        disk.Fill();
        await fixture.MosquittoPubAsync(Topics.Readings(device), Readings(device, 1, ts, 80));
        await acks.WaitForAsync(a => a.Stored.Contains(1)); // the seq ledger is elsewhere: the reading is stored and acknowledged

        // Failed twice: the station's hours went back to the derivation and were judged again.
        await Poll.UntilAsync(async () => await MetricAsync(ingest, "airmon_ingest_local_store_failures_total{store=\"alert-store\"}") >= 2, Wait,
            "the alert round's commit to fail and be retried");
        var (http, status, failing) = await HealthAsync(ingest);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "degraded", LocalStoreHealth.AlertStore), (http, status, failing));
        Assert.Equal(0, await MetricAsync(ingest, firing));
        Assert.Empty(Events(storePath, rule));
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // two checks of the health watch (every second) while full: its own rounds fail too

        disk.Free();
        await Poll.UntilAsync(async () => await MetricAsync(ingest, firing) == 1, Wait, "the firing event once there is room");
        await Poll.UntilAsync(async () => (await HealthAsync(ingest)).Http == HttpStatusCode.OK, Wait, "/health to say ok again");

        // A later round resolves the episode: the firing event was not raised again on the way.
        await fixture.MosquittoPubAsync(Topics.Readings(device), Readings(device, 2, ts + 1000, 10));
        await Poll.UntilAsync(async () => await MetricAsync(ingest, $"{AlertEvents}{{rule=\"{rule}\",state=\"resolved\"}}") == 1, Wait, "the resolved event");
        Assert.Equal(1, await MetricAsync(ingest, firing));
        Assert.Equal([$"{rule}:{device}:{ts} firing", $"{rule}:{device}:{ts} resolved"], Events(storePath, rule));

        // Its own failure could not be raised while it lasted: it is, late, once the store takes events again.
        var ownRule = $"{AlertEvents}{{rule=\"{AlertEngine.LocalStoreRule}\",state=";
        await Poll.UntilAsync(async () => await MetricAsync(ingest, ownRule + "\"resolved\"}") == 1, Wait, "the alert store's own failure raised and resolved");
        Assert.Equal(1, await MetricAsync(ingest, ownRule + "\"firing\"}"));
        var own = Events(storePath, AlertEngine.LocalStoreRule);
        Assert.Equal(["firing", "resolved"], own.Select(e => e.Split(' ')[1]));
        Assert.All(own, e => Assert.StartsWith($"{AlertEngine.LocalStoreRule}:ingest-{ingest.Database}/{LocalStoreHealth.AlertStore}:", e, StringComparison.Ordinal));
        AssertRunning(ingest);
    }

    [Fact]
    public async Task A_dead_letter_the_full_disk_refuses_leaves_its_message_unacknowledged_until_there_is_room()
    {
        const string device = "full-letters-01";
        using var disk = new SmallDisk();
        var directory = disk.Combine("deadletter");
        await using var ingest = await fixture.StartIngestAsync($"--Ingest:DeadLetterDirectory={directory}");
        await using var acks = await fixture.ListenForAcksAsync(device);
        var outOfRange = Readings(device, 1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000, 65_000);

        disk.Fill();
        await fixture.MosquittoPubAsync(Topics.Readings(device), outOfRange);
        await Poll.UntilAsync(async () => await MetricAsync(ingest, "airmon_ingest_local_store_failures_total{store=\"dead-letters\"}") >= 1, Wait,
            "the dead letter's write to fail");
        var (http, status, failing) = await HealthAsync(ingest);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "degraded", LocalStoreHealth.DeadLetters), (http, status, failing));
        Assert.Empty(acks.Acks);
        Assert.Equal(0, ingest.App.Services.GetRequiredService<InFlightWindow>().Count);
        Assert.Empty(DeadLetterStore.ReadAll(directory));

        disk.Free();
        await Poll.UntilAsync(async () => (await HealthAsync(ingest)).Http == HttpStatusCode.OK, Wait, "/health to say ok once there is room");

        // The device sends what was not acknowledged again (the broker, at the next connection, too).
        await fixture.MosquittoPubAsync(Topics.Readings(device), outOfRange);
        await acks.WaitForAsync(a => a.Rejected.Any());
        Assert.Equal([(1L, "out_of_range")], acks.Rejected.Select(r => (r.Seq, r.Reason)));
        var letter = Assert.Single(DeadLetterStore.ReadAll(directory));
        Assert.Equal((device, 1L, "out_of_range"), (letter.Device, letter.Seq, letter.Reasons.Single().Reason));
        AssertRunning(ingest);
    }

    private const string AlertEvents = "airmon_ingest_alert_events_total";

    private static string Readings(string device, long seq, long ts, double pm2_5) =>
        $$$"""{"device":"{{{device}}}","seq":{{{seq}}},"samples":[{"ts":{{{ts}}},"sensor":"pms5003","values":{"pm2_5":{{{pm2_5}}}}}]}""";

    /// <summary>The ingest did not stop (the host's own stop, or a stage that ended) while its disk was full.</summary>
    private static void AssertRunning(RunningIngest ingest)
    {
        Assert.False(ingest.App.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        Assert.False(ingest.App.Services.GetRequiredService<AckDispatcher>().ExecuteTask!.IsCompleted);
    }

    /// <summary><c>/health</c>: its HTTP status, its <c>status</c>, and the stores it names in <c>localStoresFailingSince</c>, comma-separated.</summary>
    private static async Task<(HttpStatusCode Http, string? Status, string Failing)> HealthAsync(RunningIngest ingest)
    {
        using var response = await Http.GetAsync(new Uri(ingest.Url, "/health"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.GetProperty("status").GetString(),
            string.Join(',', json.RootElement.GetProperty("localStoresFailingSince").EnumerateObject().Select(p => p.Name)));
    }

    private static async Task<double> MetricAsync(RunningIngest ingest, string series) =>
        PrometheusExporter.ParseSamples(await ingest.MetricsAsync()).GetValueOrDefault(series);

    private static async Task<long> CountAsync(RunningIngest ingest, string device)
    {
        var series = await ingest.QueryAsync($"SELECT count(\"pm2_5\") FROM \"air\" WHERE \"device\" = '{device}'");
        return series.Count == 0 ? 0 : series[0].GetInt64(0, "count") ?? 0;
    }

    /// <summary>The alert store's events of <paramref name="rule"/>, in order, as <c>{id} {state}</c>.</summary>
    private static List<string> Events(string path, string rule)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, state FROM event WHERE id LIKE $rule || ':%' ORDER BY seq";
        command.Parameters.AddWithValue("$rule", rule);
        using var reader = command.ExecuteReader();
        var events = new List<string>();
        while (reader.Read())
        {
            events.Add($"{reader.GetString(0)} {reader.GetString(1)}");
        }

        return events;
    }

}
