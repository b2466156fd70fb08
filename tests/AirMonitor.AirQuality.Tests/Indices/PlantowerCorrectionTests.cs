using AirMonitor.AirQuality.Indices;

namespace AirMonitor.AirQuality.Tests.Indices;

public class PlantowerCorrectionTests
{
    [Theory]
    // x < 30, x = 20, RH 50: 0.524·20 − 0.0862·50 + 5.75 = 10.48 − 4.31 + 5.75 = 11.92
    [InlineData(20, 50, 11.92)]
    // 30 ≤ x < 50, x = 40: w = 40/20 − 1.5 = 0.5, slope 0.786·0.5 + 0.524·0.5 = 0.655; 0.655·40 − 4.31 + 5.75 = 27.64
    [InlineData(40, 50, 27.64)]
    // 50 ≤ x < 210, x = 100: 0.786·100 − 4.31 + 5.75 = 80.04
    [InlineData(100, 50, 80.04)]
    // 210 ≤ x < 260, x = 235: w = 235/50 − 4.2 = 0.5; slope 0.69·0.5 + 0.786·0.5 = 0.738 → 173.43;
    // − 0.0862·50·0.5 = −2.155; + 2.966·0.5 = 1.483; + 5.75·0.5 = 2.875; + 8.84e-4·235²·0.5 = 24.40945 → 200.04245
    [InlineData(235, 50, 200.04245)]
    // x ≥ 260, x = 300: 2.966 + 0.69·300 + 8.84e-4·300² = 2.966 + 207 + 79.56 = 289.526 (no RH term)
    [InlineData(300, 50, 289.526)]
    [InlineData(300, 0, 289.526)]
    // x = 6, RH 100: 3.144 − 8.62 + 5.75 = 0.274 (still above 0)
    [InlineData(6, 100, 0.274)]
    public void Hand_computed_values_in_each_range(double x, double rh, double corrected)
    {
        Assert.Equal(corrected, PlantowerCorrection.Correct(x, rh), 9);
    }

    [Theory]
    // Slide 26's x is CF=ATM; above ~50 µg/m³ CF=1 ≈ 1.5·CF=ATM, and the middle piece is the 2021 CF=1 fit on it:
    // 0.786·atm = 0.524·(1.5·atm). atm 100 → 0.524·150 − 0.0862·50 + 5.75 = 80.04; atm 200, RH 30 → 157.2 − 2.586 + 5.75 = 160.364
    [InlineData(100, 50, 80.04)]
    [InlineData(200, 30, 160.364)]
    public void Middle_piece_is_the_2021_cf1_fit_applied_to_one_and_a_half_times_cf_atm(double atm, double rh, double expected)
    {
        Assert.Equal(expected, PlantowerCorrection.Correct(atm, rh), 9);
        Assert.Equal((0.524 * 1.5 * atm) - (0.0862 * rh) + 5.75, PlantowerCorrection.Correct(atm, rh), 9);
    }

    [Theory]
    // x = 0, RH 100: 0 − 8.62 + 5.75 = −2.87 → 0; x = 5, RH 100: 2.62 − 8.62 + 5.75 = −0.25 → 0
    [InlineData(0, 100)]
    [InlineData(5, 100)]
    [InlineData(0, 67)]
    public void Negative_results_clamp_to_zero(double x, double rh)
    {
        Assert.Equal(0, PlantowerCorrection.Correct(x, rh));
    }

    [Theory]
    // Values at the joins: x = 30 → 0.524·30 + 1.44 = 17.16; 50 → 39.3 + 1.44 = 40.74; 210 → 165.06 + 1.44 = 166.5;
    // 260 → 2.966 + 179.4 + 59.7584 = 242.1244
    [InlineData(30, 50, 17.16)]
    [InlineData(50, 50, 40.74)]
    [InlineData(210, 50, 166.5)]
    [InlineData(260, 50, 242.1244)]
    [InlineData(30, 0, 21.47)]
    [InlineData(50, 0, 45.05)]
    [InlineData(210, 0, 170.81)]
    [InlineData(260, 0, 242.1244)]
    [InlineData(30, 100, 12.85)]
    [InlineData(50, 100, 36.43)]
    [InlineData(210, 100, 162.19)]
    [InlineData(260, 100, 242.1244)]
    public void Pieces_meet_at_30_50_210_and_260(double join, double rh, double atJoin)
    {
        double justBelow = PlantowerCorrection.Correct(join - 1e-9, rh);
        double at = PlantowerCorrection.Correct(join, rh);

        Assert.Equal(atJoin, at, 9);
        Assert.Equal(at, justBelow, 6);
    }

    [Theory]
    [InlineData(-0.1, 50)]
    [InlineData(double.NaN, 50)]
    [InlineData(double.PositiveInfinity, 50)]
    [InlineData(10, -1)]
    [InlineData(10, 100.1)]
    [InlineData(10, double.NaN)]
    public void Out_of_range_input_throws(double x, double rh)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PlantowerCorrection.Correct(x, rh));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(85, false)]
    [InlineData(85.1, true)]
    [InlineData(100, true)]
    public void High_humidity_is_strictly_above_85_percent(double rh, bool high)
    {
        Assert.Equal(high, PlantowerCorrection.IsHighHumidity(rh));
    }
}
