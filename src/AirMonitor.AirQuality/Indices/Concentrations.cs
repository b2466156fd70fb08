namespace AirMonitor.AirQuality.Indices;

/// <summary>
/// The unit changes the standards' tables need from the vocabulary's units: gases in ppb → ppm (the US O3 and CO
/// tables, Japan's standards), particles in µg/m³ → mg/m³ (Japan's SPM standard).
/// </summary>
public static class Concentrations
{
    /// <summary>ppb → ppm (÷ 1000). 70 ppb → 0.070 ppm, which <see cref="UsAqi.Index"/> truncates to 0.070, not 0.069.</summary>
    public static double PartsPerBillionToPartsPerMillion(double partsPerBillion) => partsPerBillion / 1000;

    /// <summary>µg/m³ → mg/m³ (÷ 1000): 100 µg/m³ → 0.10 mg/m³.</summary>
    public static double MicrogramsToMilligramsPerCubicMeter(double microgramsPerCubicMeter) => microgramsPerCubicMeter / 1000;
}
