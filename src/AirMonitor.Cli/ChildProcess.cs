using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace AirMonitor.Cli;

/// <summary>What the kernel says a process uses: resident memory now and at its peak, and CPU time so far.</summary>
public readonly record struct ProcessUsage(long ResidentBytes, long PeakResidentBytes, TimeSpan CpuTime);

/// <summary>
/// One of the project's own programs (<c>airmon-ingest.dll</c>, <c>airmon-edge.dll</c>, built beside this tool) run as
/// a child process, so that what is measured of it (memory, CPU) is its alone. It inherits the <c>AIRMON_</c>
/// environment; its output goes to a log file.
/// </summary>
public sealed partial class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private ProcessUsage _last;

    private ChildProcess(Process process, string logPath)
    {
        _process = process;
        LogPath = logPath;
    }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string LogPath { get; }

    /// <summary>Starts <c>dotnet {program}.dll {arguments}</c>.</summary>
    public static ChildProcess Start(string program, IEnumerable<string> arguments, string logPath)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, $"{program}.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var logLock = new Lock();
        void Write(string? line)
        {
            if (line is not null)
            {
                lock (logLock)
                {
                    log.WriteLine(line);
                }
            }
        }

        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Exited += (_, _) => { lock (logLock) { log.Dispose(); } };
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process, logPath);
    }

    /// <summary>Reads /proc/{pid}: VmRSS, VmHWM, and utime + stime. Once the process is gone, the last reading.</summary>
    public ProcessUsage Usage()
    {
        try
        {
            long resident = 0, peak = 0;
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    resident = Kibibytes(line) * 1024;
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = Kibibytes(line) * 1024;
                }
            }

            // Fields 14 and 15 (utime, stime) in clock ticks, counted after the parenthesised command name.
            var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            _last = new ProcessUsage(resident, Math.Max(peak, _last.PeakResidentBytes), TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the process has gone; the last reading stands
        }

        return _last;
    }

    /// <summary>A graceful stop (SIGTERM), then kill if it has not exited within <paramref name="timeout"/>.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        Usage();
        _ = Kill(_process.Id, 15);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(20));
        _process.Dispose();
    }

    private static long Kibibytes(string line) =>
        long.Parse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);

    private static readonly long ClockTicksPerSecond = Sysconf(ScClockTicks);

    private const int ScClockTicks = 2;

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long Sysconf(int name);

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
