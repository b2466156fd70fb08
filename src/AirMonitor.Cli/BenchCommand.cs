using System.CommandLine;
using System.Diagnostics;
using AirMonitor.Cli.Simulation;
using AirMonitor.Core.Contract;
using AirMonitor.Core.Stations;
using AirMonitor.Influx;
using AirMonitor.Ingest.Pipeline;
using AirMonitor.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;

namespace AirMonitor.Cli;

/// <summary>
/// <c>airmon bench</c>: in one run, the storage limit (points straight into InfluxDB), the broker limit
/// (publish → subscribe through the broker) and end to end (publish → stored → acknowledged through the ingest).
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var devices = new Option<int>("--devices") { Description = "Simulated devices (one MQTT connection each)", DefaultValueFactory = _ => 50 };
        var messages = new Option<int>("--messages") { Description = "Messages per device", DefaultValueFactory = _ => 1000 };
        var workDir = new Option<string>("--work-dir") { Description = "Where the ingest child process keeps its log, dead letters and seq ledger", DefaultValueFactory = _ => ".airmon/bench" };
        var command = new Command("bench", "Measure the storage limit, the broker limit and the end-to-end rate through the ingest")
        {
            devices, messages, workDir,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = CliSettings.Load();
            var report = await RunAsync(settings, result.GetValue(devices), result.GetValue(messages), result.GetValue(workDir)!, cancellationToken);
            Console.WriteLine(report);
            return 0;
        });
        return command;
    }

    public static async Task<BenchReport> RunAsync(CliSettings settings, int deviceCount, int messagesPerDevice, string workDir, CancellationToken cancellationToken)
    {
        var devices = FleetDevice.Pick(StationRegistry.Empty, deviceCount);
        var totalMessages = (long)deviceCount * messagesPerDevice;
        var pointsPerMessage = new ReadingGenerator("x", StationKind.Ambient, "bangkok").Next(0).Count;

        var storage = await StorageLimitAsync(settings, devices, messagesPerDevice, cancellationToken);
        var broker = await BrokerLimitAsync(settings.Mqtt, devices, messagesPerDevice, cancellationToken);
        var (endToEnd, peak) = await EndToEndAsync(settings, devices, messagesPerDevice, workDir, cancellationToken);
        return new BenchReport(deviceCount, totalMessages, pointsPerMessage, storage, broker, endToEnd, peak);
    }

    // The same points the ingest would write, straight into InfluxDB in full batches.
    private static async Task<TimeSpan> StorageLimitAsync(CliSettings settings, IReadOnlyList<FleetDevice> devices, int messagesPerDevice, CancellationToken cancellationToken)
    {
        var options = settings.Influx.WithDatabase("airmon_bench_storage");
        using var http = InfluxHttp.CreateClient(options);
        var query = new InfluxQueryClient(http, options);
        await query.QueryAsync("DROP DATABASE airmon_bench_storage", cancellationToken);
        await query.CreateDatabaseAsync(options.Database!, cancellationToken);

        var mapper = new PointMapper(StationRegistry.Empty);
        var batches = devices.Select(d =>
        {
            var generator = new ReadingGenerator(d.Id, d.Kind, d.City);
            var first = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (messagesPerDevice * 1000L);
            return Enumerable.Range(0, messagesPerDevice).Select(i => (Mapper: mapper, Device: d.Id, Samples: generator.Next(first + (i * 1000L)))).ToList();
        }).SelectMany(b => b).ToList();

        await using var writer = new InfluxBatchWriter(new InfluxWriteClient(http, options), options, TimeProvider.System, NullLogger<InfluxBatchWriter>.Instance);
        var clock = Stopwatch.StartNew();
        var stored = new List<InfluxGroup>(batches.Count);
        foreach (var message in batches)
        {
            await writer.WaitForSpaceAsync(cancellationToken);
            stored.Add(writer.Append(message, static (lines, m) => m.Mapper.Write(lines, m.Device, m.Samples)));
        }

        await writer.FlushAsync(cancellationToken);
        foreach (var group in stored)
        {
            await group.StoredAsync(); // throws the first group's failure, if any
        }

        return clock.Elapsed;
    }

    // Publish → subscribe through the broker with QoS 1 and the same payloads, nothing stored.
    private static async Task<TimeSpan> BrokerLimitAsync(MqttOptions mqtt, IReadOnlyList<FleetDevice> devices, int messagesPerDevice, CancellationToken cancellationToken)
    {
        var total = (long)devices.Count * messagesPerDevice;
        var received = 0L;
        var allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscriber = new MqttConnection(mqtt, $"airmon-bench-sub-{Environment.ProcessId}", NullLogger.Instance, MqttSession.Throwaway);
        subscriber.MessageReceived = (in MqttMessage _) =>
        {
            if (Interlocked.Increment(ref received) == total)
            {
                allReceived.TrySetResult();
            }
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var subscriberRun = subscriber.RunAsync((_, ct) => subscriber.SubscribeAsync("airmon/bench/+/readings", ct), stop.Token);
        await subscriber.WaitConnectedAsync(cancellationToken);

        var publishers = new List<MqttConnection>();
        var runs = new List<Task>();
        foreach (var device in devices)
        {
            var publisher = new MqttConnection(mqtt, $"airmon-bench-pub-{device.Id}", NullLogger.Instance, MqttSession.Throwaway);
            publishers.Add(publisher);
            runs.Add(publisher.RunAsync((_, _) => Task.CompletedTask, stop.Token));
            await publisher.WaitConnectedAsync(cancellationToken);
        }

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(devices.Select((device, i) => PublishAllAsync(publishers[i], device, messagesPerDevice, cancellationToken)));
        await allReceived.Task.WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);
        var elapsed = clock.Elapsed;

        await stop.CancelAsync();
        foreach (var publisher in publishers)
        {
            await publisher.DisposeAsync();
        }

        await Task.WhenAll(runs.Append(subscriberRun)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return elapsed;
    }

    private static async Task PublishAllAsync(MqttConnection client, FleetDevice device, int count, CancellationToken cancellationToken)
    {
        var generator = new ReadingGenerator(device.Id, device.Kind, device.City);
        var first = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (count * 1000L);
        using var window = new SemaphoreSlim(100);
        var pending = new List<Task>(count);
        for (var seq = 0; seq < count; seq++)
        {
            await window.WaitAsync(cancellationToken);
            var payload = WireCodec.Encode(new ReadingBatch(device.Id, seq, generator.Next(first + (seq * 1000L))));
            pending.Add(PublishAsync(client, $"airmon/bench/{device.Id}/readings", payload, window, cancellationToken));
        }

        await Task.WhenAll(pending);
    }

    private static async Task PublishAsync(MqttConnection client, string topic, byte[] payload, SemaphoreSlim window, CancellationToken cancellationToken)
    {
        try
        {
            await client.PublishAsync(topic, payload, cancellationToken: cancellationToken);
        }
        finally
        {
            window.Release();
        }
    }

    // The fleet publishes, the ingest stores and acknowledges; done when every message is acknowledged, which
    // the ingest does only after InfluxDB answered 2xx: every point is queryable by then.
    private static async Task<(TimeSpan Elapsed, long PeakBytes)> EndToEndAsync(
        CliSettings settings, IReadOnlyList<FleetDevice> devices, int messagesPerDevice, string workDir, CancellationToken cancellationToken)
    {
        const string database = "airmon_bench_e2e";
        var options = settings.Influx.WithDatabase(database);
        using var http = InfluxHttp.CreateClient(options);
        var query = new InfluxQueryClient(http, options);
        await query.QueryAsync($"DROP DATABASE {database}", cancellationToken);

        // A fresh ledger: the bench's devices start at seq 0 every run.
        var ingestDir = Path.Combine(workDir, "ingest");
        if (Directory.Exists(ingestDir))
        {
            Directory.Delete(ingestDir, recursive: true);
        }

        await using var ingest = await IngestProcess.StartAsync(
            settings.IngestArguments(database).Concat([
                $"--Mqtt:ClientId=airmon-bench-ingest-{Environment.ProcessId}",
                "--Mqtt:SessionExpiry=00:00:00", // a throw-away ingest: no session left behind to queue later traffic
            ]),
            ingestDir, cancellationToken);
        await using var fleet = new Fleet(devices, settings.Mqtt, new FleetOptions { Messages = messagesPerDevice }, NullLoggerFactory.Instance);
        var outcome = await fleet.RunAsync(cancellationToken);
        var peak = ingest.Process.Usage().PeakResidentBytes;
        if (!outcome.AllAcknowledged)
        {
            throw new InvalidOperationException($"end to end: {outcome.Unacknowledged} message(s) were not acknowledged; see {Path.Combine(ingestDir, "ingest.log")}");
        }

        var counted = await query.QueryAsync("SELECT count(pm2_5) FROM air", cancellationToken);
        var stored = counted.Count == 0 ? 0 : counted[0].Values[0][1].GetInt64();
        if (stored != (long)devices.Count * messagesPerDevice)
        {
            throw new InvalidOperationException($"end to end: {stored} PM samples queryable, expected {devices.Count * messagesPerDevice}");
        }

        return (outcome.Elapsed, peak);
    }
}

internal sealed record BenchReport(int Devices, long Messages, int PointsPerMessage, TimeSpan Storage, TimeSpan Broker, TimeSpan EndToEnd, long IngestPeakBytes)
{
    public double StorageMessagesPerSecond => Messages / Storage.TotalSeconds;

    public double BrokerMessagesPerSecond => Messages / Broker.TotalSeconds;

    public double EndToEndMessagesPerSecond => Messages / EndToEnd.TotalSeconds;

    public double ShareOfLimit => EndToEndMessagesPerSecond / Math.Min(StorageMessagesPerSecond, BrokerMessagesPerSecond);

    public override string ToString() => string.Join(Environment.NewLine,
        $"airmon bench: {Devices} devices × {Messages / Devices} messages = {Messages} messages, {PointsPerMessage} points each",
        Row("storage limit (InfluxDB /write, full batches)", Storage, StorageMessagesPerSecond),
        Row("broker limit (MQTT QoS 1 publish → subscribe)", Broker, BrokerMessagesPerSecond),
        Row("end to end (publish → stored → acked)", EndToEnd, EndToEndMessagesPerSecond),
        $"end to end / smaller limit: {ShareOfLimit:P0}",
        $"ingest peak resident memory: {IngestPeakBytes / (1024.0 * 1024):F0} MiB");

    private string Row(string label, TimeSpan elapsed, double messagesPerSecond) =>
        $"  {label,-48} {messagesPerSecond,10:N0} msg/s {messagesPerSecond * PointsPerMessage,12:N0} points/s  ({elapsed.TotalSeconds:F2} s)";
}
