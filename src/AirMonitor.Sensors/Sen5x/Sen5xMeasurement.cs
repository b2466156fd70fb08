namespace AirMonitor.Sensors.Sen5x;

/// <summary>
/// One SEN5x reading. A value is null where the device sent its "no value" code (0xFFFF unsigned, 0x7FFF signed)
/// or the variant does not measure it (SEN50: PM only; SEN54: no NOx).
/// </summary>
public sealed record Sen5xMeasurement(
    double? Pm1_0MicrogramsPerCubicMeter,
    double? Pm2_5MicrogramsPerCubicMeter,
    double? Pm4_0MicrogramsPerCubicMeter,
    double? Pm10MicrogramsPerCubicMeter,
    double? HumidityPercent,
    double? TemperatureCelsius,
    double? VocIndex,
    double? NoxIndex)
{
    /// <summary>Whether at least one value is present.</summary>
    public bool HasAnyValue =>
        Pm1_0MicrogramsPerCubicMeter is not null || Pm2_5MicrogramsPerCubicMeter is not null ||
        Pm4_0MicrogramsPerCubicMeter is not null || Pm10MicrogramsPerCubicMeter is not null ||
        HumidityPercent is not null || TemperatureCelsius is not null || VocIndex is not null || NoxIndex is not null;

    /// <summary>The 8 words of "read measured values" with the datasheet's scale factors.</summary>
    internal static Sen5xMeasurement FromWords(ReadOnlySpan<ushort> words, Sen5xVariant variant)
    {
        var climate = variant != Sen5xVariant.Sen50;
        return new(
            Unsigned(words[0], 10),
            Unsigned(words[1], 10),
            Unsigned(words[2], 10),
            Unsigned(words[3], 10),
            climate ? Signed(words[4], 100) : null,
            climate ? Signed(words[5], 200) : null,
            climate ? Signed(words[6], 10) : null,
            variant == Sen5xVariant.Sen55 ? Signed(words[7], 10) : null);
    }

    private static double? Unsigned(ushort word, double scale) => word == Sen5xCommand.NoUnsignedValue ? null : word / scale;

    private static double? Signed(ushort word, double scale) => (short)word == Sen5xCommand.NoSignedValue ? null : (short)word / scale;
}
