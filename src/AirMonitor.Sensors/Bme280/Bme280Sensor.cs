using AirMonitor.Core.Metrics;

namespace AirMonitor.Sensors.Bme280;

/// <summary>The BME280 as the sampler sees it: temperature (°C), humidity (%RH) and pressure (hPa) per read.</summary>
public sealed class Bme280Sensor(Bme280Device device) : ISensor
{
    public string Model => "bme280";

    /// <summary>None: the datasheet's start-up time is 2 ms, and each forced measurement is complete.</summary>
    public TimeSpan WarmUp => TimeSpan.Zero;

    public Bme280Device Device { get; } = device ?? throw new ArgumentNullException(nameof(device));

    /// <summary>Soft reset and the settings again: after a failure the chip may have browned out to its defaults.</summary>
    public void Start()
    {
        Device.SoftReset();
        Device.Configure();
    }

    public SensorReading Read()
    {
        try
        {
            if (!Device.TryReadForced(out var measurement))
            {
                return SensorReading.Failed(SensorFault.NotReady, "bme280: forced measurement not complete");
            }

            return SensorReading.Of(
                (MetricVocabulary.Temperature, measurement.TemperatureCelsius),
                (MetricVocabulary.Humidity, measurement.HumidityPercent),
                (MetricVocabulary.Pressure, measurement.PressureHectopascals));
        }
        catch (IOException e)
        {
            return SensorReading.Failed(SensorFault.BusError, $"bme280: {e.Message}");
        }
    }

    public void Dispose() => Device.Dispose();
}
