namespace AirMonitor.AirQuality.Indices;

/// <summary>The one unit change the indices need: the metric vocabulary stores O3 in ppb, the US AQI table is in ppm.</summary>
public static class Concentrations
{
    /// <summary>ppb → ppm (÷ 1000). 70 ppb → 0.070 ppm, which <see cref="UsAqi.Index"/> truncates to 0.070, not 0.069.</summary>
    public static double PartsPerBillionToPartsPerMillion(double partsPerBillion) => partsPerBillion / 1000;
}
