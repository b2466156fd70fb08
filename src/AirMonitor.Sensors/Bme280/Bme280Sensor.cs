using AirMonitor.Core.Metrics;
using AirMonitor.Sensors.Bosch;

namespace AirMonitor.Sensors.Bme280;

/// <summary>The BME280 as the sampler sees it: temperature (°C), humidity (%RH) and pressure (hPa) per read.</summary>
public sealed class Bme280Sensor(Bme280Device device) : BoschForcedSensor<Bme280Device, Bme280Measurement>(device)
{
    public override string Model => "bme280";

    /// <summary>None: the datasheet's start-up time is 2 ms, and each forced measurement is complete.</summary>
    public override TimeSpan WarmUp => TimeSpan.Zero;

    protected override SensorReading Values(Bme280Measurement measurement) => SensorReading.Of(
        (MetricVocabulary.Temperature, measurement.TemperatureCelsius),
        (MetricVocabulary.Humidity, measurement.HumidityPercent),
        (MetricVocabulary.Pressure, measurement.PressureHectopascals));
}
