using System.Diagnostics;
using System.Globalization;
using System.Text;
using AirMonitor.Cli.Simulation;
using AirMonitor.Core.Stations;
using AirMonitor.Mqtt;
using AirMonitor.Testing.Pipeline;
using AirMonitor.Testing.Servers;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace AirMonitor.EndToEnd.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultSuite
{
    public const string Name = "fault suite";
}

/// <summary>
/// The delivery guarantee under faults (docs/architecture.md): a fleet of simulated devices sends known readings through real
/// Mosquitto, a real ingest process and real InfluxDB while each of them is killed with -9 twice, InfluxDB is paused
/// past the write timeout, and the devices' link is cut. Only the killed process is started again, as a supervisor
/// would; everything else must recover by itself. Then every generated reading is in InfluxDB exactly once, nothing
/// else is, and the ingest's seq ledger has no gap. The run's figures go to <c>AIRMON_FAULT_REPORT</c> (README).
/// </summary>
[Collection(FaultSuite.Name)]
public sealed class FaultSuiteTests(ITestOutputHelper output)
{
    private const int DeviceCount = 20;
    private const string Database = "faults";
    private static readonly TimeSpan InfluxTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_generated_reading_is_stored_exactly_once_through_kills_a_pause_and_cut_links()
    {
        var seed = Environment.GetEnvironmentVariable("AIRMON_FAULT_SEED") is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : Random.Shared.Next();
        var random = new Random(seed);
        await using var broker = new MosquittoServer();
        await using var influx = new InfluxServer();
        await Task.WhenAll(broker.StartAsync(), influx.StartAsync());
        await using var ingest = new IngestServer(
            $"--Mqtt:Url={broker.Url}", "--Mqtt:ClientId=fault-ingest", "--Mqtt:SessionExpiry=00:10:00", "--Mqtt:ReconnectMaxDelay=00:00:02",
            $"--Influx:Url={influx.Url}", $"--Influx:Database={Database}", "--Influx:FlushInterval=00:00:00.100",
            $"--Influx:Timeout={InfluxTimeout}", "--Influx:RetryMaxDelay=00:00:02");
        await ingest.StartAsync();
        await using var link = new TcpProxy(broker.Port);

        var generated = new GeneratedReadings();
        var devices = FleetDevice.Pick(StationRegistry.Empty, DeviceCount);
        await using var fleet = new Fleet(
            devices,
            new MqttOptions { Url = link.MqttUrl.ToString(), ReconnectMaxDelay = TimeSpan.FromSeconds(2) },
            new FleetOptions { Interval = TimeSpan.FromMilliseconds(250), AckTimeout = TimeSpan.FromSeconds(3), Generated = generated.Add },
            NullLoggerFactory.Instance);
        using var sending = new CancellationTokenSource();
        var run = fleet.RunAsync(sending.Token, settleTimeout: TimeSpan.FromSeconds(90));

        Fault[] faults =
        [
            .. Twice(new Fault("broker kill -9", broker.Kill, () => broker.StartAsync(), Seconds(2, 4))),
            .. Twice(new Fault("ingest kill -9", ingest.Kill, () => ingest.StartAsync(), Seconds(1, 3))),
            .. Twice(new Fault("InfluxDB kill -9", influx.Kill, () => influx.StartAsync(), Seconds(2, 4))),
            .. Twice(new Fault("InfluxDB SIGSTOP", influx.Pause, () => { influx.Resume(); return Task.CompletedTask; }, r => InfluxTimeout + Seconds(2, 4)(r))),
            .. Twice(new Fault("link cut", link.Cut, () => { link.Restore(); return Task.CompletedTask; }, Seconds(3, 6))),
        ];
        random.Shuffle(faults);
        var clock = Stopwatch.StartNew();
        var recoveries = new List<(Fault Fault, TimeSpan Down, TimeSpan Recovery)>();
        foreach (var fault in faults)
        {
            // At a random moment of normal running.
            await Task.Delay(Seconds(2, 6)(random));
            var down = fault.Downtime(random);
            fault.Break();
            await Task.Delay(down);
            var mended = Stopwatch.StartNew();
            var before = fleet.Devices.Select(d => d.LastSeq).ToArray();
            await fault.MendAsync();
            await WaitForRecoveryAsync(fleet, before, fault, ingest);
            recoveries.Add((fault, down, mended.Elapsed));
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        await sending.CancelAsync();
        var result = await run;
        var faultsTook = clock.Elapsed;
        Assert.True(result.AllAcknowledged, $"{result}; ingest log:\n{ingest.ReadLog()}");

        var stored = await generated.CompareAsync(influx, Database);
        var accounts = await ingest.DevicesAsync();
        output.WriteLine(Report(seed, faultsTook, generated.Messages, stored, accounts.Sum(a => a.Repeats), recoveries));
        Assert.Empty(stored.Unexpected);
        Assert.Equal(0, stored.Lost);

        // The ingest's own accounting agrees: every device's seq numbers from 0 to its last are settled, none missing.
        generated.AssertLedgerWhole(accounts);
    }

    /// <summary>
    /// Recovered: every message made before the mend (restart, SIGCONT, link restored) is acknowledged, so stored and
    /// heard by its device. Timed from the mend, so a restart's start-up time counts.
    /// </summary>
    private static async Task WaitForRecoveryAsync(Fleet fleet, long[] before, Fault fault, IngestServer ingest)
    {
        using var limit = new CancellationTokenSource(RecoveryLimit);
        while (!fleet.Devices.Select((d, i) => d.OldestUnacknowledged is not { } oldest || oldest > before[i]).All(done => done))
        {
            if (limit.IsCancellationRequested)
            {
                Assert.Fail($"no recovery {RecoveryLimit.TotalSeconds} s after {fault.Name}; ingest log:\n{ingest.ReadLog()}");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    private static string Report(int seed, TimeSpan took, int messages, StoredComparison stored, long repeats, List<(Fault Fault, TimeSpan Down, TimeSpan Recovery)> recoveries)
    {
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Fault suite, seed {seed}: {DeviceCount} devices, {recoveries.Count} faults in {took.TotalSeconds:F0} s");
        report.AppendLine();
        report.AppendLine("| readings generated | stored | lost | duplicated or altered | messages | stored again (harmless repeats) |");
        report.AppendLine("|---|---|---|---|---|---|");
        report.AppendLine(CultureInfo.InvariantCulture, $"| {stored.Generated} | {stored.Stored} | {stored.Lost} | {stored.Unexpected.Count} | {messages} | {repeats} |");
        report.AppendLine();
        report.AppendLine("| fault | times | down (s) | recovery (s), each |");
        report.AppendLine("|---|---|---|---|");
        foreach (var kind in recoveries.GroupBy(r => r.Fault.Name))
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {kind.Key} | {kind.Count()} | {string.Join(", ", kind.Select(r => r.Down.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)))} | {string.Join(", ", kind.Select(r => r.Recovery.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)))} |");
        }

        foreach (var line in stored.Unexpected.Take(20))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"unexpected: {line}");
        }

        var text = report.ToString();
        File.WriteAllText(Environment.GetEnvironmentVariable("AIRMON_FAULT_REPORT") is { Length: > 0 } path ? path : Path.Combine(Path.GetTempPath(), "airmon-fault-suite.md"), text);
        return text;
    }

    private static Fault[] Twice(Fault fault) => [fault, fault];

    private static Func<Random, TimeSpan> Seconds(double from, double to) => r => TimeSpan.FromSeconds(from + (r.NextDouble() * (to - from)));

    private sealed record Fault(string Name, Action Break, Func<Task> MendAsync, Func<Random, TimeSpan> Downtime);
}
