using AirMonitor.Core.Contract;
using AirMonitor.Ingest.Alerts;
using AirMonitor.Ingest.Observability;
using AirMonitor.Testing;
using AirMonitor.Testing.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace AirMonitor.Ingest.Tests;

/// <summary>
/// <c>Ingest:MaxDevices</c> through the real broker and InfluxDB: past it a device's messages are deferred (no state, no
/// ack, no dead letter, an alert), the count survives a restart through the seq ledger, and a raised bound stores them.
/// </summary>
[Collection(PipelineServers.Name)]
public sealed class DeviceLimitTests(PipelineFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_device_past_the_bound_is_deferred_and_alerted_the_bound_counts_the_ledgers_devices_after_a_restart_and_a_raised_bound_stores_it()
    {
        var database = $"t{Guid.NewGuid():N}"[..12];
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 10_000;
        await using var acks1 = await fixture.ListenForAcksAsync("cap-d1");
        await using var acks2 = await fixture.ListenForAcksAsync("cap-d2");
        await using var acks3 = await fixture.ListenForAcksAsync("cap-d3");

        await using (var ingest = await fixture.StartIngestOnAsync(database, "--Ingest:MaxDevices=2", "--Alerts:OfflineCheckInterval=00:00:01"))
        {
            await fixture.MosquittoPubAsync(Topics.Readings("cap-d1"), Message("cap-d1", 1, ts));
            await fixture.MosquittoPubAsync(Topics.Readings("cap-d2"), Message("cap-d2", 1, ts));
            await fixture.MosquittoPubAsync(Topics.Readings("cap-d3"), Message("cap-d3", 1, ts));
            await acks2.WaitForAsync(a => a.Stored.Contains(1));
            var engine = ingest.App.Services.GetRequiredService<AlertEngine>();
            await Poll.UntilAsync(() => engine.Firing().Any(e => e.Rule == AlertEngine.DeviceLimitRule), Wait, "the device-limit alert");

            var alert = engine.Firing().Single(e => e.Rule == AlertEngine.DeviceLimitRule);
            Assert.Equal(($"ingest-{database}", $"ingest-{database}/devices", 1.0), (alert.Station, alert.Subject, alert.Value));
            var metrics = PrometheusExporter.ParseSamples(await ingest.MetricsAsync());
            Assert.Equal((2, 1, 0), (metrics["airmon_ingest_messages_total{outcome=\"stored\"}"], metrics["airmon_ingest_messages_total{outcome=\"deferred\"}"], metrics["airmon_ingest_inflight"]));
            Assert.Equal(["cap-d1", "cap-d2"], (await ingest.DevicesAsync()).Select(d => d.Device));
            Assert.Empty(acks3.Acks);
            Assert.Empty(Directory.Exists(ingest.DeadLetterDirectory) ? Directory.GetFiles(ingest.DeadLetterDirectory) : []);
        }

        // Restarted with the same bound: the ledger's two devices fill it, so cap-d3 is still deferred and cap-d1 goes on.
        await using (var ingest = await fixture.StartIngestOnAsync(database, "--Ingest:MaxDevices=2"))
        {
            await fixture.MosquittoPubAsync(Topics.Readings("cap-d3"), Message("cap-d3", 1, ts));
            await fixture.MosquittoPubAsync(Topics.Readings("cap-d1"), Message("cap-d1", 2, ts + 1_000));
            await acks1.WaitForAsync(a => a.Stored.Contains(2));

            Assert.Equal(1, PrometheusExporter.ParseSamples(await ingest.MetricsAsync())["airmon_ingest_messages_total{outcome=\"deferred\"}"]);
            Assert.Empty(acks3.Acks);
        }

        // The bound raised: the device's resend is stored.
        await using (var ingest = await fixture.StartIngestOnAsync(database, "--Ingest:MaxDevices=3"))
        {
            await fixture.MosquittoPubAsync(Topics.Readings("cap-d3"), Message("cap-d3", 1, ts));
            await acks3.WaitForAsync(a => a.Stored.Contains(1));

            Assert.Equal(["cap-d1", "cap-d2", "cap-d3"], (await ingest.DevicesAsync()).Select(d => d.Device));
            Assert.Equal(33.5, Assert.Single(await ingest.QueryAsync("SELECT pm2_5 FROM air WHERE device = 'cap-d3'")).GetDouble(0, "pm2_5"));
        }
    }

    private static string Message(string device, long seq, long ts) =>
        $$$"""{"device":"{{{device}}}","seq":{{{seq}}},"samples":[{"ts":{{{ts}}},"sensor":"pms5003","values":{"pm2_5":33.5}}]}""";
}
