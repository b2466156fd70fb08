namespace AirMonitor.Sensors.Bosch;

/// <summary>What <see cref="BoschForcedSensor{TDevice, TMeasurement}"/> needs of a Bosch driver (BME280, BME680/688).</summary>
public interface IBoschForcedDevice<TMeasurement> : IDisposable
{
    void SoftReset();

    /// <summary>Writes the oversampling, filter (and heater) settings.</summary>
    void Configure();

    /// <summary>Starts one forced measurement, waits for it and reads it; false when the chip reports no new data.</summary>
    bool TryReadForced(out TMeasurement measurement);
}

/// <summary>
/// A Bosch environmental sensor as the sampler sees it: started by a soft reset and the settings again (after a failure
/// the chip may have browned out to its defaults), read one forced measurement at a time, a bus error a fault.
/// </summary>
public abstract class BoschForcedSensor<TDevice, TMeasurement>(TDevice device) : ISensor
    where TDevice : IBoschForcedDevice<TMeasurement>
{
    public TDevice Device { get; } = device ?? throw new ArgumentNullException(nameof(device));

    public abstract string Model { get; }

    public abstract TimeSpan WarmUp { get; }

    public void Start()
    {
        Device.SoftReset();
        Device.Configure();
    }

    public SensorReading Read()
    {
        try
        {
            return Device.TryReadForced(out var measurement)
                ? Values(measurement)
                : SensorReading.Failed(SensorFault.NotReady, $"{Model}: no new data after the forced measurement");
        }
        catch (IOException e)
        {
            return SensorReading.Failed(SensorFault.BusError, $"{Model}: {e.Message}");
        }
    }

    public void Dispose()
    {
        Device.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The canonical metrics of one measurement.</summary>
    protected abstract SensorReading Values(TMeasurement measurement);
}
