namespace AirMonitor.AirQuality.Indices;

/// <summary>A WHO 2021 level: an interim target (<c>it1</c>…<c>it4</c>) or the air quality guideline level (<c>aqg</c>).</summary>
public sealed record WhoLevel(string Key, string Name, double MicrogramsPerCubicMeter);

/// <summary>The WHO global air quality guidelines (2021) for particulate matter, interim targets from the loosest.</summary>
public static class Who2021
{
    public const string Source =
        "World Health Organization, WHO global air quality guidelines: particulate matter (PM2.5 and PM10), ozone, nitrogen " +
        "dioxide, sulfur dioxide and carbon monoxide, 22 September 2021 (recommended AQG levels and interim targets)";

    /// <summary>PM2.5, 24-h mean (99th percentile of a year's daily means): 75, 50, 37.5, 25, 15 µg/m³.</summary>
    public static IReadOnlyList<WhoLevel> Pm2_5Daily { get; } = Levels(75, 50, 37.5, 25, 15);

    /// <summary>PM2.5, annual mean: 35, 25, 15, 10, 5 µg/m³.</summary>
    public static IReadOnlyList<WhoLevel> Pm2_5Annual { get; } = Levels(35, 25, 15, 10, 5);

    /// <summary>PM10, 24-h mean: 150, 100, 75, 50, 45 µg/m³.</summary>
    public static IReadOnlyList<WhoLevel> Pm10Daily { get; } = Levels(150, 100, 75, 50, 45);

    /// <summary>PM10, annual mean: 70, 50, 30, 20, 15 µg/m³.</summary>
    public static IReadOnlyList<WhoLevel> Pm10Annual { get; } = Levels(70, 50, 30, 20, 15);

    /// <summary>The strictest level the value meets (value ≤ level), or null when the value is above every level (above IT-1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative, NaN or infinite value.</exception>
    public static WhoLevel? StrictestMet(IReadOnlyList<WhoLevel> levels, double value)
    {
        ArgumentNullException.ThrowIfNull(levels);
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A concentration must be a finite number ≥ 0.");
        }

        WhoLevel? strictest = null;
        foreach (WhoLevel level in levels)
        {
            if (value <= level.MicrogramsPerCubicMeter && (strictest is null || level.MicrogramsPerCubicMeter < strictest.MicrogramsPerCubicMeter))
            {
                strictest = level;
            }
        }

        return strictest;
    }

    private static IReadOnlyList<WhoLevel> Levels(double it1, double it2, double it3, double it4, double aqg) =>
    [
        new("it1", "Interim target 1", it1),
        new("it2", "Interim target 2", it2),
        new("it3", "Interim target 3", it3),
        new("it4", "Interim target 4", it4),
        new("aqg", "AQG level", aqg),
    ];
}
