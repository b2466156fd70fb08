using AirMonitor.AirQuality.Indices;

namespace AirMonitor.AirQuality.Tests.Indices;

/// <summary>
/// The gas rows of 40 CFR 58 App. G Table 2 (2024) and the O3/SO2 rules of the EPA AQI Technical Assistance Document
/// (EPA-454/B-24-002, May 2024, §IV "Calculating the AQI"; the same rules and examples as the 2016/2018 editions).
/// </summary>
public class UsAqiGasTests
{
    [Theory]
    // Each band's low and high end; the next band's low is one table step above the high end.
    // O3 8-h, ppm at 0.001 (0–300 only)
    [InlineData(Pollutant.O3, 0.000, 0, "good")]
    [InlineData(Pollutant.O3, 0.054, 50, "good")]
    [InlineData(Pollutant.O3, 0.055, 51, "moderate")]
    [InlineData(Pollutant.O3, 0.070, 100, "moderate")]
    [InlineData(Pollutant.O3, 0.071, 101, "usg")]
    [InlineData(Pollutant.O3, 0.085, 150, "usg")]
    [InlineData(Pollutant.O3, 0.086, 151, "unhealthy")]
    [InlineData(Pollutant.O3, 0.105, 200, "unhealthy")]
    [InlineData(Pollutant.O3, 0.106, 201, "very_unhealthy")]
    [InlineData(Pollutant.O3, 0.200, 300, "very_unhealthy")]
    // CO 8-h, ppm at 0.1
    [InlineData(Pollutant.Co, 0.0, 0, "good")]
    [InlineData(Pollutant.Co, 4.4, 50, "good")]
    [InlineData(Pollutant.Co, 4.5, 51, "moderate")]
    [InlineData(Pollutant.Co, 9.4, 100, "moderate")]
    [InlineData(Pollutant.Co, 9.5, 101, "usg")]
    [InlineData(Pollutant.Co, 12.4, 150, "usg")]
    [InlineData(Pollutant.Co, 12.5, 151, "unhealthy")]
    [InlineData(Pollutant.Co, 15.4, 200, "unhealthy")]
    [InlineData(Pollutant.Co, 15.5, 201, "very_unhealthy")]
    [InlineData(Pollutant.Co, 30.4, 300, "very_unhealthy")]
    [InlineData(Pollutant.Co, 30.5, 301, "hazardous")]
    [InlineData(Pollutant.Co, 50.4, 500, "hazardous")]
    // NO2 1-h, ppb at 1
    [InlineData(Pollutant.No2, 0, 0, "good")]
    [InlineData(Pollutant.No2, 53, 50, "good")]
    [InlineData(Pollutant.No2, 54, 51, "moderate")]
    [InlineData(Pollutant.No2, 100, 100, "moderate")]
    [InlineData(Pollutant.No2, 101, 101, "usg")]
    [InlineData(Pollutant.No2, 360, 150, "usg")]
    [InlineData(Pollutant.No2, 361, 151, "unhealthy")]
    [InlineData(Pollutant.No2, 649, 200, "unhealthy")]
    [InlineData(Pollutant.No2, 650, 201, "very_unhealthy")]
    [InlineData(Pollutant.No2, 1249, 300, "very_unhealthy")]
    [InlineData(Pollutant.No2, 1250, 301, "hazardous")]
    [InlineData(Pollutant.No2, 2049, 500, "hazardous")]
    // SO2 1-h, ppb at 1 (0–200 only)
    [InlineData(Pollutant.So2, 0, 0, "good")]
    [InlineData(Pollutant.So2, 35, 50, "good")]
    [InlineData(Pollutant.So2, 36, 51, "moderate")]
    [InlineData(Pollutant.So2, 75, 100, "moderate")]
    [InlineData(Pollutant.So2, 76, 101, "usg")]
    [InlineData(Pollutant.So2, 185, 150, "usg")]
    [InlineData(Pollutant.So2, 186, 151, "unhealthy")]
    [InlineData(Pollutant.So2, 304, 200, "unhealthy")]
    public void Band_edges_give_the_band_index_ends(Pollutant pollutant, double concentration, int index, string category)
    {
        AqiResult result = UsAqi.Index(pollutant, concentration);

        Assert.Equal(index, result.Index);
        Assert.Equal(category, result.Category.Key);
        Assert.Equal(pollutant, result.Pollutant);
    }

    [Theory]
    // O3 1-h, ppm at 0.001: the table starts at 101
    [InlineData(0.125, 101, "usg")]
    [InlineData(0.164, 150, "usg")]
    [InlineData(0.165, 151, "unhealthy")]
    [InlineData(0.204, 200, "unhealthy")]
    [InlineData(0.205, 201, "very_unhealthy")]
    [InlineData(0.404, 300, "very_unhealthy")]
    [InlineData(0.405, 301, "hazardous")]
    [InlineData(0.604, 500, "hazardous")]
    public void Ozone_one_hour_band_edges(double oneHourPpm, int index, string category)
    {
        AqiResult? result = UsAqi.Ozone(null, oneHourPpm);

        Assert.NotNull(result);
        Assert.Equal(index, result.Index);
        Assert.Equal(category, result.Category.Key);
        Assert.Equal(Pollutant.O3, result.Pollutant);
    }

    [Theory]
    // SO2 24-h, ppb at 1: the table starts at 201
    [InlineData(305, 201, "very_unhealthy")]
    [InlineData(604, 300, "very_unhealthy")]
    [InlineData(605, 301, "hazardous")]
    [InlineData(1004, 500, "hazardous")]
    public void Sulphur_dioxide_twenty_four_hour_band_edges(double twentyFourHourPpb, int index, string category)
    {
        AqiResult? result = UsAqi.SulphurDioxide(null, twentyFourHourPpb);

        Assert.NotNull(result);
        Assert.Equal(index, result.Index);
        Assert.Equal(category, result.Category.Key);
        Assert.Equal(Pollutant.So2, result.Pollutant);
    }

    [Theory]
    // O3 to 0.001 ppm: 0.0709 → 0.070 → 100, not 101; 0.05499 → 0.054 → 50; 0.2009 → 0.200 → 300 (still in the 8-h table)
    [InlineData(Pollutant.O3, 0.0709, 100)]
    [InlineData(Pollutant.O3, 0.05499, 50)]
    [InlineData(Pollutant.O3, 0.2009, 300)]
    // CO to 0.1 ppm: 4.49 → 4.4 → 50; 9.45 → 9.4 → 100
    [InlineData(Pollutant.Co, 4.49, 50)]
    [InlineData(Pollutant.Co, 9.45, 100)]
    // NO2 and SO2 to 1 ppb: 53.9 → 53 → 50; 100.99 → 100 → 100; SO2 35.9 → 35 → 50; 304.9 → 304 → 200
    [InlineData(Pollutant.No2, 53.9, 50)]
    [InlineData(Pollutant.No2, 100.99, 100)]
    [InlineData(Pollutant.So2, 35.9, 50)]
    [InlineData(Pollutant.So2, 304.9, 200)]
    public void Concentration_is_truncated_to_the_table_precision_first(Pollutant pollutant, double concentration, int index)
    {
        Assert.Equal(index, UsAqi.Index(pollutant, concentration).Index);
    }

    [Theory]
    // TAD §IV worked example: 8-h O3 0.07853 ppm → 0.078; (150 − 101)/(0.085 − 0.071)·(0.078 − 0.071) + 101 = 125.5 → 126
    [InlineData(Pollutant.O3, 0.07853, 126, "usg")]
    // TAD multi-pollutant example, CO 8.4 ppm: (100 − 51)/(9.4 − 4.5)·(8.4 − 4.5) + 51 = 10·3.9 + 51 = 90
    [InlineData(Pollutant.Co, 8.4, 90, "moderate")]
    // CO 11.0: 49/2.9·1.5 + 101 = 126.34 → 126
    [InlineData(Pollutant.Co, 11.0, 126, "usg")]
    // NO2 200: (150 − 101)/(360 − 101)·(200 − 101) + 101 = 49/259·99 + 101 = 119.73 → 120
    [InlineData(Pollutant.No2, 200, 120, "usg")]
    // SO2 50: (100 − 51)/(75 − 36)·(50 − 36) + 51 = 49/39·14 + 51 = 68.59 → 69
    [InlineData(Pollutant.So2, 50, 69, "moderate")]
    public void Worked_examples_inside_a_band(Pollutant pollutant, double concentration, int index, string category)
    {
        AqiResult result = UsAqi.Index(pollutant, concentration);

        Assert.Equal(index, result.Index);
        Assert.Equal(category, result.Category.Key);
    }

    [Fact]
    public void Tad_multi_pollutant_example_reports_the_highest_sub_index_ozone_126()
    {
        // TAD §IV "How to handle values from multiple pollutants": 8-h O3 0.07853 ppm, PM2.5 35.9 µg/m³, CO 8.4 ppm.
        // PM2.5: (150 − 101)/(55.4 − 35.5)·(35.9 − 35.5) + 101 = 101.98 → 102 (this band is unchanged in 2024).
        AqiResult[] subIndices =
        [
            UsAqi.Index(Pollutant.O3, 0.07853),
            UsAqi.Index(Pollutant.Pm2_5, 35.9),
            UsAqi.Index(Pollutant.Co, 8.4),
        ];

        Assert.Equal([126, 102, 90], subIndices.Select(r => r.Index));
        AqiResult highest = subIndices.MaxBy(r => r.Index)!;
        Assert.Equal(Pollutant.O3, highest.Pollutant);
        Assert.Equal("usg", highest.Category.Key);
    }

    [Theory]
    // Above a top row that reaches 500 the top row's equation is extended.
    // CO 60.0: 199/19.9·(60.0 − 30.5) + 301 = 596
    [InlineData(Pollutant.Co, 60.0, 596)]
    // NO2 3000: 199/799·(3000 − 1250) + 301 = 736.86 → 737
    [InlineData(Pollutant.No2, 3000, 737)]
    public void Above_the_top_row_extends_the_top_equation_and_stays_hazardous(Pollutant pollutant, double concentration, int index)
    {
        AqiResult result = UsAqi.Index(pollutant, concentration);

        Assert.Equal(index, result.Index);
        Assert.Equal("hazardous", result.Category.Key);
    }

    [Theory]
    // EPA defines no AQI for 8-h O3 above 0.200 ppm nor for 1-h SO2 above 304 ppb (truncated).
    [InlineData(Pollutant.O3, 0.201)]
    [InlineData(Pollutant.O3, 0.5)]
    [InlineData(Pollutant.So2, 305)]
    [InlineData(Pollutant.So2, 1000)]
    public void Index_throws_where_the_averaging_defines_no_AQI(Pollutant pollutant, double concentration)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UsAqi.Index(pollutant, concentration));
    }

    [Theory]
    [InlineData(Pollutant.O3)]
    [InlineData(Pollutant.Co)]
    [InlineData(Pollutant.No2)]
    [InlineData(Pollutant.So2)]
    public void Negative_or_non_finite_gas_concentration_throws(Pollutant pollutant)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UsAqi.Index(pollutant, -0.001));
        Assert.Throws<ArgumentOutOfRangeException>(() => UsAqi.Index(pollutant, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => UsAqi.Index(pollutant, double.PositiveInfinity));
    }

    [Theory]
    // TAD "blank places" example: 1-h 0.104 ppm is disregarded (below 0.125); the 8-h 0.078 gives 126.
    [InlineData(0.078, 0.104, 126)]
    // Both defined, the higher reported: 8-h 0.080 → 49/0.014·0.009 + 101 = 132.5 → 133; 1-h 0.130 → 107.28 → 107
    [InlineData(0.080, 0.130, 133)]
    // 8-h 0.060 → 67.33 → 67; 1-h 0.170 → 49/0.039·0.005 + 151 = 157.28 → 157 (the 1-h is more precautionary)
    [InlineData(0.060, 0.170, 157)]
    // 8-h above 0.200 is disregarded; 1-h 0.300 → 99/0.199·0.095 + 201 = 248.26 → 248
    [InlineData(0.250, 0.300, 248)]
    // Only an 8-h value: 0.040 → 50/0.054·0.040 = 37.04 → 37
    [InlineData(0.040, null, 37)]
    // Only a 1-h value above 0.604 extends the top row: 199/0.199·(0.700 − 0.405) + 301 = 596
    [InlineData(null, 0.700, 596)]
    public void Ozone_reports_the_higher_of_the_defined_8_hour_and_1_hour_indices(double? eightHourPpm, double? oneHourPpm, int index)
    {
        AqiResult? result = UsAqi.Ozone(eightHourPpm, oneHourPpm);

        Assert.NotNull(result);
        Assert.Equal(index, result.Index);
        Assert.Equal(Pollutant.O3, result.Pollutant);
    }

    [Theory]
    [InlineData(null, null)]
    // 8-h above 0.200 with no 1-h value: no table defines it
    [InlineData(0.201, null)]
    // 1-h below 0.125 (0.1249 truncates to 0.124) with no 8-h value: the 1-h table is blank there
    [InlineData(null, 0.1249)]
    [InlineData(0.250, 0.100)]
    public void Ozone_is_null_when_no_value_gives_an_index(double? eightHourPpm, double? oneHourPpm)
    {
        Assert.Null(UsAqi.Ozone(eightHourPpm, oneHourPpm));
    }

    [Fact]
    public void Ozone_rejects_a_negative_value_even_outside_its_table()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UsAqi.Ozone(-0.001, 0.2));
        Assert.Throws<ArgumentOutOfRangeException>(() => UsAqi.Ozone(0.05, double.NaN));
    }

    [Theory]
    // 1-h below 305 and no 24-h at or above 305: the 1-h table. 100 → 49/109·24 + 101 = 111.79 → 112
    [InlineData(100.0, null, 112, "usg")]
    [InlineData(100.0, 40.0, 112, "usg")]
    // 24-h at or above 305: the 24-h table, whatever the 1-h. 350 → 99/299·45 + 201 = 215.90 → 216
    [InlineData(700.0, 350.0, 216, "very_unhealthy")]
    [InlineData(null, 350.0, 216, "very_unhealthy")]
    // 24-h above 1004 extends the top row: 199/399·(1200 − 605) + 301 = 597.75 → 598
    [InlineData(1500.0, 1200.0, 598, "hazardous")]
    // TAD: 1-h at or above 305 but the 24-h below 305 → ILo = IHi = 200, exactly 200
    [InlineData(305.0, 304.0, 200, "unhealthy")]
    [InlineData(900.0, 120.0, 200, "unhealthy")]
    // 1-h at or above 305 and no 24-h mean: 200, the highest the 1-h value defines (this project's reading)
    [InlineData(400.0, null, 200, "unhealthy")]
    // 304.9 truncates to 304: still the 1-h table, its top
    [InlineData(304.9, 200.0, 200, "unhealthy")]
    public void Sulphur_dioxide_follows_the_tad_rule(double? oneHourPpb, double? twentyFourHourPpb, int index, string category)
    {
        AqiResult? result = UsAqi.SulphurDioxide(oneHourPpb, twentyFourHourPpb);

        Assert.NotNull(result);
        Assert.Equal(index, result.Index);
        Assert.Equal(category, result.Category.Key);
        Assert.Equal(Pollutant.So2, result.Pollutant);
    }

    [Theory]
    [InlineData(null, null)]
    // A 24-h mean below 305 alone: the 24-h table is blank there (the lower AQI comes from 1-h values)
    [InlineData(null, 304.9)]
    [InlineData(null, 0.0)]
    public void Sulphur_dioxide_is_null_when_no_value_gives_an_index(double? oneHourPpb, double? twentyFourHourPpb)
    {
        Assert.Null(UsAqi.SulphurDioxide(oneHourPpb, twentyFourHourPpb));
    }

    [Fact]
    public void Sulphur_dioxide_rejects_a_negative_value()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UsAqi.SulphurDioxide(-1, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => UsAqi.SulphurDioxide(10, -1));
    }

    [Theory]
    [InlineData(Pollutant.Pm2_5, "µg/m³")]
    [InlineData(Pollutant.Pm10, "µg/m³")]
    [InlineData(Pollutant.O3, "ppm")]
    [InlineData(Pollutant.Co, "ppm")]
    [InlineData(Pollutant.No2, "ppb")]
    [InlineData(Pollutant.So2, "ppb")]
    public void Each_pollutant_names_the_unit_of_its_table(Pollutant pollutant, string unit)
    {
        Assert.Equal(unit, UsAqi.Unit(pollutant));
    }

    [Theory]
    // The metric vocabulary stores O3 in ppb; ppb/1000 must land on the ppm breakpoints, not one step below them.
    [InlineData(0, 0)]
    [InlineData(54, 50)]
    [InlineData(55, 51)]
    [InlineData(70, 100)]
    [InlineData(71, 101)]
    [InlineData(85, 150)]
    [InlineData(86, 151)]
    [InlineData(105, 200)]
    [InlineData(106, 201)]
    [InlineData(200, 300)]
    // 78.53 ppb → 0.07853 ppm → 0.078 → 126 (the TAD example in ppb)
    [InlineData(78.53, 126)]
    public void Ozone_in_ppb_converts_onto_the_ppm_breakpoints(double eightHourPpb, int index)
    {
        Assert.Equal(index, UsAqi.Index(Pollutant.O3, Concentrations.PartsPerBillionToPartsPerMillion(eightHourPpb)).Index);
    }

    [Fact]
    public void Every_whole_ppb_converts_to_the_exact_thousandth()
    {
        for (int ppb = 0; ppb <= 604; ppb++)
        {
            Assert.Equal(ppb / 1000m, (decimal)Concentrations.PartsPerBillionToPartsPerMillion(ppb));
        }
    }

    [Theory]
    [InlineData(124, null)]
    [InlineData(125, 101)]
    [InlineData(405, 301)]
    public void One_hour_ozone_in_ppb_converts_onto_the_ppm_breakpoints(double oneHourPpb, int? index)
    {
        Assert.Equal(index, UsAqi.Ozone(null, Concentrations.PartsPerBillionToPartsPerMillion(oneHourPpb))?.Index);
    }
}
