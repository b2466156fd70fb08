namespace AirMonitor.Sensors.Scd4x;

/// <summary>One SCD4x reading: CO2, and temperature and humidity from its built-in SHT4x.</summary>
public sealed record Scd4xMeasurement(int Co2Ppm, double TemperatureCelsius, double HumidityPercent)
{
    /// <summary>The 3 words of "read measurement" with the datasheet's conversions.</summary>
    internal static Scd4xMeasurement FromWords(ReadOnlySpan<ushort> words) =>
        new(words[0], -45 + (175.0 * words[1] / 65535), 100.0 * words[2] / 65535);
}
