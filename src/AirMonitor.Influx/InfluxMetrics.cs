using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace AirMonitor.Influx;

/// <summary>Names of the meter and instruments this library reports through <see cref="System.Diagnostics.Metrics"/>.</summary>
public static class InfluxMetrics
{
    public const string MeterName = "AirMonitor.Influx";

    /// <summary>Counter: points the server accepted (2xx).</summary>
    public const string PointsWritten = "airmon.influx.points_written";

    /// <summary>Counter: failed HTTP writes, tagged <c>status</c> (the HTTP status code, <c>timeout</c> or <c>network</c>).</summary>
    public const string WriteFailures = "airmon.influx.write_failures";

    /// <summary>Histogram: points per HTTP write request.</summary>
    public const string BatchSize = "airmon.influx.batch_size";

    /// <summary>Histogram: duration of one HTTP write request, in milliseconds.</summary>
    public const string WriteDuration = "airmon.influx.write_duration";

    /// <summary>Observable gauge: points enqueued in batch writers and not yet stored or failed.</summary>
    public const string BufferedPoints = "airmon.influx.buffered_points";

    /// <summary>Counter: batch writes retried after a retryable failure.</summary>
    public const string Retries = "airmon.influx.retries";
}

/// <summary>The instruments of one <see cref="Meter"/>; shared by every client and writer using that meter.</summary>
internal sealed class InfluxInstruments
{
    private static readonly ConditionalWeakTable<Meter, InfluxInstruments> ByMeter = [];
    private static readonly Lazy<Meter> DefaultMeter = new(() => new Meter(InfluxMetrics.MeterName));

    private readonly List<Func<int>> _buffers = [];

    private InfluxInstruments(Meter meter)
    {
        PointsWritten = meter.CreateCounter<long>(InfluxMetrics.PointsWritten, "{point}", "Points the server accepted");
        WriteFailures = meter.CreateCounter<long>(InfluxMetrics.WriteFailures, "{request}", "Failed HTTP writes by status");
        BatchSize = meter.CreateHistogram<int>(InfluxMetrics.BatchSize, "{point}", "Points per HTTP write request");
        WriteDuration = meter.CreateHistogram<double>(InfluxMetrics.WriteDuration, "ms", "Duration of one HTTP write request");
        Retries = meter.CreateCounter<long>(InfluxMetrics.Retries, "{retry}", "Batch writes retried after a retryable failure");
        meter.CreateObservableGauge(InfluxMetrics.BufferedPoints, SumBuffers, "{point}", "Points buffered and not yet stored");
    }

    public Counter<long> PointsWritten { get; }

    public Counter<long> WriteFailures { get; }

    public Histogram<int> BatchSize { get; }

    public Histogram<double> WriteDuration { get; }

    public Counter<long> Retries { get; }

    /// <summary>The instruments on the factory's meter, or on a process-wide meter when there is no factory.</summary>
    public static InfluxInstruments For(IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(InfluxMetrics.MeterName) ?? DefaultMeter.Value;
        return ByMeter.GetValue(meter, static m => new InfluxInstruments(m));
    }

    /// <summary>Adds a buffer to the buffered-points gauge until the returned handle is disposed.</summary>
    public IDisposable TrackBuffer(Func<int> bufferedPoints)
    {
        lock (_buffers)
        {
            _buffers.Add(bufferedPoints);
        }

        return new Registration(this, bufferedPoints);
    }

    private int SumBuffers()
    {
        lock (_buffers)
        {
            return _buffers.Sum(b => b());
        }
    }

    private sealed class Registration(InfluxInstruments owner, Func<int> buffer) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._buffers)
            {
                owner._buffers.Remove(buffer);
            }
        }
    }
}
