namespace AirMonitor.Sensors;

/// <summary>
/// What the edge's sampler needs of any sensor: one reading at a time, in the canonical metrics of
/// <see cref="Core.Metrics.MetricVocabulary"/>, or a fault with a countable reason — never a magic number.
/// Each device family's folder has its driver (the datasheet's API) and one <c>ISensor</c> over it.
/// </summary>
public interface ISensor : IDisposable
{
    /// <summary>The model, e.g. <c>sps30</c>: the default sensor name of the samples.</summary>
    string Model { get; }

    /// <summary>How long after start the datasheet says readings are not yet stable (flagged <c>warmup</c>).</summary>
    TimeSpan WarmUp { get; }

    /// <summary>Starts measuring (wakes the device, sets its mode). Called once before the first read, and after a failure.</summary>
    void Start();

    /// <summary>Takes one reading. Blocking I/O with the datasheet's waits; the sampler runs it off the caller's thread.</summary>
    SensorReading Read();
}

/// <summary>One reading: values by metric name, with the status the device reported for them, or the fault that prevented them.</summary>
public sealed record SensorReading
{
    private SensorReading(IReadOnlyDictionary<string, double> values, SensorFault? fault, string? detail)
    {
        Values = values;
        Fault = fault;
        Detail = detail;
    }

    public IReadOnlyDictionary<string, double> Values { get; }

    public SensorFault? Fault { get; }

    public string? Detail { get; }

    public bool IsValid => Fault is null;

    /// <summary>
    /// The status the device itself reported with the values (a plant analyser's <c>maintenance</c>, <c>malfunction</c>, …,
    /// <see cref="Core.Contract.QualityFlags.AnalyserStatus"/>), as quality flags; empty when it reported none or has no status.
    /// </summary>
    public IReadOnlyList<string> StatusFlags { get; private init; } = [];

    public static SensorReading Of(IReadOnlyDictionary<string, double> values) => new(values, null, null);

    /// <summary>The values the sensor gave; a metric whose value is null (not measured, or not valid this time) is left out.</summary>
    public static SensorReading Of(params ReadOnlySpan<(string Metric, double? Value)> values)
    {
        var present = new Dictionary<string, double>(values.Length);
        foreach (var (metric, value) in values)
        {
            if (value is { } v)
            {
                present[metric] = v;
            }
        }

        return Of(present);
    }

    /// <summary>This reading with the device's status flags, each once, in ordinal order.</summary>
    public SensorReading WithStatus(IEnumerable<string> flags) =>
        this with { StatusFlags = [.. flags.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)] };

    public static SensorReading Failed(SensorFault fault, string detail) =>
        new(new Dictionary<string, double>(), fault, detail);
}

/// <summary>Why a read gave no value. Counted per sensor; <see cref="CrcError"/> and <see cref="ChecksumError"/> map to the <c>crc_error</c> flag.</summary>
public enum SensorFault
{
    /// <summary>A Sensirion word's CRC-8 did not match.</summary>
    CrcError,

    /// <summary>A frame's checksum (Plantower, Winsen) did not match.</summary>
    ChecksumError,

    /// <summary>The device answered with its "no value" code (e.g. SEN5x 0xFFFF / 0x7FFF).</summary>
    NoValue,

    /// <summary>No new data yet (data-ready flag clear).</summary>
    NotReady,

    /// <summary>A frame was cut short or never came.</summary>
    Timeout,

    /// <summary>Bytes that are not a frame of this device (wrong header, length, chip id).</summary>
    BadFrame,

    /// <summary>The bus itself failed (I/O error from the I2C or serial driver).</summary>
    BusError,

    /// <summary>A Modbus server refused the request with an exception response (e.g. 02 illegal data address: a map the analyser does not have).</summary>
    ExceptionResponse,

    /// <summary>The network or serial link to a Modbus server failed (connection refused or reset, port gone).</summary>
    LinkDown,
}
