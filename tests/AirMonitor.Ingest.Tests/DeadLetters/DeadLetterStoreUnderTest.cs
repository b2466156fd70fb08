using AirMonitor.Ingest.DeadLetters;
using AirMonitor.Ingest.Observability;
using AirMonitor.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AirMonitor.Ingest.Tests.DeadLetters;

/// <summary>A <see cref="DeadLetterStore"/> in a temporary directory on a fake clock, with its metrics and log lines at hand.</summary>
internal sealed class DeadLetterStoreUnderTest : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly PrometheusExporter _exporter;
    private readonly IngestMetrics _metrics;
    private DeadLetterStore? _store;

    public DeadLetterStoreUnderTest(DeadLetterOptions? options = null)
    {
        Options = options ?? new DeadLetterOptions();
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "airmon-deadletter-tests"));
        DirectoryPath = Path.Combine(Path.GetTempPath(), "airmon-deadletter-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DirectoryPath);
        var factory = _services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        _exporter = new PrometheusExporter(factory);
        _metrics = new IngestMetrics(factory);
    }

    public DeadLetterOptions Options { get; }

    public string DirectoryPath { get; }

    public FakeTimeProvider Time { get; } = new(Start);

    public CapturingLogger<DeadLetterStore> Log { get; } = new();

    /// <summary>What the store logged at warning or above.</summary>
    public IReadOnlyList<string> Warnings => [.. Log.Entries.Where(e => e.Level >= LogLevel.Warning).Select(e => e.Message)];

    /// <summary>The store, opened on first use (so files put in the directory before are what it finds at start).</summary>
    public DeadLetterStore Store => _store ??= Open();

    public DeadLetterStore Open()
    {
        _store?.Dispose();
        _store = new DeadLetterStore(DirectoryPath, Options, _metrics, Time, Log);
        return _store;
    }

    /// <summary>A rejected message's letter from <paramref name="device"/>, received now.</summary>
    public bool Add(string device, byte[] payload, long? seq = 1) =>
        Store.Add(Time.GetUtcNow(), $"airmon/v1/{device}/readings", device, seq, [new DeadLetterReason("out_of_range", "pm2_5 65000 µg/m³ is outside 0..10000", 0)], payload);

    public string PathOf(DateOnly day) => Path.Combine(DirectoryPath, $"deadletter-{day:yyyy-MM-dd}.jsonl");

    public string[] FileNames() => [.. Directory.GetFiles(DirectoryPath).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    /// <summary>A metric's value as <c>/metrics</c> shows it; 0 when it has no line yet.</summary>
    public double Metric(string series) => PrometheusExporter.ParseSamples(_exporter.Render()).GetValueOrDefault(series);

    public void Dispose()
    {
        _store?.Dispose();
        _exporter.Dispose();
        _services.Dispose();
        Directory.Delete(DirectoryPath, recursive: true);
    }
}
