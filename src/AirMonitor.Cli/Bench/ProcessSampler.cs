using System.Diagnostics;

namespace AirMonitor.Cli.Bench;

/// <summary>What a process used over one stretch of a phase, as the kernel counts it.</summary>
/// <param name="CpuSeconds">user + system CPU time between <see cref="ProcessSampler.Start"/> and <see cref="ProcessSampler.Stop"/>.</param>
/// <param name="WallSeconds">The stretch's length.</param>
/// <param name="ResidentMaxBytes">The largest VmRSS sampled in the stretch (every 100 ms).</param>
/// <param name="HighWaterBytes">
/// VmHWM at the end: the peak of the process's whole life, start-up and earlier phases included. The kernel updates it
/// lazily, so it can read a little below <paramref name="ResidentMaxBytes"/>.
/// </param>
internal sealed record ProcessCost(double CpuSeconds, double WallSeconds, long ResidentMaxBytes, long HighWaterBytes)
{
    /// <summary>CPU time per message in microseconds.</summary>
    public double MicrosecondsPer(long messages) => messages > 0 ? CpuSeconds * 1e6 / messages : 0;

    /// <summary>Share of one core over the stretch, in percent.</summary>
    public double PercentOfCore => WallSeconds > 0 ? CpuSeconds * 100 / WallSeconds : 0;
}

/// <summary>
/// Measures a process (the ingest, or the bench itself) from /proc over a stretch of a phase: CPU time from
/// /proc/PID/stat at both ends, VmRSS every 100 ms in between (VmHWM alone is the whole life's peak), VmHWM at the end.
/// The peer harness reads the same files.
/// </summary>
internal sealed class ProcessSampler : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly int _pid;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TimeSpan _cpuAtStart;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private readonly Lock _lock = new();
    private ProcessUsage _last;
    private long _residentMax;

    private ProcessSampler(int pid)
    {
        _pid = pid;
        _last = ProcessUsage.TryRead(pid, out var usage) ? usage : throw new InvalidOperationException($"process {pid} has exited: nothing to measure");
        _cpuAtStart = usage.CpuTime;
        _residentMax = usage.ResidentBytes;
        _sampling = SampleAsync(_stop.Token);
    }

    /// <summary>Starts measuring now.</summary>
    /// <exception cref="InvalidOperationException">The process has exited.</exception>
    public static ProcessSampler Start(int pid) => new(pid);

    /// <summary>Stops measuring and returns what was used since <see cref="Start"/> (up to the last sample, if the process has exited meanwhile).</summary>
    public ProcessCost Stop()
    {
        var wall = _clock.Elapsed;
        _stop.Cancel();
        var (usage, residentMax) = Observe();
        return new ProcessCost((usage.CpuTime - _cpuAtStart).TotalSeconds, wall.TotalSeconds, residentMax, usage.PeakResidentBytes);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _sampling.Wait(TimeSpan.FromSeconds(1));
        _stop.Dispose();
    }

    private async Task SampleAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                Observe();
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    /// <summary>Reads the process now (the latest reading, if it has gone) and the largest VmRSS so far.</summary>
    private (ProcessUsage Usage, long ResidentMax) Observe()
    {
        lock (_lock)
        {
            if (ProcessUsage.TryRead(_pid, out var usage))
            {
                _last = usage;
                _residentMax = Math.Max(_residentMax, usage.ResidentBytes);
            }

            return (_last, _residentMax);
        }
    }
}

/// <summary>
/// Mosquitto's and InfluxDB's CPU over the same stretch, when scripts/bench.sh names their processes in
/// <c>AIRMON_BENCH_SERVERS</c> (<c>mosquitto=PID influxd=PID</c>): on two cores, a report must show when the broker or the
/// database, not the ingest, was the limit.
/// </summary>
internal sealed class ServerSamplers : IDisposable
{
    public const string Variable = "AIRMON_BENCH_SERVERS";

    private readonly List<(string Name, ProcessSampler Sampler)> _servers = [];

    private ServerSamplers()
    {
        foreach (var entry in (Environment.GetEnvironmentVariable(Variable) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.Split('=') is [var name, var pid] && int.TryParse(pid, System.Globalization.CultureInfo.InvariantCulture, out var id)
                && ProcessUsage.TryRead(id, out _))
            {
                _servers.Add((name, ProcessSampler.Start(id)));
            }
        }
    }

    public static ServerSamplers Start() => new();

    public IReadOnlyList<(string Name, ProcessCost Cost)> Stop() => [.. _servers.Select(s => (s.Name, s.Sampler.Stop()))];

    public void Dispose()
    {
        foreach (var (_, sampler) in _servers)
        {
            sampler.Dispose();
        }
    }
}
