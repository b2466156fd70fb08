using System.Diagnostics;

namespace AirMonitor.Cli.Bench;

/// <summary>What a process used over one stretch of a phase, as the kernel counts it.</summary>
/// <param name="CpuSeconds">user + system CPU time between <see cref="ProcessSampler.Start"/> and <see cref="ProcessSampler.Stop"/>.</param>
/// <param name="WallSeconds">The stretch's length.</param>
/// <param name="ResidentMaxBytes">The largest VmRSS sampled in the stretch (every 100 ms).</param>
/// <param name="HighWaterBytes">VmHWM at the end: the peak of the process's whole life, start-up and earlier phases included.</param>
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
    private long _residentMax;

    private ProcessSampler(int pid)
    {
        _pid = pid;
        var usage = Read(pid);
        _cpuAtStart = usage.CpuTime;
        _residentMax = usage.ResidentBytes;
        _sampling = SampleAsync(_stop.Token);
    }

    /// <summary>Starts measuring now.</summary>
    public static ProcessSampler Start(int pid) => new(pid);

    /// <summary>Stops measuring and returns what was used since <see cref="Start"/>.</summary>
    public ProcessCost Stop()
    {
        var usage = Read(_pid);
        var wall = _clock.Elapsed;
        _stop.Cancel();
        Observe(usage.ResidentBytes);
        return new ProcessCost((usage.CpuTime - _cpuAtStart).TotalSeconds, wall.TotalSeconds, Interlocked.Read(ref _residentMax), usage.PeakResidentBytes);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _sampling.Wait(TimeSpan.FromSeconds(1));
        _stop.Dispose();
    }

    private static ProcessUsage Read(int pid) =>
        ProcessUsage.TryRead(pid, out var usage) ? usage : throw new InvalidOperationException($"process {pid} has exited: nothing to measure");

    private async Task SampleAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (ProcessUsage.TryRead(_pid, out var usage))
                {
                    Observe(usage.ResidentBytes);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    private void Observe(long resident)
    {
        var seen = Interlocked.Read(ref _residentMax);
        while (resident > seen)
        {
            var before = Interlocked.CompareExchange(ref _residentMax, resident, seen);
            if (before == seen)
            {
                return;
            }

            seen = before;
        }
    }
}
