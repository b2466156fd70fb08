using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AirMonitor.Testing.Servers;

/// <summary>
/// A real server (Mosquitto, InfluxDB) run as a child process in its own temporary directory.
/// Derived types write the configuration and say how readiness is probed.
/// </summary>
public abstract class ServerProcess : IAsyncDisposable
{
    private static readonly string[] TcpTables = ["/proc/net/tcp", "/proc/net/tcp6"];
    private Process? _process;
    private bool _started;

    protected ServerProcess(string name)
    {
        Name = name;
        Directory = Path.Combine(Path.GetTempPath(), $"airmon-{name}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        Port = FreePort();
    }

    public string Name { get; }

    /// <summary>The temporary directory that holds this server's configuration, data and log.</summary>
    public string Directory { get; }

    public int Port { get; private set; }

    public string LogPath => Path.Combine(Directory, "server.log");

    public bool IsRunning => _process is { HasExited: false };

    public int? ProcessId => IsRunning ? _process!.Id : null;

    /// <summary>The exit code of the last run, once it has exited.</summary>
    public int? ExitCode => _process is { HasExited: true } process ? process.ExitCode : null;

    /// <summary>The command to run; derived types write their configuration here, so that it names the current ports.</summary>
    protected abstract ProcessStartInfo CreateStartInfo();

    protected abstract Task<bool> IsReadyAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Starts the server and waits until it answers, failing with its log if it does not. A first start whose port
    /// was taken between <see cref="FreePort"/> and the bind (by a client's ephemeral port, or a parallel test
    /// assembly's server) moves to fresh ports; a restart keeps its ports, as its clients expect.
    /// </summary>
    public async Task StartAsync(TimeSpan? timeout = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            // Where this attempt's lines begin (ReadLog of a missing file is a message, not an empty log).
            var logBefore = File.Exists(LogPath) ? ReadLog().Length : 0;
            try
            {
                await StartOnceAsync(timeout);
                _started = true;
                return;
            }
            catch (InvalidOperationException) when (!_started && attempt < 3
                && ReadLog()[Math.Min(logBefore, ReadLog().Length)..].Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                ChooseNewPorts();
            }
        }
    }

    /// <summary>Whether the server listens on <see cref="Port"/>: then it is ready only once that listener is its own, not another's.</summary>
    protected virtual bool ListensOnPort => true;

    /// <summary>Picks fresh ports after a bind conflict; types that listen on more than <see cref="Port"/> pick those too.</summary>
    protected virtual void ChooseNewPorts() => Port = FreePort();

    private async Task StartOnceAsync(TimeSpan? timeout)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} is already running");
        }

        var startInfo = CreateStartInfo();
        startInfo.UseShellExecute = false;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        var log = new StreamWriter(LogPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        // The log closes when both streams end, not when the process exits: its last lines (a bind error) come after that.
        var openStreams = 2;
        void OnLine(string? line)
        {
            WriteLog(log, line);
            if (line is null && Interlocked.Decrement(ref openStreams) == 0)
            {
                lock (log)
                {
                    log.Dispose();
                }
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"{Name} did not start: {startInfo.FileName}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (process.HasExited)
            {
                // HasExited is seen before the last output lines are logged; this waits until both streams have ended.
                process.WaitForExit();
                throw new InvalidOperationException($"{Name} exited with {process.ExitCode} at start; log:\n{ReadLog()}");
            }

            try
            {
                if (await IsReadyAsync(deadline.Token) && (!ListensOnPort || OwnsListenerOn(process.Id, Port)))
                {
                    return;
                }

                await Task.Delay(50, deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                Kill();
                throw new TimeoutException($"{Name} did not become ready on port {Port}; log:\n{ReadLog()}");
            }
        }
    }

    /// <summary>kill -9: no chance to flush or say goodbye.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>SIGSTOP / SIGCONT: the process stays alive but answers nothing.</summary>
    public void Pause() => Signal("STOP");

    public void Resume() => Signal("CONT");

    /// <summary>SIGHUP: the server reads its files again (Mosquitto: password files, ACLs, CRL).</summary>
    public void Reload() => Signal("HUP");

    /// <summary>A graceful stop (SIGTERM), falling back to kill after the timeout.</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        Signal("TERM");
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    public string ReadLog()
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return new StreamReader(stream).ReadToEnd();
        }
        catch (IOException e)
        {
            return $"(no log: {e.Message})";
        }
    }

    public virtual async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5));
        _process?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open by a dying process: the temp directory is cleaned by the OS later
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>A TCP port that nothing listens on now (the OS picks it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    protected async Task<bool> AcceptsTcpAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>True when <paramref name="uri"/> answers 2xx; false while nothing listens there yet.</summary>
    protected static async Task<bool> AnswersAsync(HttpClient http, Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(uri, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false; // nothing listens yet, or something else does and does not answer
        }
    }

    /// <summary>Whether process <paramref name="pid"/> holds a listening TCP socket on <paramref name="port"/> (Linux /proc).</summary>
    private static bool OwnsListenerOn(int pid, int port)
    {
        var listening = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in TcpTables.Where(File.Exists))
        {
            // sl local_address rem_address st ... inode: the local port is hex after the colon; state 0A is LISTEN.
            foreach (var fields in File.ReadLines(table).Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            {
                if (fields.Length > 9 && fields[3] == "0A"
                    && int.Parse(fields[1].AsSpan(fields[1].IndexOf(':') + 1), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) == port)
                {
                    listening.Add($"socket:[{fields[9]}]");
                }
            }
        }

        try
        {
            return listening.Count > 0 && new DirectoryInfo($"/proc/{pid}/fd").EnumerateFileSystemInfos()
                .Any(fd => fd.LinkTarget is { } target && listening.Contains(target));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // the process is gone
        }
    }

    private void Signal(string signal)
    {
        if (_process is { HasExited: false } process)
        {
            using var kill = Process.Start("kill", $"-{signal} {process.Id}");
            kill.WaitForExit();
        }
    }

    private static void WriteLog(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }
}
