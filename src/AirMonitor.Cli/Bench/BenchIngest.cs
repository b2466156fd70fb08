using System.Diagnostics;
using AirMonitor.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;

namespace AirMonitor.Cli.Bench;

/// <summary>
/// The ingest under measurement: the real <c>airmon-ingest</c> as a child process with its defaults (derivation and
/// alert engine on, no station registry), as the peer harness runs it: a stable client id with a persistent session
/// (so a paused ingest has the broker queue for it), its state files in the phase's own directory, and a
/// <c>Validation:MaxAge</c> reaching back to the harness's timestamps. Its session is discarded before it starts and
/// after it stops, so no other phase's readings queue for it.
/// </summary>
internal sealed class BenchIngest : IAsyncDisposable
{
    public const string ClientId = "airmon-bench-ingest";

    /// <summary>The harness's samples are stamped from November 2025 on; the default 30 days would reject them.</summary>
    public const string MaxAge = "3650.00:00:00";

    private static readonly TimeSpan SubscribeTimeout = TimeSpan.FromSeconds(60);

    private readonly IngestProcess _ingest;
    private readonly MqttOptions _mqtt;

    private BenchIngest(IngestProcess ingest, MqttOptions mqtt)
    {
        _ingest = ingest;
        _mqtt = mqtt;
    }

    public int ProcessId => _ingest.Process.ProcessId;

    public string LogPath => _ingest.Process.LogPath;

    public bool HasExited => _ingest.Process.HasExited;

    /// <summary>Starts a fresh ingest (empty seq ledger, alert store and dead letters in <paramref name="dir"/>) on <paramref name="database"/>; returns once it has subscribed.</summary>
    public static async Task<BenchIngest> StartAsync(CliSettings settings, string database, string dir, CancellationToken cancellationToken)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        await ClearSessionAsync(settings.Mqtt, cancellationToken);
        var process = await IngestProcess.StartAsync(
            settings.IngestArguments(database).Concat([$"--Mqtt:ClientId={ClientId}", $"--Validation:MaxAge={MaxAge}"]),
            dir,
            cancellationToken);
        var ingest = new BenchIngest(process, settings.Mqtt);
        try
        {
            await ingest.WaitSubscribedAsync(cancellationToken);
        }
        catch
        {
            await ingest.DisposeAsync();
            throw;
        }

        return ingest;
    }

    /// <summary>
    /// Discards the sessions the broker keeps for the ingest's two connections, readings (<see cref="ClientId"/>, with the
    /// readings queued in it) and publishing (its id + "-publish", with the acks of other replicas): one clean-start connect
    /// each with no session expiry.
    /// </summary>
    public static async Task ClearSessionAsync(MqttOptions mqtt, CancellationToken cancellationToken)
    {
        foreach (var clientId in (string[])[ClientId, ClientId + "-publish"])
        {
            await using var connection = new MqttConnection(mqtt, clientId, NullLogger.Instance, MqttSession.Throwaway);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var run = connection.RunAsync((_, _) => Task.CompletedTask, stop.Token);
            try
            {
                await connection.WaitConnectedAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new BenchException($"could not connect to the broker at {mqtt.Url} within 30 s to clear the session of {clientId}");
            }
            finally
            {
                await stop.CancelAsync();
                await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>SIGSTOP: the ingest stops where it stands; its connection stays open and the broker queues its readings.</summary>
    public void Pause() => _ingest.Process.Pause();

    /// <summary>SIGCONT.</summary>
    public void Resume() => _ingest.Process.Resume();

    /// <summary>How often its MQTT connection has connected and been lost so far, as its log says.</summary>
    public MqttEvents MqttEvents()
    {
        var log = ReadLog();
        return new MqttEvents(Count(log, $"MQTT client {ClientId} connected ("), Count(log, $"MQTT client {ClientId} disconnected ("));
    }

    /// <summary>The ingest's own counts from <c>/metrics</c>.</summary>
    public async Task<IngestCounters> CountersAsync(CancellationToken cancellationToken)
    {
        var samples = await _ingest.ScrapeAsync(cancellationToken);
        double Sum(string prefix) => samples.Where(s => s.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(s => s.Value);
        return new IngestCounters(
            Stored: (long)Sum("airmon_ingest_messages_total{outcome=\"stored\"}"),
            Rejected: (long)Sum("airmon_ingest_messages_total{outcome=\"rejected\"}"),
            Rejects: (long)Sum("airmon_ingest_rejects_total"),
            AckFailures: (long)Sum("airmon_ingest_ack_failures_total"),
            Repeats: (long)Sum("airmon_ingest_seq_total{outcome=\"repeat\"}"),
            AckLatency: [.. samples
                .Where(s => s.Key.StartsWith(LatencyBucket, StringComparison.Ordinal))
                .Select(s => (Le: s.Key[LatencyBucket.Length..^2] is var le && le == "+Inf" ? double.PositiveInfinity : double.Parse(le, System.Globalization.CultureInfo.InvariantCulture), Count: s.Value))
                .OrderBy(b => b.Le)]);
    }

    private const string LatencyBucket = "airmon_ingest_ack_latency_milliseconds_bucket{le=\"";

    public async ValueTask DisposeAsync()
    {
        await _ingest.StopAsync(TimeSpan.FromSeconds(20));
        await _ingest.DisposeAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
            await ClearSessionAsync(_mqtt, timeout.Token);
        }
        catch (Exception e) when (e is BenchException or OperationCanceledException)
        {
            BenchLog.Say($"could not clear the ingest's MQTT session ({e.Message}); the next start clears it");
        }
    }

    // Its connection logs "connected" once the subscription is made: only then does the broker queue readings for it.
    private async Task WaitSubscribedAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (MqttEvents().Connects == 0)
        {
            if (_ingest.Process.HasExited)
            {
                throw new BenchException($"the ingest exited with code {_ingest.Process.ExitCode}; see {LogPath}");
            }

            if (clock.Elapsed > SubscribeTimeout)
            {
                throw new BenchException($"the ingest did not subscribe within {SubscribeTimeout.TotalSeconds:0} s; see {LogPath}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private string ReadLog()
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static int Count(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

internal readonly record struct MqttEvents(int Connects, int Disconnects)
{
    public static MqttEvents operator -(MqttEvents after, MqttEvents before) => new(after.Connects - before.Connects, after.Disconnects - before.Disconnects);
}

/// <param name="Stored">Messages settled as stored (<c>airmon_ingest_messages_total{outcome="stored"}</c>).</param>
/// <param name="Rejects">Rejections of messages or samples, every reason.</param>
/// <param name="AckFailures">Acks the ingest could not send (PUBACK, or the device's ack).</param>
/// <param name="Repeats">Seqs settled again: a message delivered and stored twice.</param>
/// <param name="AckLatency">The ingest's histogram of receipt → acknowledgement, as (bucket upper bound in ms, cumulative count); +Inf parsed as infinity.</param>
internal sealed record IngestCounters(long Stored, long Rejected, long Rejects, long AckFailures, long Repeats, IReadOnlyList<(double Le, double Count)> AckLatency)
{
    public static IngestCounters operator -(IngestCounters after, IngestCounters before) => new(
        after.Stored - before.Stored, after.Rejected - before.Rejected, after.Rejects - before.Rejects,
        after.AckFailures - before.AckFailures, after.Repeats - before.Repeats,
        [.. after.AckLatency.Select(b => (b.Le, b.Count - before.AckLatency.FirstOrDefault(p => p.Le.Equals(b.Le)).Count))]);

    /// <summary>The upper bound of the histogram bucket that holds the <paramref name="quantile"/> of the ingest's own latency; null without counts.</summary>
    public double? AckLatencyAtMost(double quantile)
    {
        var total = AckLatency.Count > 0 ? AckLatency[^1].Count : 0;
        return total <= 0 ? null : AckLatency.First(b => b.Count >= quantile * total).Le;
    }
}
