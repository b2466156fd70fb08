using System.Diagnostics;
using System.Globalization;
using AirMonitor.Core.Contract;
using AirMonitor.Influx;
using AirMonitor.Mqtt;

namespace AirMonitor.Cli.Bench;

/// <summary>What the phases of one <c>airmon bench</c> share: the servers, the options, and the steps every ingest phase takes alike.</summary>
internal sealed class BenchRun(CliSettings settings, BenchOptions options) : IDisposable
{
    private readonly HttpClient _influxHttp = InfluxHttp.CreateClient(settings.Influx);

    public CliSettings Settings => settings;

    public BenchOptions Options => options;

    public MqttOptions Mqtt => settings.Mqtt;

    /// <summary>The drain phase's rate, when it ran: the steady phase's default is half of it.</summary>
    public double? DrainRate { get; set; }

    /// <summary>The broker phase's rate, when it ran and was complete: the steady phase's default is at most half of it.</summary>
    public double? BrokerRate { get; set; }

    /// <summary>Devices <c>dev-0001</c> … publishing on their wire contract readings topics and listening for their acks.</summary>
    public LoadGenerator Devices(int count, string prefix = "dev") => new(Mqtt, prefix, count, Topics.Readings);

    /// <summary>Connects every device of <paramref name="load"/>, a few hundred at a time.</summary>
    public async Task ConnectAsync(LoadGenerator load, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await load.ConnectAsync(options.ConnectConcurrency, TimeSpan.FromSeconds(Math.Max(60, load.DeviceCount / 50)), cancellationToken);
        if (load.DeviceCount >= 1000)
        {
            BenchLog.Say($"  {load.DeviceCount:N0} devices connected in {clock.Elapsed.TotalSeconds:0.0} s");
        }
    }

    /// <summary>
    /// A fresh ingest for a phase, on a fresh <paramref name="database"/>, warmed up by an unreported run of devices of
    /// their own (so the phase's devices start at seq 0 in its ledger), the database emptied again after it.
    /// </summary>
    public async Task<BenchIngest> StartIngestAsync(string phase, string database, CancellationToken cancellationToken)
    {
        await RecreateDatabaseAsync(database, cancellationToken);
        var dir = Path.GetFullPath(Path.Combine(options.WorkDir, $"ingest-{phase}"));
        BenchLog.Say($"{phase}: starting the ingest (log: {Path.Combine(dir, "ingest.log")})");
        var ingest = await BenchIngest.StartAsync(settings, database, dir, cancellationToken);
        try
        {
            if (options.WarmUpDevices > 0 && options.WarmUpMessages > 0)
            {
                await WarmUpAsync(phase, cancellationToken);
                await RecreateDatabaseAsync(database, cancellationToken);
            }
        }
        catch
        {
            await ingest.DisposeAsync();
            throw;
        }

        return ingest;
    }

    /// <summary>Drops and creates <paramref name="database"/>.</summary>
    public async Task RecreateDatabaseAsync(string database, CancellationToken cancellationToken)
    {
        var query = new InfluxQueryClient(_influxHttp, settings.Influx);
        await query.QueryAsync($"DROP DATABASE \"{database}\"", null, cancellationToken);
        await query.CreateDatabaseAsync(database, cancellationToken);
    }

    /// <summary>
    /// The points of measurement <c>air</c> per sensor, those stamped for seqs [<paramref name="firstSeq"/>,
    /// <paramref name="endSeq"/>) of the harness's readings (each seq has its own second).
    /// </summary>
    public async Task<SensorPoints> CountPointsAsync(string database, long firstSeq, long endSeq, CancellationToken cancellationToken)
    {
        var query = new InfluxQueryClient(_influxHttp, settings.Influx);
        var from = PeerReadings.T0 + (firstSeq * PeerReadings.IntervalMs);
        var to = PeerReadings.T0 + (endSeq * PeerReadings.IntervalMs);
        var series = await query.QueryAsync(
            string.Create(CultureInfo.InvariantCulture, $"SELECT count(pm2_5) AS pms5003, count(temperature) AS bme280 FROM air WHERE time >= {from}ms AND time < {to}ms"),
            database,
            cancellationToken);
        return series.Count == 0 ? new SensorPoints(0, 0) : new SensorPoints(series[0].GetInt64(0, "pms5003") ?? 0, series[0].GetInt64(0, "bme280") ?? 0);
    }

    /// <summary>After a run: what InfluxDB holds of it and what the ingest counted since <paramref name="before"/>.</summary>
    public async Task<IngestCheck> CheckAsync(
        BenchIngest ingest, string database, long firstSeq, long endSeq, long sent, IngestCounters before, MqttEvents mqttBefore, CancellationToken cancellationToken)
    {
        var points = await CountPointsAsync(database, firstSeq, endSeq, cancellationToken);
        var alive = !ingest.HasExited;
        var counters = alive ? await ingest.CountersAsync(cancellationToken) - before : null;
        return new IngestCheck(points, sent, counters, ingest.MqttEvents() - mqttBefore, alive);
    }

    public void Dispose() => _influxHttp.Dispose();

    private async Task WarmUpAsync(string phase, CancellationToken cancellationToken)
    {
        var (devices, messages) = (options.WarmUpDevices, options.WarmUpMessages);
        await using var warmUp = Devices(devices, "warmup");
        await ConnectAsync(warmUp, cancellationToken);
        warmUp.Prepare(0, messages);
        var start = Stopwatch.GetTimestamp();
        var publishing = warmUp.PublishAllAsync(options.Window, cancellationToken);
        var ending = await warmUp.WaitAcknowledgedAsync(start, publishing, options.Timeout, options.Stall, cancellationToken);
        if (ending.Result == WaitResult.Complete)
        {
            await publishing.WaitAsync(options.Timeout, cancellationToken);
        }

        var outcome = warmUp.Outcome(start, ending);
        if (!outcome.AllAcknowledged)
        {
            throw new BenchException($"the warm-up ({devices}x{messages}) was not acknowledged: {outcome.Acknowledged:N0} of {outcome.Expected:N0} ({ending.Result})");
        }

        BenchLog.Say($"{phase}: warm-up {devices}x{messages} acknowledged in {outcome.Seconds:0.00} s (not reported)");
    }
}

/// <summary>Points of measurement <c>air</c> counted in InfluxDB, per sensor of the harness's messages.</summary>
internal readonly record struct SensorPoints(long Pms5003, long Bme280);

/// <summary>What is checked after an ingest run.</summary>
/// <param name="Expected">Points of each sensor there should be: one per message sent.</param>
/// <param name="Counters">The ingest's own counts over the run; null when it has died.</param>
/// <param name="Mqtt">Connects (each a reconnect: it was connected before) and disconnects of its MQTT connection over the run.</param>
internal sealed record IngestCheck(SensorPoints Points, long Expected, IngestCounters? Counters, MqttEvents Mqtt, bool Alive)
{
    /// <summary>InfluxDB holds one point of each sensor per message sent, and the ingest stored each message once.</summary>
    public bool StoredExactlyOnce => Points.Pms5003 == Expected && Points.Bme280 == Expected && Counters is { Stored: var stored, Repeats: 0 } && stored == Expected;
}
