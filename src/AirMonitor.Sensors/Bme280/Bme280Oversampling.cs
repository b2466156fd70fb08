namespace AirMonitor.Sensors.Bme280;

/// <summary>A BME280 (and BME68x) oversampling setting: the register code of osrs_t, osrs_p and osrs_h.</summary>
public enum Bme280Oversampling : byte
{
    /// <summary>Measurement skipped; the channel reads its "no value" code.</summary>
    Skipped = 0,
    X1 = 1,
    X2 = 2,
    X4 = 3,
    X8 = 4,
    X16 = 5,
}

/// <summary>The IIR filter coefficient (config register bits [4:2]).</summary>
public enum Bme280Filter : byte
{
    Off = 0,
    Coefficient2 = 1,
    Coefficient4 = 2,
    Coefficient8 = 3,
    Coefficient16 = 4,
}

/// <summary>How a BME280 measures: oversampling per channel and the IIR filter.</summary>
public sealed record Bme280Settings
{
    public Bme280Oversampling TemperatureOversampling { get; init; } = Bme280Oversampling.X1;

    public Bme280Oversampling PressureOversampling { get; init; } = Bme280Oversampling.X1;

    public Bme280Oversampling HumidityOversampling { get; init; } = Bme280Oversampling.X1;

    public Bme280Filter Filter { get; init; } = Bme280Filter.Off;

    /// <summary>
    /// The datasheet's maximum forced-mode measurement time (Appendix B):
    /// 1.25 + 2.3·T + (2.3·P + 0.575) + (2.3·H + 0.575) ms, with T, P, H the oversampling factors (0 when skipped).
    /// </summary>
    public TimeSpan MaximumMeasurementTime
    {
        get
        {
            var milliseconds = 1.25 + (2.3 * Factor(TemperatureOversampling));
            if (PressureOversampling != Bme280Oversampling.Skipped)
            {
                milliseconds += (2.3 * Factor(PressureOversampling)) + 0.575;
            }

            if (HumidityOversampling != Bme280Oversampling.Skipped)
            {
                milliseconds += (2.3 * Factor(HumidityOversampling)) + 0.575;
            }

            return TimeSpan.FromMilliseconds(milliseconds);
        }
    }

    /// <summary>The number of samples an oversampling code stands for: 0, 1, 2, 4, 8, 16.</summary>
    public static int Factor(Bme280Oversampling oversampling) =>
        oversampling == Bme280Oversampling.Skipped ? 0 : 1 << ((int)oversampling - 1);
}
