namespace AirMonitor.AirQuality.Indices;

/// <summary>
/// The US EPA correction of PM2.5 from Plantower-based sensors (PurpleAir; PMS5003/PMS7003) in the five-piece form the
/// AirNow Fire and Smoke Map has applied since October 2021, chosen because AirNow corrects the hourly sensor values
/// with it before it computes the NowCast and the AQI shown on the map.
/// </summary>
/// <remarks>
/// Where the pieces come from: the 2021 paper fits the linear CF=1 correction (0.524·PA_cf1 − 0.0862·RH + 5.75, its
/// final Eq., on 24-h means). Neither paper proposes the five-piece extension: it is on slide 26 of Barkjohn et al.,
/// "Sensor Data Cleaning and Correction: Application on the AirNow Fire and Smoke Map" (AAAR 39th Annual Conference,
/// 18–22 Oct 2021; EPA Science Inventory record 353088). The 2022 Sensors paper proposes a different extension: the
/// 2021 linear CF=1 correction up to PA_cf1 570 µg/m³ (300 µg/m³ corrected at 50 %RH), a blend to 611, a quadratic
/// above (abstract: "up to 300 µg/m³, transitioning to a quadratic fit above 400 µg/m³"). The two-piece form with a
/// quadratic above PA_cf1 343 µg/m³ is older still (the map's 2020–2021 interim correction), not the 2022 paper's.
/// </remarks>
public static class PlantowerCorrection
{
    public const string Source =
        "Five-piece form: Barkjohn, K.K. et al., 'Sensor Data Cleaning and Correction: " +
        "Application on the AirNow Fire and Smoke Map', AAAR 39th Annual Conference, 18–22 Oct 2021, slide 26 (US EPA " +
        "Science Inventory record 353088), x = PM2.5 cf_atm; in use on the AirNow Fire and Smoke Map since Oct 2021. " +
        "Its low-range piece is Barkjohn, Gantt & Clements, 'Development and application of a United States-wide " +
        "correction for PM2.5 data collected with the PurpleAir sensor', Atmos. Meas. Tech. 14, 4617–4637, 22 Jun 2021 " +
        "(0.524·PA_cf1 − 0.0862·RH + 5.75). Not implemented: the later extension of Barkjohn, Holder, Frederick & " +
        "Clements, Sensors 22(24) 9669, 10 Dec 2022 (linear to PA_cf1 570, blend to 611, quadratic above)";

    /// <summary>Above this relative humidity hygroscopic growth inflates optical PM readings: flag them.</summary>
    public const double HighHumidityPercent = 85;

    /// <summary>
    /// Corrected PM2.5 (µg/m³) from x = PM2.5 (µg/m³) and RH (%), clamped at 0 (slide 26):
    /// <list type="bullet">
    /// <item>x &lt; 30: 0.524x − 0.0862RH + 5.75</item>
    /// <item>30 ≤ x &lt; 50: slope blends from 0.524 to 0.786 with weight x/20 − 3/2</item>
    /// <item>50 ≤ x &lt; 210: 0.786x − 0.0862RH + 5.75</item>
    /// <item>210 ≤ x &lt; 260: blends into the high-range curve with weight x/50 − 21/5 (the RH term fades out)</item>
    /// <item>x ≥ 260: 2.966 + 0.69x + 8.84·10⁻⁴x²</item>
    /// </list>
    /// The pieces meet at 30, 50, 210 and 260. The slide defines x as the CF=ATM channel ("PM2.5 cf_atm"): Plantower
    /// reports CF=ATM equal to CF=1 below about 30 µg/m³ and about CF=1/1.5 above about 50, and 0.786 = 1.5 × 0.524 is
    /// the 2021 CF=1 slope carried onto CF=ATM. Given CF=1 above 30 µg/m³, the result is up to about 1.5 times too high.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">x negative, NaN or infinite; RH outside 0…100 or NaN.</exception>
    public static double Correct(double pm2_5AtmMicrogramsPerCubicMeter, double relativeHumidityPercent)
    {
        double x = pm2_5AtmMicrogramsPerCubicMeter;
        double rh = relativeHumidityPercent;
        if (!double.IsFinite(x) || x < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pm2_5AtmMicrogramsPerCubicMeter), x, "PM2.5 CF=ATM must be a finite number ≥ 0.");
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
