using System.Diagnostics.Metrics;
using System.Net;
using AirMonitor.Influx.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AirMonitor.Influx.Tests;

public sealed class InfluxMetricsTests(InfluxServerFixture influx) : IClassFixture<InfluxServerFixture>
{
    [Fact]
    public async Task Writes_failures_retries_batch_sizes_durations_and_buffered_points_are_measured()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        var measurements = new List<(string Instrument, double Value, string? Status)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meterFactory && instrument.Meter.Name == InfluxMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? status = null;
            foreach (var tag in tags)
            {
                status = tag.Key == "status" ? tag.Value as string : status;
            }

            lock (measurements)
            {
                measurements.Add((instrument.Name, value, status));
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();

        var db = await influx.CreateDatabaseAsync();
        var failures = 1;
        using var handler = new FaultInjectingHandler(_ => Interlocked.Decrement(ref failures) >= 0
            ? FaultInjectingHandler.Answer(HttpStatusCode.ServiceUnavailable, null, r => r.Headers.RetryAfter = new(TimeSpan.FromSeconds(1)))
            : null);
        using var http = new HttpClient(handler);
        using var time = new TimerWatchingTimeProvider();
        var options = influx.Options(db, o => (o.BatchSize, o.FlushInterval) = (3, TimeSpan.FromHours(1)));
        var client = new InfluxWriteClient(http, options, meterFactory: meterFactory);
        await using var writer = new InfluxBatchWriter(client, options, time, NullLogger<InfluxBatchWriter>.Instance, meterFactory);

        var first = writer.Append(
            [new("air", [], [new("v", 1.0)], 1), new("air", [], [new("v", 2.0)], 2), new("air", [], [new("v", 3.0)], 3)]);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));
        await first.StoredAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var second = writer.Append([new("air", [], [new("v", 4.0)], 4), new("air", [], [new("v", 5.0)], 5)]);
        listener.RecordObservableInstruments();
        await writer.FlushAsync();
        listener.RecordObservableInstruments();
        Assert.Equal(InfluxGroupOutcome.Stored, second.Outcome);

        List<(string Instrument, double Value, string? Status)> seen;
        lock (measurements)
        {
            seen = [.. measurements];
        }

        double[] Values(string name) => seen.Where(m => m.Instrument == name).Select(m => m.Value).ToArray();
        Assert.Equal(5, Values(InfluxMetrics.PointsWritten).Sum());
        Assert.Equal([("airmon.influx.write_failures", 1.0, "503")], seen.Where(m => m.Instrument == InfluxMetrics.WriteFailures));
        Assert.Equal([1.0], Values(InfluxMetrics.Retries));
        Assert.Equal([3.0, 3.0, 2.0], Values(InfluxMetrics.BatchSize));
        Assert.Equal(3, Values(InfluxMetrics.WriteDuration).Length);
        Assert.All(Values(InfluxMetrics.WriteDuration), d => Assert.True(d >= 0));
        Assert.Equal([2.0, 0.0], Values(InfluxMetrics.BufferedPoints));
        Assert.Equal(5, await influx.CountAsync(db, "air", "v"));
    }
}
