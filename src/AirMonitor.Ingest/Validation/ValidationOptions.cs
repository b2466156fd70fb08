using AirMonitor.Core.Contract;

namespace AirMonitor.Ingest.Validation;

/// <summary>Limits applied to every readings message (configuration section <c>Validation</c>).</summary>
public sealed class ValidationOptions
{
    public const string Section = "Validation";

    /// <summary>Larger payloads are rejected unread.</summary>
    public int MaxPayloadBytes { get; set; } = 256 * 1024;

    /// <summary>How far ahead of the ingest's clock a sample may be stamped (edge clocks drift a little).</summary>
    public TimeSpan FutureTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How old a sample may be: long enough for an edge to drain an outbox after weeks offline.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>More samples in one message are rejected whole: the edge packs at most 1000 (<c>Edge:SamplesPerMessage</c>).</summary>
    public int MaxSamplesPerMessage { get; set; } = ReadingBatch.MaxSamples;

    /// <summary>
    /// Distinct sensor names (series per measurement) a device without a declaration in the station registry may write;
    /// a sample of one more is rejected (<c>too_many_sensors</c>). The largest shipped profile has 5 sensors.
    /// </summary>
    public int MaxSensorsPerDevice { get; set; } = 16;

    /// <summary>
    /// Devices whose sensor names are remembered for <see cref="MaxSensorsPerDevice"/>; the one heard from least recently
    /// is forgotten first, and may then write that many new names again. At most about 3 KiB each (16 names of 64 characters).
    /// </summary>
    public int MaxTrackedDevices { get; set; } = 10_000;

    public IEnumerable<string> Validate()
    {
        if (MaxPayloadBytes < 1024)
        {
            yield return $"{Section}:MaxPayloadBytes {MaxPayloadBytes} is below 1024";
        }

        if (MaxSamplesPerMessage < 1)
        {
            yield return $"{Section}:MaxSamplesPerMessage {MaxSamplesPerMessage} must be positive";
        }

        if (MaxSensorsPerDevice is < 1 or > 1000)
        {
            yield return $"{Section}:MaxSensorsPerDevice {MaxSensorsPerDevice} is outside 1..1000";
        }

        if (MaxTrackedDevices is < 1 or > 1_000_000)
        {
            yield return $"{Section}:MaxTrackedDevices {MaxTrackedDevices} is outside 1..1000000";
        }

        if (FutureTolerance < TimeSpan.Zero || FutureTolerance > TimeSpan.FromDays(1))
        {
            yield return $"{Section}:FutureTolerance {FutureTolerance} is outside 0..1 day";
        }

        if (MaxAge <= TimeSpan.Zero || MaxAge > TimeSpan.FromDays(3650))
        {
            yield return $"{Section}:MaxAge {MaxAge} is outside 0..3650 days";
        }
    }
}
