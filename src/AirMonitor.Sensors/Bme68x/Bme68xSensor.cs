using AirMonitor.Core.Metrics;
using AirMonitor.Sensors.Bosch;

namespace AirMonitor.Sensors.Bme68x;

/// <summary>
/// The BME680/688 as the sampler sees it: temperature (°C), humidity (%RH), pressure (hPa) and, when the chip
/// flags it valid with a stable heater, gas resistance (Ω).
/// </summary>
public sealed class Bme68xSensor(Bme68xDevice device) : BoschForcedSensor<Bme68xDevice, Bme68xMeasurement>(device)
{
    /// <summary><c>bme680</c> or <c>bme688</c>, as the variant register says.</summary>
    public override string Model => Device.Variant == Bme68xVariant.Bme688 ? "bme688" : "bme680";

    /// <summary>
    /// Our choice, not a datasheet figure: the MOX plate's resistance drifts for minutes after the heater starts
    /// cycling, so the first five minutes are flagged. Temperature, humidity and pressure are stable at once.
    /// </summary>
    public override TimeSpan WarmUp => TimeSpan.FromMinutes(5);

    protected override SensorReading Values(Bme68xMeasurement measurement) => SensorReading.Of(
        (MetricVocabulary.Temperature, measurement.TemperatureCelsius),
        (MetricVocabulary.Humidity, measurement.HumidityPercent),
        (MetricVocabulary.Pressure, measurement.PressureHectopascals),
        (MetricVocabulary.GasResistance, measurement.GasResistanceOhms));
}
