using AirMonitor.Sensors;
using AirMonitor.Sensors.ModbusAnalyser;

namespace AirMonitor.Edge.Profiles;

/// <summary>
/// One edge device as its profile in <c>firmware-config/devices/</c> describes it (schema in firmware-config/README.md,
/// "Device profiles"). Built only by <see cref="DeviceProfileLoader"/>, so every value has been validated.
/// </summary>
/// <param name="DeviceId">The wire contract's <c>{device}</c>.</param>
/// <param name="StationId">The station the device is installed at; null for an unregistered device (a laptop, a test rig).</param>
/// <param name="Simulated">Run every sensor on a simulated bus (<see cref="ISensorModel.CreateSimulated"/>), for a laptop or CI.</param>
/// <param name="Sensors">In file order.</param>
public sealed record DeviceProfile(
    string DeviceId,
    string? StationId,
    bool Simulated,
    MqttProfile Mqtt,
    OutboxProfile Outbox,
    IReadOnlyList<SensorProfile> Sensors)
{
    /// <summary>The file (or other source) the profile was read from, as given to the loader.</summary>
    public required string SourceName { get; init; }
}

/// <summary>How the device reaches the broker.</summary>
/// <param name="Url"><c>mqtt://host:port</c> or <c>mqtts://host:port</c>.</param>
/// <param name="ClientId">The MQTT client id; the device id unless the profile sets one.</param>
/// <param name="CredentialsFile">
/// A file holding <c>username:password</c> on one line, or the username and the password on two lines; null to connect
/// without credentials. The host reads it at start: secrets never sit in a profile.
/// </param>
/// <param name="CaFile">PEM file of the CA the broker's certificate must chain to; null: the system's trust store.</param>
/// <param name="CertFile">PEM file of the device's client certificate (its CN is the device id), with <paramref name="KeyFile"/>.</param>
/// <param name="KeyFile">PEM file of the client certificate's private key.</param>
public sealed record MqttProfile(string Url, string ClientId, string? CredentialsFile, string? CaFile = null, string? CertFile = null, string? KeyFile = null);

/// <summary>Where unacknowledged messages wait (docs/architecture.md, "Delivery guarantee").</summary>
/// <param name="MaxSizeBytes">The most the outbox may hold on the SD card.</param>
/// <param name="ResendAfter">A message not acknowledged by the ingest this long after sending is sent again.</param>
public sealed record OutboxProfile(string Path, long MaxSizeBytes, TimeSpan ResendAfter)
{
    public const string DefaultPath = "/var/lib/airmon/outbox.db";

    public const long DefaultMaxSizeBytes = 256L * 1024 * 1024;

    public static TimeSpan DefaultResendAfter { get; } = TimeSpan.FromSeconds(60);

    public static OutboxProfile Default { get; } = new(DefaultPath, DefaultMaxSizeBytes, DefaultResendAfter);
}

/// <summary>How a sensor is wired to the device.</summary>
public enum SensorBus
{
    I2c,
    Uart,

    /// <summary>A plant analyser (or its gateway) on the network.</summary>
    ModbusTcp,

    /// <summary>A plant analyser on an RS-485 line, shared by the units on it.</summary>
    ModbusRtu,

    /// <summary>Only hard-wired contacts on the Pi's GPIO inputs (a plant's state).</summary>
    Gpio,
}

/// <summary>One sensor of a device: where it is attached, how it is sampled and calibrated.</summary>
/// <param name="Name">The <c>sensor</c> of its samples; the model unless the profile names it.</param>
/// <param name="Model">A model name of <see cref="SensorModels"/>, e.g. <c>pms5003</c>.</param>
/// <param name="I2cBus">The I2C bus number (meaningful for <see cref="SensorBus.I2c"/>).</param>
/// <param name="Address">The 7-bit I2C address; null for the model's default (and for a UART sensor).</param>
/// <param name="Port">The serial device of a UART sensor, e.g. <c>/dev/ttyAMA0</c>; null for I2C.</param>
/// <param name="WarmUp">Overrides the driver's <see cref="ISensor.WarmUp"/>; null keeps the driver's.</param>
/// <param name="Average">Sub-readings averaged into one reading.</param>
/// <param name="Calibration">By metric name; a metric not listed is stored as read.</param>
/// <param name="Parameters">Family-specific settings, passed to the driver as written.</param>
/// <param name="Analyser">A <c>modbus-analyser</c>'s link and register map (its bus keys and <c>modbus:</c>); null for any other sensor.</param>
public sealed record SensorProfile(
    string Name,
    string Model,
    SensorBus Bus,
    int I2cBus,
    int? Address,
    string? Port,
    TimeSpan Interval,
    TimeSpan? WarmUp,
    int Average,
    IReadOnlyDictionary<string, CalibrationProfile> Calibration,
    IReadOnlyDictionary<string, string> Parameters,
    AnalyserLink? Analyser = null)
{
    /// <summary>What the sensor family's <see cref="ISensorModel.Create"/> needs to open the sensor.</summary>
    public SensorConnection ToConnection() =>
        Bus == SensorBus.I2c
            ? new SensorConnection(Model, I2cBus, Address, null, Parameters)
            : new SensorConnection(Model, Port: Port, Parameters: Parameters, Analyser: Analyser);

    /// <summary>A reading of <paramref name="metric"/> corrected by this sensor's calibration (unchanged if it has none).</summary>
    public double Calibrate(string metric, double value) =>
        Calibration.TryGetValue(metric, out var calibration) ? calibration.Apply(value) : value;
}

/// <summary>A linear correction of one metric, applied at the edge before the value is sent: value × slope + offset.</summary>
/// <param name="Metric">A metric of <see cref="Core.Metrics.MetricVocabulary"/>.</param>
/// <param name="Offset">Added after scaling, in the metric's canonical unit.</param>
public sealed record CalibrationProfile(string Metric, double Slope = 1, double Offset = 0)
{
    public double Apply(double value) => (value * Slope) + Offset;
}
