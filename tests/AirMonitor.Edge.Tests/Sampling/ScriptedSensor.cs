using AirMonitor.Sensors;

namespace AirMonitor.Edge.Tests.Sampling;

/// <summary>A sensor at the hardware boundary that answers from a script: each Read takes the next reading.</summary>
internal sealed class ScriptedSensor(string model, params SensorReading[] script) : ISensor
{
    private readonly Queue<SensorReading> _script = new(script);

    public string Model => model;

    public TimeSpan WarmUp => Starts > 0 && OpenedWarmUp is { } opened ? opened : TimeSpan.FromSeconds(30);

    /// <summary>A warm-up known only once started, as a sensor on real hardware that is opened at the first start.</summary>
    public TimeSpan? OpenedWarmUp { get; init; }

    public int Starts { get; private set; }

    public Exception? FailStart { get; set; }

    public void Start()
    {
        Starts++;
        if (FailStart is { } e)
        {
            throw e;
        }
    }

    public SensorReading Read() => _script.Count > 0 ? _script.Dequeue() : throw new InvalidOperationException("script exhausted");

    public void Enqueue(params SensorReading[] readings)
    {
        foreach (var reading in readings)
        {
            _script.Enqueue(reading);
        }
    }

    public void Dispose()
    {
    }

    public static SensorReading Values(params (string Metric, double Value)[] values) =>
        SensorReading.Of(values.ToDictionary(v => v.Metric, v => v.Value));
}

/// <summary>A wall clock that can be wrong and jump, beside a monotonic clock that only moves forward, as on a Pi without RTC.</summary>
internal sealed class PiClock(DateTimeOffset wall) : TimeProvider
{
    private DateTimeOffset _wall = wall;
    private long _ticks;

    public override DateTimeOffset GetUtcNow() => _wall;

    public override long GetTimestamp() => _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by)
    {
        _wall += by;
        _ticks += by.Ticks;
    }

    /// <summary>NTP sets the wall clock; the monotonic clock does not move.</summary>
    public void SetWall(DateTimeOffset wall) => _wall = wall;
}
