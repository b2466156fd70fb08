using System.Net;
using System.Net.Sockets;
using AirMonitor.AirQuality.Alerts;
using AirMonitor.Ingest.Observability;

namespace AirMonitor.Cli;

/// <summary>The real ingest as a <see cref="ChildProcess"/>, on a free port, with its health and metrics endpoints.</summary>
public sealed class IngestProcess : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private IngestProcess(ChildProcess process, Uri url)
    {
        Process = process;
        Url = url;
    }

    public ChildProcess Process { get; }

    public Uri Url { get; }

    /// <summary>
    /// Starts the ingest with extra configuration (<c>--Key=value</c>) and waits until it is healthy. Its log
    /// (<c>ingest.log</c>), dead letters (<c>deadletter/</c>), seq ledger (<c>seq-ledger.db</c>) and alert store (<c>alerts.db</c>) go in <paramref name="workDir"/>.
    /// </summary>
    public static async Task<IngestProcess> StartAsync(IEnumerable<string> configuration, string workDir, CancellationToken cancellationToken)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var logPath = Path.Combine(Directory.CreateDirectory(workDir).FullName, "ingest.log");
        string[] files = [$"--Ingest:DeadLetterDirectory={Path.Combine(workDir, "deadletter")}", $"--Accounting:LedgerPath={Path.Combine(workDir, "seq-ledger.db")}",
            $"--Alerts:StatePath={Path.Combine(workDir, "alerts.db")}"];
        var ingest = new IngestProcess(ChildProcess.Start("airmon-ingest", files.Concat(configuration).Append($"--Urls={url}"), logPath), url);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (!await ingest.IsHealthyAsync(deadline.Token))
        {
            if (ingest.Process.HasExited)
            {
                throw new InvalidOperationException($"the ingest exited with code {ingest.Process.ExitCode}; see {logPath}");
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
    public async Task<IReadOnlyDictionary<string, double>> ScrapeAsync(CancellationToken cancellationToken) =>
        PrometheusExporter.ParseSamples(await Http.GetStringAsync(new Uri(Url, "/metrics"), cancellationToken));

    /// <summary>The alerts firing now (<c>/alerts</c>), oldest first.</summary>
    public async Task<IReadOnlyList<AlertEvent>> AlertsAsync(CancellationToken cancellationToken) =>
        AlertJson.DecodeList(await Http.GetByteArrayAsync(new Uri(Url, "/alerts"), cancellationToken));

    /// <summary>A graceful stop (SIGTERM): the ingest drains what it holds and exits.</summary>
    public Task StopAsync(TimeSpan timeout) => Process.StopAsync(timeout);

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
