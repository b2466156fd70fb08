using System.Diagnostics.Metrics;
using AirMonitor.Ingest.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace AirMonitor.Ingest.Tests;

public sealed class PrometheusExporterTests
{
    [Fact]
    public void Counters_histograms_and_gauges_render_in_the_prometheus_text_format()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var exporter = new PrometheusExporter(factory);
        var meter = factory.Create("AirMonitor.Test");
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
    public void Parsed_samples_are_the_rendered_values_by_name_and_labels()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var exporter = new PrometheusExporter(factory);
        var meter = factory.Create("AirMonitor.Test");
        meter.CreateCounter<long>("airmon.test.rejects", "{rejection}", "Rejected").Add(3, new KeyValuePair<string, object?>("reason", "out_of_range"));
        meter.CreateObservableGauge("airmon.test.depth", () => 2.5, "{message}", "Depth");

        var samples = PrometheusExporter.ParseSamples(exporter.Render());

        Assert.Equal(3, samples["airmon_test_rejects_total{reason=\"out_of_range\"}"]);
        Assert.Equal(2.5, samples["airmon_test_depth"]);
        Assert.Equal(2, samples.Count);
    }

    [Fact]
    public void Meters_of_other_names_or_other_hosts_are_not_exported()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var otherHost = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var exporter = new PrometheusExporter(factory);
        factory.Create("Other").CreateCounter<long>("other.count").Add(5);
        otherHost.GetRequiredService<IMeterFactory>().Create("AirMonitor.Ingest").CreateCounter<long>("airmon.elsewhere").Add(5);
        factory.Create("AirMonitor.Ingest").CreateCounter<long>("airmon.here").Add(1);

        var text = exporter.Render();

        Assert.DoesNotContain("other_count", text, StringComparison.Ordinal);
        Assert.DoesNotContain("airmon_elsewhere", text, StringComparison.Ordinal);
        Assert.Contains("airmon_here_total 1\n", text, StringComparison.Ordinal);
    }
}
