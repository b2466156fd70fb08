namespace AirMonitor.AirQuality.Indices;

/// <summary>A midnight-to-midnight mean of 24 hourly values, valid only with enough hours.</summary>
public static class DailyMean
{
    public const string Source =
        "US EPA, AQI Technical Assistance Document: a daily PM average needs at least 75 % of the hours (18 of 24)";

    public const int HoursPerDay = 24;

    /// <summary>EPA's minimum of valid hours (75 % of 24).</summary>
    public const int MinHours = 18;

    /// <summary>The mean of the valid hours when at least 18 of the 24 are valid, else null.</summary>
    /// <exception cref="ArgumentException">Not exactly 24 hours, or a NaN or infinite value.</exception>
    public static double? Compute(IReadOnlyList<double?> hours) => Compute(hours, MinHours);

    /// <summary>The mean of the valid hours when at least <paramref name="minValidHours"/> of the 24 are valid, else null
    /// (Japan asks for 20: <see cref="JapanPm25.MinValidHoursPerDay"/>).</summary>
    /// <exception cref="ArgumentException">Not exactly 24 hours, or a NaN or infinite value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minValidHours"/> outside 1…24.</exception>
    public static double? Compute(IReadOnlyList<double?> hours, int minValidHours)
    {
        ArgumentNullException.ThrowIfNull(hours);
        ArgumentOutOfRangeException.ThrowIfLessThan(minValidHours, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValidHours, HoursPerDay);
        if (hours.Count != HoursPerDay)
        {
            throw new ArgumentException("A day has 24 hourly values (null for a missing hour).", nameof(hours));
        }

        double sum = 0;
        int valid = 0;
        foreach (double? hour in hours)
        {
            if (hour is not { } value)
            {
                continue;
            }

            if (!double.IsFinite(value))
            {
                throw new ArgumentException("An hourly value must be a finite number (or null when missing).", nameof(hours));
            }

            sum += value;
            valid++;
        }

        return valid >= minValidHours ? sum / valid : null;
    }
}
