namespace AirMonitor.AirQuality.Indices;

/// <summary>
/// The US EPA Air Quality Index: PM2.5 and PM10 (24-h, PM revision of 2024), O3 (8-h, and 1-h from 101 up), CO (8-h),
/// NO2 (1-h) and SO2 (1-h up to 200, 24-h above).
/// </summary>
public static class UsAqi
{
    public const string Source =
        "US EPA, 40 CFR Part 58 Appendix G (Uniform Air Quality Index and Daily Reporting), Table 2, as revised by the " +
        "PM NAAQS reconsideration signed 7 Feb 2024 (89 FR 16202, 6 Mar 2024), in force 6 May 2024 (the gas rows kept, " +
        "the two Hazardous rows joined into one 301–500 row); the O3 and SO2 rules and the category colours from the " +
        "EPA Technical Assistance Document for the Reporting of Daily Air Quality – the Air Quality Index (AQI), " +
        "EPA-454/B-24-002, May 2024, section IV 'Calculating the AQI' (Table 6; 'Using both O3 1-hour and 8-hour " +
        "values'; 'Calculating AQI values for SO2'; 'How to handle concentrations for pollutants that have blank places " +
        "in the table')";

    public const double Pm2_5PrecisionMicrogramsPerCubicMeter = 0.1;
    public const double Pm10PrecisionMicrogramsPerCubicMeter = 1;
    public const double O3PrecisionPartsPerMillion = 0.001;
    public const double CoPrecisionPartsPerMillion = 0.1;
    public const double No2PrecisionPartsPerBillion = 1;
    public const double So2PrecisionPartsPerBillion = 1;

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

    /// <summary>O3, 8-h mean, ppm at 0.001; stops at 0.200 (AQI 300): 8-h values define no AQI of 301 or more.</summary>
    public static IReadOnlyList<AqiBreakpoint> O3EightHour { get; } =
    [
        new(0.000, 0.054, 0, 50, Good),
        new(0.055, 0.070, 51, 100, Moderate),
        new(0.071, 0.085, 101, 150, UnhealthyForSensitiveGroups),
        new(0.086, 0.105, 151, 200, Unhealthy),
        new(0.106, 0.200, 201, 300, VeryUnhealthy),
    ];

    /// <summary>O3, 1-h mean, ppm at 0.001; starts at 0.125 (AQI 101): below it the table is blank.</summary>
    public static IReadOnlyList<AqiBreakpoint> O3OneHour { get; } =
    [
        new(0.125, 0.164, 101, 150, UnhealthyForSensitiveGroups),
        new(0.165, 0.204, 151, 200, Unhealthy),
        new(0.205, 0.404, 201, 300, VeryUnhealthy),
        new(0.405, 0.604, 301, 500, Hazardous),
    ];

    /// <summary>CO, 8-h mean, ppm at 0.1.</summary>
    public static IReadOnlyList<AqiBreakpoint> Co { get; } =
    [
        new(0.0, 4.4, 0, 50, Good),
        new(4.5, 9.4, 51, 100, Moderate),
        new(9.5, 12.4, 101, 150, UnhealthyForSensitiveGroups),
        new(12.5, 15.4, 151, 200, Unhealthy),
        new(15.5, 30.4, 201, 300, VeryUnhealthy),
        new(30.5, 50.4, 301, 500, Hazardous),
    ];

    /// <summary>NO2, 1-h mean, ppb at 1.</summary>
    public static IReadOnlyList<AqiBreakpoint> No2 { get; } =
    [
        new(0, 53, 0, 50, Good),
        new(54, 100, 51, 100, Moderate),
        new(101, 360, 101, 150, UnhealthyForSensitiveGroups),
        new(361, 649, 151, 200, Unhealthy),
        new(650, 1249, 201, 300, VeryUnhealthy),
        new(1250, 2049, 301, 500, Hazardous),
    ];

    /// <summary>SO2, 1-h mean (the day's maximum for a daily AQI), ppb at 1; stops at 304 (AQI 200).</summary>
    public static IReadOnlyList<AqiBreakpoint> So2OneHour { get; } =
    [
        new(0, 35, 0, 50, Good),
        new(36, 75, 51, 100, Moderate),
        new(76, 185, 101, 150, UnhealthyForSensitiveGroups),
        new(186, 304, 151, 200, Unhealthy),
    ];

    /// <summary>SO2, 24-h mean, ppb at 1; starts at 305 (AQI 201): AQI values above 200 come from 24-h SO2.</summary>
    public static IReadOnlyList<AqiBreakpoint> So2TwentyFourHour { get; } =
    [
        new(305, 604, 201, 300, VeryUnhealthy),
        new(605, 1004, 301, 500, Hazardous),
    ];

    /// <summary>The unit of <see cref="Index"/>'s concentration: "µg/m³" (PM2.5, PM10), "ppm" (O3, CO), "ppb" (NO2, SO2).</summary>
    /// <remarks>O3 is in ppm here but in ppb in the metric vocabulary: pass <see cref="Concentrations.PartsPerBillionToPartsPerMillion"/>.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">A value outside <see cref="Pollutant"/>.</exception>
    public static string Unit(Pollutant pollutant) => pollutant switch
    {
        Pollutant.Pm2_5 or Pollutant.Pm10 => "µg/m³",
        Pollutant.O3 or Pollutant.Co => "ppm",
        Pollutant.No2 or Pollutant.So2 => "ppb",
        _ => throw new ArgumentOutOfRangeException(nameof(pollutant), pollutant, "Not a pollutant of the US AQI."),
    };

    /// <summary>
    /// The AQI of a concentration in <see cref="Unit"/>, at the pollutant's standard averaging: PM2.5/PM10 24-h (or a
    /// NowCast), O3 8-h, CO 8-h, NO2 1-h, SO2 1-h. Truncate to the table's precision (PM2.5 0.1, PM10 1 µg/m³; O3 0.001,
    /// CO 0.1 ppm; NO2, SO2 1 ppb), apply the band's linear equation, round half away from zero. Above a closed top row
    /// the top row's equation is extended (PM2.5 500.4 → 849, CO 60.0 → 596, NO2 3000 → 737).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A negative, NaN or infinite concentration; 8-h O3 above 0.200 ppm or 1-h SO2 above 304 ppb, where EPA defines no
    /// AQI for that averaging (use <see cref="Ozone"/> with the 1-h O3, <see cref="SulphurDioxide"/> with the 24-h SO2).
    /// </exception>
    public static AqiResult Index(Pollutant pollutant, double concentration) => pollutant switch
    {
        Pollutant.Pm2_5 => PiecewiseLinearIndex.Compute(Pm2_5, Pm2_5PrecisionMicrogramsPerCubicMeter, pollutant, concentration),
        Pollutant.Pm10 => PiecewiseLinearIndex.Compute(Pm10, Pm10PrecisionMicrogramsPerCubicMeter, pollutant, concentration),
        Pollutant.O3 => WithinTable(O3EightHour, O3PrecisionPartsPerMillion, pollutant, concentration)
            ?? throw new ArgumentOutOfRangeException(nameof(concentration), concentration,
                "8-hour O3 above 0.200 ppm defines no AQI (EPA AQI TAD, Table 6): give the 1-hour O3 to UsAqi.Ozone."),
        Pollutant.Co => PiecewiseLinearIndex.Compute(Co, CoPrecisionPartsPerMillion, pollutant, concentration),
        Pollutant.No2 => PiecewiseLinearIndex.Compute(No2, No2PrecisionPartsPerBillion, pollutant, concentration),
        Pollutant.So2 => WithinTable(So2OneHour, So2PrecisionPartsPerBillion, pollutant, concentration)
            ?? throw new ArgumentOutOfRangeException(nameof(concentration), concentration,
                "1-hour SO2 above 304 ppb defines no AQI (EPA AQI TAD, Table 6): give the 24-hour SO2 to UsAqi.SulphurDioxide."),
        _ => throw new ArgumentOutOfRangeException(nameof(pollutant), pollutant, "Not a pollutant of the US AQI."),
    };

    /// <summary>
    /// The O3 AQI by the TAD's rules (§IV, "Using both O3 1-hour and 8-hour values" and "blank places"): the 8-h value
    /// is indexed up to 0.200 ppm, the 1-h value from 0.125 ppm; a value outside its table is disregarded; where both give
    /// an index the higher is reported (on a tie, the 8-h one). Null when no value gives an index (both null, or only an
    /// 8-h value above 0.200, or only a 1-h value below 0.125). Concentrations in ppm.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative, NaN or infinite concentration.</exception>
    public static AqiResult? Ozone(double? eightHourPpm, double? oneHourPpm)
    {
        AqiResult? eightHour = eightHourPpm is { } e ? WithinTable(O3EightHour, O3PrecisionPartsPerMillion, Pollutant.O3, e) : null;
        AqiResult? oneHour = oneHourPpm is { } o ? WithinTable(O3OneHour, O3PrecisionPartsPerMillion, Pollutant.O3, o) : null;
        return oneHour is not null && (eightHour is null || oneHour.Index > eightHour.Index) ? oneHour : eightHour;
    }

    /// <summary>
    /// The SO2 AQI by the TAD's rule (§IV, "Calculating AQI values for SO2"), in ppb: a 24-h mean of 305 or more is indexed
    /// on the 24-h table (it always gives more than a 1-h value would); otherwise a 1-h value below 305 on the 1-h table;
    /// a 1-h value of 305 or more with the 24-h mean below 305 gives exactly 200 (the TAD sets ILo = IHi = 200). With a
    /// 1-h value of 305 or more and no 24-h mean this also gives 200, the highest the 1-h value defines (the TAD does not
    /// name that case). Null with no 1-h value and a 24-h mean below 305 (the 24-h table is blank there), or both null.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative, NaN or infinite concentration.</exception>
    public static AqiResult? SulphurDioxide(double? oneHourPpb, double? twentyFourHourPpb)
    {
        AqiResult? oneHour = oneHourPpb is { } h ? WithinTable(So2OneHour, So2PrecisionPartsPerBillion, Pollutant.So2, h) : null;
        AqiResult? twentyFourHour = twentyFourHourPpb is { } d
            ? WithinTable(So2TwentyFourHour, So2PrecisionPartsPerBillion, Pollutant.So2, d)
            : null;
        if (twentyFourHour is not null)
        {
            return twentyFourHour;
        }

        if (oneHour is not null)
        {
            return oneHour;
        }

        return oneHourPpb is null ? null : new AqiResult(200, Unhealthy, Pollutant.So2);
    }

    /// <summary>The category of an index value; above 500 stays Hazardous.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative index.</exception>
    public static AqiCategory CategoryOf(int index) => PiecewiseLinearIndex.CategoryOf(Pm2_5, index);

    // Null below a table that starts above 0 (blank in Table 6) and above a table EPA closes (8-h O3 at 300, 1-h SO2
    // at 200); a table that reaches 500 (1-h O3, 24-h SO2) extends its top row as the PM tables do.
    private static AqiResult? WithinTable(IReadOnlyList<AqiBreakpoint> table, double precision, Pollutant pollutant, double concentration)
    {
        PiecewiseLinearIndex.Validate(concentration, nameof(concentration));
        decimal c = PiecewiseLinearIndex.Truncate(concentration, precision);
        bool closedBelow500 = table[^1].IndexHigh < 500;
        if (c < (decimal)table[0].Low || (closedBelow500 && c > (decimal)table[^1].High))
        {
            return null;
        }

        return PiecewiseLinearIndex.Compute(table, precision, pollutant, concentration);
    }
}
