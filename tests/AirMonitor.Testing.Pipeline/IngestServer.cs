using System.Diagnostics;
using System.Globalization;
using AirMonitor.Ingest.Accounting;
using AirMonitor.Ingest.Observability;
using AirMonitor.Testing.Servers;

namespace AirMonitor.Testing.Pipeline;

/// <summary>
/// The real ingest (<c>airmon-ingest.dll</c>, beside every test project that references this one) as a child
/// process, its dead letters, seq ledger and alert store in its own directory: it can be killed with -9 and started again on the
/// same state, as systemd would restart it.
/// </summary>
public sealed class IngestServer(params string[] configuration) : ServerProcess("ingest")
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public Uri Url => new($"http://127.0.0.1:{Port}");

    protected override ProcessStartInfo CreateStartInfo() => new("dotnet",
    [
        Path.Combine(AppContext.BaseDirectory, "airmon-ingest.dll"),
        $"--Urls={Url}",
        $"--Ingest:DeadLetterDirectory={Path.Combine(Directory, "deadletter")}",
        $"--Accounting:LedgerPath={Path.Combine(Directory, "seq-ledger.db")}",
        $"--Alerts:StatePath={Path.Combine(Directory, "alerts.db")}",
        "--Logging:LogLevel:Default=Warning",
        .. configuration,
    ]);

    protected override Task<bool> IsReadyAsync(CancellationToken cancellationToken) => AnswersAsync(Http, new Uri(Url, "/health"), cancellationToken);

    /// <summary>The seq account of every device (<c>/devices</c>).</summary>
    public Task<IReadOnlyList<DeviceSeqStatus>> DevicesAsync() => IngestHttp.DevicesAsync(Url);

    /// <summary>One sample of a Prometheus metric, e.g. <c>airmon_ingest_inflight</c>; 0 when absent.</summary>
    public Task<double> MetricAsync(string nameAndLabels) => IngestHttp.MetricAsync(Url, nameAndLabels);

    /// <summary>The process's resident memory now (VmRSS), in bytes.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{ProcessId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}

/// <summary>The ingest's HTTP endpoints, for an ingest in this process or a child.</summary>
public static class IngestHttp
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static async Task<IReadOnlyList<DeviceSeqStatus>> DevicesAsync(Uri ingest) =>
        System.Text.Json.JsonSerializer.Deserialize<List<DeviceSeqStatus>>(
            await Http.GetStringAsync(new Uri(ingest, "/devices")), System.Text.Json.JsonSerializerOptions.Web)!;

    public static async Task<double> MetricAsync(Uri ingest, string nameAndLabels) =>
        PrometheusExporter.ParseSamples(await Http.GetStringAsync(new Uri(ingest, "/metrics"))).GetValueOrDefault(nameAndLabels);
}
