using System.Diagnostics;
using AirMonitor.Cli.Simulation;
using AirMonitor.Core.Stations;
using AirMonitor.Influx;
using AirMonitor.Mqtt;
using AirMonitor.Testing;
using AirMonitor.Testing.Pipeline;
using AirMonitor.Testing.Servers;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace AirMonitor.EndToEnd.Tests;

/// <summary>The ingest process while InfluxDB hangs (SIGSTOP) and when it is stopped gracefully.</summary>
[Collection(FaultSuite.Name)]
public sealed class IngestOutageTests(ITestOutputHelper output)
{
    private const int ReceiveMaximum = 500;
    private const int MaxInFlight = 3000;
    private const string Database = "outage";

    [Fact]
    public async Task While_InfluxDB_hangs_the_ingest_takes_a_bounded_amount_of_work_its_memory_stays_flat_and_it_resumes_by_itself()
    {
        await using var broker = new MosquittoServer();
        await using var influx = new InfluxServer();
        await Task.WhenAll(broker.StartAsync(), influx.StartAsync());
        await using var ingest = Ingest(broker, influx);
        await ingest.StartAsync();
        var generated = new GeneratedReadings();
        // 20 devices × 200 unacknowledged each: more than the ingest may hold, so the broker keeps the rest even when
        // Mosquitto 2.0.11 sends past the receive maximum (with 100 each, it once sent all 2000 and kept none).
        await using var fleet = Fleet(broker, generated, messages: 1500, window: 200);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var run = fleet.RunAsync(timeout.Token);
        await Poll.UntilAsync(() => fleet.Result(TimeSpan.Zero).Stored >= 3000, TimeSpan.FromSeconds(60), "3000 stored");

        influx.Pause();
        var samples = new List<(double InFlight, long Rss)>();
        for (var second = 0; second < 25; second++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            samples.Add((await ingest.MetricAsync("airmon_ingest_inflight"), ingest.ResidentBytes()));
        }

        var acknowledgedWhilePaused = fleet.Result(TimeSpan.Zero).Stored;
        var unacknowledgedAtEnd = fleet.Result(TimeSpan.Zero).Unacknowledged;
        influx.Resume();
        var result = await run;

        output.WriteLine(string.Join("\n", samples.Select((s, i) => $"{i + 1,2} s: in flight {s.InFlight,5}, RSS {s.Rss / 1048576.0:F1} MiB")));
        // Nothing is acknowledged, so the broker sends nothing more: the work held stops growing at once and the
        // broker keeps the rest. (Mosquitto 2.0.11 may have sent more than the receive maximum before, in full flow.)
        // The read gate is passed before each read, and one read (64 KiB, ~250 of these messages) may go past the limit.
        Assert.All(samples, s => Assert.InRange(s.InFlight, 1, MaxInFlight + 300));
        Assert.Single(samples.Skip(2).Select(s => s.InFlight).Distinct());
        Assert.True(unacknowledgedAtEnd > samples[^1].InFlight, $"the broker held none of the fleet's {unacknowledgedAtEnd} unacknowledged messages");

        var settled = samples.Skip(2).Select(s => s.Rss).ToList();
        Assert.True(settled.Max() - settled.Min() < 16 * 1048576L, $"RSS moved {(settled.Max() - settled.Min()) / 1048576.0:F1} MiB after the in-flight limit was reached");

        Assert.True(result.AllAcknowledged, result.ToString());
        Assert.True(result.Stored > acknowledgedWhilePaused);
        var stored = await generated.CompareAsync(influx, Database);
        Assert.Equal((stored.Generated, 0), (stored.Matched, stored.Unexpected.Count));
    }

    [Fact]
    public async Task A_graceful_stop_acknowledges_only_what_is_stored_and_ends_at_the_drain_deadline_even_when_InfluxDB_hangs()
    {
        await using var broker = new MosquittoServer();
        await using var influx = new InfluxServer();
        await Task.WhenAll(broker.StartAsync(), influx.StartAsync());
        await using var ingest = Ingest(broker, influx, "--Ingest:DrainTimeout=00:00:03", "--Influx:ShutdownTimeout=00:00:02");
        await ingest.StartAsync();
        var generated = new GeneratedReadings();
        await using var fleet = Fleet(broker, generated, messages: 1000);
        using var sending = new CancellationTokenSource();
        var run = fleet.RunAsync(sending.Token);

        // A stop in full flow: the messages it holds are stored and acknowledged within the deadline.
        await Poll.UntilAsync(() => fleet.Result(TimeSpan.Zero).Stored >= 2000, TimeSpan.FromSeconds(60), "2000 stored");
        var clock = Stopwatch.StartNew();
        await ingest.StopAsync(TimeSpan.FromSeconds(30));
        var flowingStop = clock.Elapsed;
        Assert.Equal(0, ingest.ExitCode);
        Assert.DoesNotContain("drain deadline passed", ingest.ReadLog(), StringComparison.Ordinal);
        await AssertAcknowledgedAreStoredAsync(influx, fleet);

        // A stop while InfluxDB hangs: nothing can be stored, so nothing is acknowledged, and the stop ends at the deadline.
        await ingest.StartAsync();
        await Poll.UntilAsync(() => fleet.Result(TimeSpan.Zero).Stored >= 4000, TimeSpan.FromSeconds(60), "4000 stored");
        influx.Pause();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var acknowledgedBefore = fleet.Result(TimeSpan.Zero).Stored;
        clock.Restart();
        await ingest.StopAsync(TimeSpan.FromSeconds(30));
        var hungStop = clock.Elapsed;
        output.WriteLine($"stop while flowing: {flowingStop.TotalSeconds:F1} s; stop while InfluxDB hangs: {hungStop.TotalSeconds:F1} s");
        Assert.Equal(0, ingest.ExitCode);
        Assert.InRange(hungStop, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10));
        Assert.Contains("drain deadline passed", ingest.ReadLog(), StringComparison.Ordinal);
        Assert.Equal(acknowledgedBefore, fleet.Result(TimeSpan.Zero).Stored);

        // What was left is delivered again to the next run and stored once.
        influx.Resume();
        await ingest.StartAsync();
        var result = await run;
        Assert.True(result.AllAcknowledged, result.ToString());
        var stored = await generated.CompareAsync(influx, Database);
        Assert.Equal((stored.Generated, 0), (stored.Matched, stored.Unexpected.Count));
    }

    private static async Task AssertAcknowledgedAreStoredAsync(InfluxServer influx, Fleet fleet)
    {
        var acknowledged = fleet.Result(TimeSpan.Zero).Stored;
        using var http = new HttpClient();
        var counted = await new InfluxQueryClient(http, new InfluxOptions { Url = influx.Url.ToString(), Database = Database })
            .QueryAsync("SELECT count(pm2_5) FROM air");
        var stored = counted.Single().GetInt64(0, "count")!.Value;
        Assert.True(stored >= acknowledged, $"{acknowledged} acknowledged, {stored} stored");
    }

    private static IngestServer Ingest(MosquittoServer broker, InfluxServer influx, params string[] extra) => new(
    [
        $"--Mqtt:Url={broker.Url}", "--Mqtt:ClientId=outage-ingest", "--Mqtt:SessionExpiry=00:10:00", $"--Mqtt:ReceiveMaximum={ReceiveMaximum}", $"--Ingest:MaxInFlightMessages={MaxInFlight}",
        $"--Influx:Url={influx.Url}", $"--Influx:Database={Database}", "--Influx:Timeout=00:00:02", "--Influx:RetryMaxDelay=00:00:02",
        .. extra,
    ]);

    private static Fleet Fleet(MosquittoServer broker, GeneratedReadings generated, int messages, int window = 100) => new(
        FleetDevice.Pick(StationRegistry.Empty, 20),
        new MqttOptions { Url = broker.Url.ToString() },
        new FleetOptions { Messages = messages, Window = window, AckTimeout = TimeSpan.FromSeconds(60), Generated = generated.Add },
        NullLoggerFactory.Instance);
}
