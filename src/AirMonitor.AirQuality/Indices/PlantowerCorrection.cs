namespace AirMonitor.AirQuality.Indices;

/// <summary>
/// The US EPA correction of PM2.5 from Plantower-based sensors (PurpleAir; PMS5003/PMS7003 "CF=1" channel), with the
/// extended high-concentration (smoke) form the AirNow Fire and Smoke Map uses.
/// </summary>
public static class PlantowerCorrection
{
    public const string Source =
        "Barkjohn, Gantt & Clements, 'Development and application of a United States-wide correction for PM2.5 data " +
        "collected with the PurpleAir sensor', Atmos. Meas. Tech. 14, 4617–4637, 22 Jun 2021 (0.524x − 0.0862RH + 5.75); " +
        "Barkjohn, Holder, Frederick & Clements, 'Correction and Accuracy of PurpleAir PM2.5 Measurements for Extreme " +
        "Wildfire Smoke', Sensors 22(24) 9669, 10 Dec 2022 (the piecewise extended form, used on the AirNow Fire and Smoke Map)";

    /// <summary>Above this relative humidity hygroscopic growth inflates optical PM readings: flag them.</summary>
    public const double HighHumidityPercent = 85;

    /// <summary>
    /// Corrected PM2.5 (µg/m³) from x = PM2.5 CF=1 (µg/m³) and RH (%), clamped at 0:
    /// <list type="bullet">
    /// <item>x &lt; 30: 0.524x − 0.0862RH + 5.75</item>
    /// <item>30 ≤ x &lt; 50: slope blends from 0.524 to 0.786 with weight x/20 − 3/2</item>
    /// <item>50 ≤ x &lt; 210: 0.786x − 0.0862RH + 5.75</item>
    /// <item>210 ≤ x &lt; 260: blends into the high-range curve with weight x/50 − 21/5 (the RH term fades out)</item>
    /// <item>x ≥ 260: 2.966 + 0.69x + 8.84·10⁻⁴x²</item>
    /// </list>
    /// The pieces meet at 30, 50, 210 and 260.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">x negative, NaN or infinite; RH outside 0…100 or NaN.</exception>
    public static double Correct(double pm2_5Cf1MicrogramsPerCubicMeter, double relativeHumidityPercent)
    {
        double x = pm2_5Cf1MicrogramsPerCubicMeter;
        double rh = relativeHumidityPercent;
        if (!double.IsFinite(x) || x < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pm2_5Cf1MicrogramsPerCubicMeter), x, "PM2.5 CF=1 must be a finite number ≥ 0.");
        }

        ValidateHumidity(rh);

        double corrected;
        if (x < 30)
        {
            corrected = (0.524 * x) - (0.0862 * rh) + 5.75;
        }
        else if (x < 50)
        {
            double w = (x / 20) - 1.5;
            corrected = (((0.786 * w) + (0.524 * (1 - w))) * x) - (0.0862 * rh) + 5.75;
        }
        else if (x < 210)
        {
            corrected = (0.786 * x) - (0.0862 * rh) + 5.75;
        }
        else if (x < 260)
        {
            double w = (x / 50) - 4.2;
            corrected = (((0.69 * w) + (0.786 * (1 - w))) * x)
                - (0.0862 * rh * (1 - w))
                + (2.966 * w)
                + (5.75 * (1 - w))
                + (8.84e-4 * x * x * w);
        }
        else
        {
            corrected = 2.966 + (0.69 * x) + (8.84e-4 * x * x);
        }

        return Math.Max(0, corrected);
    }

    /// <summary>True strictly above 85 %RH ("above about 85 %"); a reading of exactly 85 % is not flagged.</summary>
    /// <exception cref="ArgumentOutOfRangeException">RH outside 0…100 or NaN.</exception>
    public static bool IsHighHumidity(double relativeHumidityPercent)
    {
        ValidateHumidity(relativeHumidityPercent);
        return relativeHumidityPercent > HighHumidityPercent;
    }

    private static void ValidateHumidity(double relativeHumidityPercent)
    {
        if (double.IsNaN(relativeHumidityPercent) || relativeHumidityPercent < 0 || relativeHumidityPercent > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(relativeHumidityPercent), relativeHumidityPercent, "Relative humidity must be 0…100 %.");
        }
    }
}
