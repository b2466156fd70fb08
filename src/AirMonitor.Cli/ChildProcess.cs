using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace AirMonitor.Cli;

/// <summary>What the kernel says a process uses: resident memory now and at its peak, and CPU time so far.</summary>
public readonly partial record struct ProcessUsage(long ResidentBytes, long PeakResidentBytes, TimeSpan CpuTime)
{
    private const int ScClockTicks = 2;

    private static readonly long ClockTicksPerSecond = Sysconf(ScClockTicks);

    /// <summary>Reads /proc/{pid}: VmRSS, VmHWM (the high-water mark of the process's whole life), and utime + stime.</summary>
    /// <returns>False when the process has gone.</returns>
    public static bool TryRead(int pid, out ProcessUsage usage)
    {
        usage = default;
        try
        {
            long resident = 0, peak = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
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
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            usage = new ProcessUsage(resident, peak, TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The number of a <c>/proc/{pid}/status</c> line such as <c>VmRSS:   61144 kB</c>.</summary>
    internal static long Kibibytes(string line) =>
        long.Parse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long Sysconf(int name);
}

/// <summary>
/// One of the project's own programs (<c>airmon-ingest.dll</c>, <c>airmon-edge.dll</c>, built beside this tool, or a
/// published executable) run as a child process, so that what is measured of it (memory, CPU) is its alone. It
/// inherits the <c>AIRMON_</c> environment; its output goes to a log file.
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
    public static ChildProcess Start(string program, IEnumerable<string> arguments, string logPath) =>
        StartExecutable("dotnet", [Path.Combine(AppContext.BaseDirectory, $"{program}.dll"), .. arguments], logPath);

    /// <summary>
    /// Starts <c>{executable} {arguments}</c>: a published program, such as the self-contained edge, with
    /// <paramref name="environment"/> added to what it inherits.
    /// </summary>
    public static ChildProcess StartExecutable(string executable, IEnumerable<string> arguments, string logPath, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
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
        if (ProcessUsage.TryRead(_process.Id, out var usage))
        {
            _last = usage with { PeakResidentBytes = Math.Max(usage.PeakResidentBytes, _last.PeakResidentBytes) };
        }

        return _last;
    }

    /// <summary>Stops the process where it stands (SIGSTOP); the kernel keeps its sockets open, the broker queues for it.</summary>
    public void Pause() => _ = Kill(_process.Id, SigStop);

    /// <summary>Lets a paused process run on (SIGCONT).</summary>
    public void Resume() => _ = Kill(_process.Id, SigCont);

    /// <summary>A graceful stop (SIGTERM), then kill if it has not exited within <paramref name="timeout"/>.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        Usage();
        _ = Kill(_process.Id, SigTerm);
        Resume(); // a paused process would never handle the TERM
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

    private const int SigTerm = 15;
    private const int SigStop = 19;
    private const int SigCont = 18;

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
