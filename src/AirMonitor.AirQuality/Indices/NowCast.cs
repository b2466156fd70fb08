namespace AirMonitor.AirQuality.Indices;

/// <summary>The EPA PM NowCast: a recency-weighted mean of the last 12 hourly means, for a real-time AQI.</summary>
public static class NowCast
{
    public const string Source =
        "US EPA, 'PM NowCast' (How the NowCast works / Calculating the NowCast, EPA fact sheet, NEPIS P100X0J6) and its " +
        "worked example 'Computing the NowCast' (12 h, w = 0.5, 17.4 µg/m³); needs 2 of the 3 newest hours (AirNow)";

    public const int Hours = 12;

    /// <summary>The floor of the weight factor; it makes the NowCast approximate a 3-h mean when the air changes fast.</summary>
    public const double MinWeight = 0.5;

    /// <summary>
    /// The NowCast of up to 12 hourly means, newest first (null = missing hour), in the hours' unit (µg/m³).
    /// Null when fewer than 2 of the 3 newest hours are valid. w* = cmin/cmax over the valid hours, w = max(w*, 0.5),
    /// NowCast = Σ w^(i−1)·cᵢ / Σ w^(i−1) over the valid hours (i = 1 is the newest); 0 when every valid hour is 0.
    /// The value is not truncated: <see cref="UsAqi.Index"/> truncates it.
    /// </summary>
    /// <exception cref="ArgumentException">More than 12 hours, or an hour that is negative, NaN or infinite.</exception>
    public static double? Compute(IReadOnlyList<double?> hourlyNewestFirst)
    {
        ArgumentNullException.ThrowIfNull(hourlyNewestFirst);
        if (hourlyNewestFirst.Count > Hours)
        {
            throw new ArgumentException("The NowCast takes at most the 12 newest hours.", nameof(hourlyNewestFirst));
        }

        double cmin = double.MaxValue;
        double cmax = 0;
        int validOfNewestThree = 0;
        for (int i = 0; i < hourlyNewestFirst.Count; i++)
        {
            if (hourlyNewestFirst[i] is not { } c)
            {
                continue;
            }

            if (!double.IsFinite(c) || c < 0)
            {
                throw new ArgumentException("An hourly mean must be a finite number ≥ 0 (or null when missing).", nameof(hourlyNewestFirst));
            }

            cmin = Math.Min(cmin, c);
            cmax = Math.Max(cmax, c);
            if (i < 3)
            {
                validOfNewestThree++;
            }
        }

        if (validOfNewestThree < 2)
        {
            return null;
        }

        if (cmax == 0)
        {
            return 0;
        }

        double w = Math.Max(cmin / cmax, MinWeight);
        double weighted = 0;
        double weights = 0;
        for (int i = 0; i < hourlyNewestFirst.Count; i++)
        {
            if (hourlyNewestFirst[i] is { } c)
            {
                double weight = Math.Pow(w, i);
                weighted += weight * c;
                weights += weight;
            }
        }

        return weighted / weights;
    }
}
