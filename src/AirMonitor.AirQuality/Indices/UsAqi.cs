namespace AirMonitor.AirQuality.Indices;

/// <summary>The US EPA Air Quality Index for particle pollution (24-h averages), PM revision of 2024.</summary>
public static class UsAqi
{
    public const string Source =
        "US EPA, 40 CFR Part 58 Appendix G (Uniform Air Quality Index and Daily Reporting), Table 2, as revised by the " +
        "PM NAAQS reconsideration signed 7 Feb 2024 (89 FR 16202, 6 Mar 2024), in force 6 May 2024; category colours " +
        "from the EPA AQI Technical Assistance Document";

    public const double Pm2_5PrecisionMicrogramsPerCubicMeter = 0.1;
    public const double Pm10PrecisionMicrogramsPerCubicMeter = 1;

    public static AqiCategory Good { get; } = new("good", "Good", "green", "#00E400");
    public static AqiCategory Moderate { get; } = new("moderate", "Moderate", "yellow", "#FFFF00");
    public static AqiCategory UnhealthyForSensitiveGroups { get; } = new("usg", "Unhealthy for Sensitive Groups", "orange", "#FF7E00");
    public static AqiCategory Unhealthy { get; } = new("unhealthy", "Unhealthy", "red", "#FF0000");
    public static AqiCategory VeryUnhealthy { get; } = new("very_unhealthy", "Very Unhealthy", "purple", "#8F3F97");
    public static AqiCategory Hazardous { get; } = new("hazardous", "Hazardous", "maroon", "#7E0023");

    /// <summary>The six categories, cleanest first.</summary>
    public static IReadOnlyList<AqiCategory> Categories { get; } =
        [Good, Moderate, UnhealthyForSensitiveGroups, Unhealthy, VeryUnhealthy, Hazardous];

    /// <summary>PM2.5, 24-h mean, µg/m³ at 0.1 (40 CFR 58 App. G Table 2, 2024).</summary>
    public static IReadOnlyList<AqiBreakpoint> Pm2_5 { get; } =
    [
        new(0.0, 9.0, 0, 50, Good),
        new(9.1, 35.4, 51, 100, Moderate),
        new(35.5, 55.4, 101, 150, UnhealthyForSensitiveGroups),
        new(55.5, 125.4, 151, 200, Unhealthy),
        new(125.5, 225.4, 201, 300, VeryUnhealthy),
        new(225.5, 325.4, 301, 500, Hazardous),
    ];

    /// <summary>PM10, 24-h mean, µg/m³ at 1 (40 CFR 58 App. G Table 2, 2024: the 301–500 band is one row, 425–604).</summary>
    public static IReadOnlyList<AqiBreakpoint> Pm10 { get; } =
    [
        new(0, 54, 0, 50, Good),
        new(55, 154, 51, 100, Moderate),
        new(155, 254, 101, 150, UnhealthyForSensitiveGroups),
        new(255, 354, 151, 200, Unhealthy),
        new(355, 424, 201, 300, VeryUnhealthy),
        new(425, 604, 301, 500, Hazardous),
    ];

    /// <summary>
    /// The AQI of a 24-h PM concentration in µg/m³ (or a NowCast): truncate (PM2.5 to 0.1, PM10 to 1), apply the band's
    /// linear equation, round half away from zero. Above the top row the top row's equation is extended (PM2.5 500.4 → 849).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A pollutant other than PM2.5/PM10, or a negative, NaN or infinite concentration.</exception>
    public static AqiResult Index(Pollutant pollutant, double concentration) => pollutant switch
    {
        Pollutant.Pm2_5 => PiecewiseLinearIndex.Compute(Pm2_5, Pm2_5PrecisionMicrogramsPerCubicMeter, pollutant, concentration),
        Pollutant.Pm10 => PiecewiseLinearIndex.Compute(Pm10, Pm10PrecisionMicrogramsPerCubicMeter, pollutant, concentration),
        _ => throw new ArgumentOutOfRangeException(nameof(pollutant), pollutant, "The US AQI here covers PM2.5 and PM10 only."),
    };

    /// <summary>The category of an index value; above 500 stays Hazardous.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative index.</exception>
    public static AqiCategory CategoryOf(int index) => PiecewiseLinearIndex.CategoryOf(Pm2_5, index);

    // TEMPORARY until the gas tables merge.
    public static AqiResult? Ozone(double? eightHourPpm, double? oneHourPpm) => null;

    public static AqiResult? SulphurDioxide(double? oneHourPpb, double? twentyFourHourPpb) => null;
}
