using System.Diagnostics.Metrics;
using System.Globalization;
using AirMonitor.Ingest.Observability;
using AirMonitor.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AirMonitor.Ingest.Tests;

/// <summary>One state of the ingest's local disks: since when each store fails, counted, logged once a minute at most.</summary>
public sealed class LocalStoreHealthTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly PrometheusExporter _exporter;
    private readonly FakeTimeProvider _time = new(Start);
    private readonly CapturingLogger<LocalStoreHealth> _log = new();
    private readonly LocalStoreHealth _health;

    public LocalStoreHealthTests()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _exporter = new PrometheusExporter(factory);
        _health = new LocalStoreHealth(new IngestMetrics(factory), _time, _log);
    }

    [Fact]
    public void A_failing_store_is_shown_since_its_first_failure_counted_each_time_and_logged_once_a_minute_until_it_recovers()
    {
        var full = new IOException("No space left on device");
        Assert.Equal(0, Metric("airmon_ingest_local_store_failing{store=\"seq-ledger\"}"));

        _health.Failed(LocalStoreHealth.SeqLedger, full);
        _time.Advance(TimeSpan.FromSeconds(30));
        _health.Failed(LocalStoreHealth.SeqLedger, full);
        var snapshot = _health.FailingSince;
        Assert.Equal(new Dictionary<string, DateTimeOffset> { [LocalStoreHealth.SeqLedger] = Start }, snapshot);
        Assert.Equal(1, Metric("airmon_ingest_local_store_failing{store=\"seq-ledger\"}"));
        Assert.Equal(0, Metric("airmon_ingest_local_store_failing{store=\"alert-store\"}"));
        Assert.Equal(0, Metric("airmon_ingest_local_store_failing{store=\"dead-letters\"}"));
        Assert.Single(_log.Entries);

        _time.Advance(TimeSpan.FromSeconds(31));
        _health.Failed(LocalStoreHealth.SeqLedger, full);
        _health.Failed(LocalStoreHealth.AlertStore, full);
        Assert.Equal(3, Metric("airmon_ingest_local_store_failures_total{store=\"seq-ledger\"}"));
        Assert.Equal(1, Metric("airmon_ingest_local_store_failures_total{store=\"alert-store\"}"));

        _health.Recovered(LocalStoreHealth.SeqLedger);
        _health.Recovered(LocalStoreHealth.SeqLedger);
        _health.Recovered(LocalStoreHealth.DeadLetters);

        Assert.Equal([LocalStoreHealth.AlertStore], _health.FailingSince.Keys);
        Assert.Equal(Start, snapshot[LocalStoreHealth.SeqLedger]); // a snapshot: it does not change under its reader
        Assert.Equal(0, Metric("airmon_ingest_local_store_failing{store=\"seq-ledger\"}"));
        Assert.Equal(1, Metric("airmon_ingest_local_store_failing{store=\"alert-store\"}"));
        Assert.Equal(
            [
                (LogLevel.Error, "Local store seq-ledger cannot write (No space left on device): its work is held and retried; nothing it holds is acknowledged"),
                (LogLevel.Error, string.Create(CultureInfo.InvariantCulture, $"Local store seq-ledger still cannot write, failing since {Start}; 2 more failure(s) since the last line: No space left on device")),
                (LogLevel.Error, "Local store alert-store cannot write (No space left on device): its work is held and retried; nothing it holds is acknowledged"),
                (LogLevel.Information, string.Create(CultureInfo.InvariantCulture, $"Local store seq-ledger writes again (failing since {Start})")),
            ],
            _log.Entries);
    }

    public void Dispose()
    {
        _exporter.Dispose();
        _services.Dispose();
    }

    private double Metric(string series) => PrometheusExporter.ParseSamples(_exporter.Render()).GetValueOrDefault(series);
}
