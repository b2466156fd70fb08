using AirMonitor.Sensors.Bme280;

namespace AirMonitor.Sensors.Bme68x;

/// <summary>
/// How a BME680/688 measures in forced mode. Oversampling codes are the BME280's (×1…×16 = 1…5); the heater
/// defaults follow Bosch's forced-mode example (300 °C for 100 ms).
/// </summary>
public sealed record Bme68xSettings
{
    public const int MaximumHeaterTemperatureCelsius = 400;

    public Bme280Oversampling TemperatureOversampling { get; init; } = Bme280Oversampling.X2;

    public Bme280Oversampling PressureOversampling { get; init; } = Bme280Oversampling.X1;

    public Bme280Oversampling HumidityOversampling { get; init; } = Bme280Oversampling.X16;

    public Bme280Filter Filter { get; init; } = Bme280Filter.Off;

    /// <summary>The hot plate's target, at most 400 °C.</summary>
    public int HeaterTemperatureCelsius { get; init; } = 300;

    /// <summary>How long the plate is held at its target before the gas measurement (1…4032 ms).</summary>
    public int HeaterDurationMilliseconds { get; init; } = 100;

    /// <summary>The ambient temperature the heater resistance is calculated for (Bosch's <c>amb_temp</c>).</summary>
    public int AmbientTemperatureCelsius { get; init; } = 25;

    /// <exception cref="ArgumentOutOfRangeException">The heater target is above 400 °C or not positive, or the duration is out of 1…4032 ms.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(HeaterTemperatureCelsius, MaximumHeaterTemperatureCelsius, nameof(HeaterTemperatureCelsius));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(HeaterTemperatureCelsius, nameof(HeaterTemperatureCelsius));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(HeaterDurationMilliseconds, nameof(HeaterDurationMilliseconds));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(HeaterDurationMilliseconds, 0xFC0, nameof(HeaterDurationMilliseconds));
    }

    /// <summary>
    /// Bosch's <c>bme68x_get_meas_dur</c> for forced mode: 1963 µs per oversampling cycle, 477·4 µs TPH switching,
    /// 477·5 µs gas measurement, 1 ms wake-up; plus the heater duration.
    /// </summary>
    public TimeSpan MeasurementTime
    {
        get
        {
            var cycles = Bme280Settings.Factor(TemperatureOversampling) + Bme280Settings.Factor(PressureOversampling) + Bme280Settings.Factor(HumidityOversampling);
            var microseconds = (cycles * 1963) + (477 * 4) + (477 * 5) + 1000;
            return TimeSpan.FromMicroseconds(microseconds) + TimeSpan.FromMilliseconds(HeaterDurationMilliseconds);
        }
    }
}
