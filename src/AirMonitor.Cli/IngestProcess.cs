using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace AirMonitor.Cli;

/// <summary>
/// The real ingest (<c>airmon-ingest.dll</c>, built beside this tool) run as a child process, so that what is
/// measured of it (memory, throughput) is the ingest's alone. It inherits the <c>AIRMON_</c> environment.
/// </summary>
public sealed partial class IngestProcess : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly Process _process;
    private long _peakResidentBytes;

    private IngestProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts the ingest with extra configuration (<c>--Key=value</c>) and waits until it is healthy.</summary>
    public static async Task<IngestProcess> StartAsync(IEnumerable<string> configuration, string logPath, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "airmon-ingest.dll"));
        foreach (var argument in configuration.Append($"--Urls={url}"))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the ingest");
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

        var ingest = new IngestProcess(process, url);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (!await ingest.IsHealthyAsync(deadline.Token))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the ingest exited with code {process.ExitCode}; see {logPath}");
            }

            await Task.Delay(200, deadline.Token);
        }

        return ingest;
    }

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(Url, "/health"), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>The ingest's Prometheus metrics as name{labels} → value.</summary>
    public async Task<IReadOnlyDictionary<string, double>> ScrapeAsync(CancellationToken cancellationToken)
    {
        var text = await Http.GetStringAsync(new Uri(Url, "/metrics"), cancellationToken);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var space = line.LastIndexOf(' ');
            if (line.Length > 0 && line[0] != '#' && space > 0
                && double.TryParse(line.AsSpan(space + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                values[line[..space]] = value;
            }
        }

        return values;
    }

    /// <summary>The most resident memory the process has had (Linux VmHWM), read while it runs.</summary>
    public long PeakResidentBytes
    {
        get
        {
            SamplePeak();
            return _peakResidentBytes;
        }
    }

    /// <summary>A graceful stop (SIGTERM): the ingest drains what it holds and exits.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        SamplePeak();
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

    private void SamplePeak()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kib = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    _peakResidentBytes = Math.Max(_peakResidentBytes, kib * 1024);
                }
            }
        }
        catch (IOException)
        {
            // the process has gone; the last reading stands
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
