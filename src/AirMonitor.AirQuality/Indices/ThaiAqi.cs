namespace AirMonitor.AirQuality.Indices;

/// <summary>
/// Thailand's AQI (Pollution Control Department). PM2.5 and PM10 are 24-h running means (reported hourly), O3 and CO
/// 8-h means, NO2 and SO2 1-h means; the reported AQI is the highest sub-index, and 100 is the standard.
/// </summary>
public static class ThaiAqi
{
    public const string Source =
        "Pollution Control Department (Thailand), notice on the Air Quality Index, B.E. 2566 (2023), in use from 1 June 2023 " +
        "with the 37.5 µg/m³ PM2.5 standard; breakpoints read in secondary copies (consistent across three); colours as " +
        "Air4Thai shows them (secondary)";

    /// <summary>PM2.5 24-h standard (since 1 June 2023; was 50).</summary>
    public const double Pm2_5StandardMicrogramsPerCubicMeter = 37.5;

    /// <summary>PM2.5 annual standard (since 1 June 2023; was 25).</summary>
    public const double Pm2_5AnnualStandardMicrogramsPerCubicMeter = 15;

    public static AqiCategory VeryGood { get; } = new("very_good", "Very good", "blue", "#3BCCFF");
    public static AqiCategory Good { get; } = new("good", "Good", "green", "#92D050");
    public static AqiCategory Moderate { get; } = new("moderate", "Moderate", "yellow", "#FFFF00");
    public static AqiCategory StartingToAffectHealth { get; } = new("starting_to_affect_health", "Starting to affect health", "orange", "#FFA200");
    public static AqiCategory AffectingHealth { get; } = new("affecting_health", "Affecting health", "red", "#F04646");

    /// <summary>The five levels, cleanest first.</summary>
    public static IReadOnlyList<AqiCategory> Categories { get; } =
        [VeryGood, Good, Moderate, StartingToAffectHealth, AffectingHealth];

    // PCD publishes no upper breakpoint for "> 200". This project's choice: the red row is open (High = +∞,
    // IndexHigh = int.MaxValue), starts at 201 on its own low breakpoint and climbs with the 101–200 band's slope,
    // so the first red concentration is 201 (red) rather than 200 (orange).
    private static IReadOnlyList<AqiBreakpoint> Rows(
        (double Low, double High) veryGood,
        (double Low, double High) good,
        (double Low, double High) moderate,
        (double Low, double High) startingToAffect,
        double affectingLow) =>
    [
        new(veryGood.Low, veryGood.High, 0, 25, VeryGood),
        new(good.Low, good.High, 26, 50, Good),
        new(moderate.Low, moderate.High, 51, 100, Moderate),
        new(startingToAffect.Low, startingToAffect.High, 101, 200, StartingToAffectHealth),
        new(affectingLow, double.PositiveInfinity, 201, int.MaxValue, AffectingHealth),
    ];

    private sealed record Scale(IReadOnlyList<AqiBreakpoint> Rows, double Precision, string Unit, string Averaging);

    private static readonly Dictionary<Pollutant, Scale> Scales = new()
    {
        [Pollutant.Pm2_5] = new(Rows((0, 15.0), (15.1, 25.0), (25.1, 37.5), (37.6, 75.0), 75.1), 0.1, "µg/m³", "24-h running mean"),
        [Pollutant.Pm10] = new(Rows((0, 50), (51, 80), (81, 120), (121, 180), 181), 1, "µg/m³", "24-h running mean"),
        [Pollutant.O3] = new(Rows((0, 35), (36, 50), (51, 70), (71, 120), 121), 1, "ppb", "8-h mean"),
        [Pollutant.Co] = new(Rows((0, 4.4), (4.5, 6.4), (6.5, 9.0), (9.1, 30.0), 30.1), 0.1, "ppm", "8-h mean"),
        [Pollutant.No2] = new(Rows((0, 60), (61, 106), (107, 170), (171, 340), 341), 1, "ppb", "1-h mean"),
        [Pollutant.So2] = new(Rows((0, 100), (101, 200), (201, 300), (301, 400), 401), 1, "ppb", "1-h mean"),
    };

    /// <summary>A pollutant's breakpoints, in <see cref="Unit"/> at <see cref="Precision"/>; the last (red) row is open-ended.</summary>
    public static IReadOnlyList<AqiBreakpoint> Table(Pollutant pollutant) => ScaleOf(pollutant).Rows;

    /// <summary>The concentration unit of a pollutant's table: µg/m³ (PM), ppb (O3, NO2, SO2), ppm (CO).</summary>
    public static string Unit(Pollutant pollutant) => ScaleOf(pollutant).Unit;

    /// <summary>The table's precision: PM2.5 0.1 µg/m³, PM10 1 µg/m³, O3/NO2/SO2 1 ppb, CO 0.1 ppm.</summary>
    public static double Precision(Pollutant pollutant) => ScaleOf(pollutant).Precision;

    /// <summary>The averaging the table expects: "24-h running mean", "8-h mean" or "1-h mean".</summary>
    public static string Averaging(Pollutant pollutant) => ScaleOf(pollutant).Averaging;

    /// <summary>
    /// The sub-index of a concentration in the table's unit (<see cref="Unit"/>): truncate to the table's precision, linear
    /// inside the band, round half away from zero. Above 200 (no official upper breakpoint): 201 at the red band's low
    /// breakpoint, then the 101–200 band's slope (PM2.5 75.1 → 201, 100.0 → 267).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative, NaN or infinite concentration.</exception>
    public static AqiResult SubIndex(Pollutant pollutant, double concentration)
    {
        Scale scale = ScaleOf(pollutant);
        return PiecewiseLinearIndex.Compute(scale.Rows, scale.Precision, pollutant, concentration);
    }

    /// <summary>
    /// The reported AQI: the highest sub-index among the given pollutants (null values skipped). Null when every value is
    /// null. On a tie the pollutant first in <see cref="Pollutant"/> order (PM2.5 first) is named.
    /// </summary>
    /// <exception cref="ArgumentException">No pollutant given.</exception>
    public static AqiResult? Overall(IReadOnlyDictionary<Pollutant, double?> concentrations)
    {
        ArgumentNullException.ThrowIfNull(concentrations);
        if (concentrations.Count == 0)
        {
            throw new ArgumentException("The AQI needs at least one pollutant.", nameof(concentrations));
        }

        AqiResult? highest = null;
        foreach ((Pollutant pollutant, double? concentration) in concentrations.OrderBy(pair => pair.Key))
        {
            if (concentration is { } value)
            {
                AqiResult sub = SubIndex(pollutant, value);
                if (highest is null || sub.Index > highest.Index)
                {
                    highest = sub;
                }
            }
        }

        return highest;
    }

    /// <summary>The level of an index value; above 200 is "affecting health".</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative index.</exception>
    public static AqiCategory CategoryOf(int index) => PiecewiseLinearIndex.CategoryOf(Table(Pollutant.Pm2_5), index);

    private static Scale ScaleOf(Pollutant pollutant) =>
        Scales.TryGetValue(pollutant, out Scale? scale)
            ? scale
            : throw new ArgumentOutOfRangeException(nameof(pollutant), pollutant, "Not a pollutant of the Thai AQI.");
}
