using System.Diagnostics.Metrics;
using AirMonitor.Ingest.Observability;

namespace AirMonitor.Ingest.Tests;

public sealed class PrometheusExporterTests
{
    [Fact]
    public void Counters_histograms_and_gauges_render_in_the_prometheus_text_format()
    {
        using var exporter = new PrometheusExporter();
        using var meter = new Meter($"AirMonitor.Test.{Guid.NewGuid():N}");
        var counter = meter.CreateCounter<long>("airmon.test.rejects", "{rejection}", "Rejected");
        var histogram = meter.CreateHistogram<double>("airmon.test.latency", "ms", "Latency");
        var depth = 7L;
        meter.CreateObservableGauge("airmon.test.depth", () => depth, "{message}", "Depth");

        counter.Add(2, new KeyValuePair<string, object?>("reason", "out_of_range"));
        counter.Add(1, new KeyValuePair<string, object?>("reason", "out_of_range"));
        counter.Add(1, new KeyValuePair<string, object?>("reason", "say \"hi\""));
        histogram.Record(3);
        histogram.Record(40);
        var text = exporter.Render();
        depth = 4;
        var second = exporter.Render();

        Assert.Contains("# TYPE airmon_test_rejects_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("airmon_test_rejects_total{reason=\"out_of_range\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("airmon_test_rejects_total{reason=\"say \\\"hi\\\"\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE airmon_test_latency_milliseconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("airmon_test_latency_milliseconds_bucket{le=\"2\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("airmon_test_latency_milliseconds_bucket{le=\"5\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("airmon_test_latency_milliseconds_bucket{le=\"50\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("airmon_test_latency_milliseconds_bucket{le=\"+Inf\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("airmon_test_latency_milliseconds_sum 43\n", text, StringComparison.Ordinal);
        Assert.Contains("airmon_test_latency_milliseconds_count 2\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE airmon_test_depth gauge\nairmon_test_depth 7\n", text, StringComparison.Ordinal);
        Assert.Contains("airmon_test_depth 4\n", second, StringComparison.Ordinal);
    }

    [Fact]
    public void Meters_outside_airmonitor_are_not_exported()
    {
        using var exporter = new PrometheusExporter();
        using var meter = new Meter($"Other.{Guid.NewGuid():N}");
        meter.CreateCounter<long>("other.count").Add(5);

        Assert.DoesNotContain("other_count", exporter.Render(), StringComparison.Ordinal);
    }
}
