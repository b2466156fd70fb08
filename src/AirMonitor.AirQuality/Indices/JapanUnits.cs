namespace AirMonitor.AirQuality.Indices;

/// <summary>
/// From this project's units to those of Japan's standards: gases in ppb → ppm, particles in µg/m³ → mg/m³ (SPM).
/// </summary>
public static class JapanUnits
{
    /// <summary>Parts per billion to parts per million (÷ 1000): 120 ppb → 0.12 ppm.</summary>
    public static double PpbToPpm(double ppb) => ppb / 1000;

    /// <summary>µg/m³ to mg/m³ (÷ 1000): 100 µg/m³ → 0.10 mg/m³.</summary>
    public static double MicrogramsToMilligramsPerCubicMeter(double microgramsPerCubicMeter) => microgramsPerCubicMeter / 1000;
}
