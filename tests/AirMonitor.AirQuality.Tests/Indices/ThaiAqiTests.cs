using AirMonitor.AirQuality.Indices;

namespace AirMonitor.AirQuality.Tests.Indices;

public class ThaiAqiTests
{
    [Theory]
    // Each band's low and high end; the next band's low is the value one table step above the high end.
    // PM2.5, 24-h µg/m³, 0.1
    [InlineData(Pollutant.Pm2_5, 0.0, 0, "very_good")]
    [InlineData(Pollutant.Pm2_5, 15.0, 25, "very_good")]
    [InlineData(Pollutant.Pm2_5, 15.1, 26, "good")]
    [InlineData(Pollutant.Pm2_5, 25.0, 50, "good")]
    [InlineData(Pollutant.Pm2_5, 25.1, 51, "moderate")]
    [InlineData(Pollutant.Pm2_5, 37.5, 100, "moderate")]
    [InlineData(Pollutant.Pm2_5, 37.6, 101, "starting_to_affect_health")]
    [InlineData(Pollutant.Pm2_5, 75.0, 200, "starting_to_affect_health")]
    [InlineData(Pollutant.Pm2_5, 75.1, 201, "affecting_health")]
    // PM10, 24-h µg/m³, 1
    [InlineData(Pollutant.Pm10, 0, 0, "very_good")]
    [InlineData(Pollutant.Pm10, 50, 25, "very_good")]
    [InlineData(Pollutant.Pm10, 51, 26, "good")]
    [InlineData(Pollutant.Pm10, 80, 50, "good")]
    [InlineData(Pollutant.Pm10, 81, 51, "moderate")]
    [InlineData(Pollutant.Pm10, 120, 100, "moderate")]
    [InlineData(Pollutant.Pm10, 121, 101, "starting_to_affect_health")]
    [InlineData(Pollutant.Pm10, 180, 200, "starting_to_affect_health")]
    [InlineData(Pollutant.Pm10, 181, 201, "affecting_health")]
    // O3, 8-h ppb, 1
    [InlineData(Pollutant.O3, 0, 0, "very_good")]
    [InlineData(Pollutant.O3, 35, 25, "very_good")]
    [InlineData(Pollutant.O3, 36, 26, "good")]
    [InlineData(Pollutant.O3, 50, 50, "good")]
    [InlineData(Pollutant.O3, 51, 51, "moderate")]
    [InlineData(Pollutant.O3, 70, 100, "moderate")]
    [InlineData(Pollutant.O3, 71, 101, "starting_to_affect_health")]
    [InlineData(Pollutant.O3, 120, 200, "starting_to_affect_health")]
    [InlineData(Pollutant.O3, 121, 201, "affecting_health")]
    // CO, 8-h ppm, 0.1
    [InlineData(Pollutant.Co, 0.0, 0, "very_good")]
    [InlineData(Pollutant.Co, 4.4, 25, "very_good")]
    [InlineData(Pollutant.Co, 4.5, 26, "good")]
    [InlineData(Pollutant.Co, 6.4, 50, "good")]
    [InlineData(Pollutant.Co, 6.5, 51, "moderate")]
    [InlineData(Pollutant.Co, 9.0, 100, "moderate")]
    [InlineData(Pollutant.Co, 9.1, 101, "starting_to_affect_health")]
    [InlineData(Pollutant.Co, 30.0, 200, "starting_to_affect_health")]
    [InlineData(Pollutant.Co, 30.1, 201, "affecting_health")]
    // NO2, 1-h ppb, 1
    [InlineData(Pollutant.No2, 0, 0, "very_good")]
    [InlineData(Pollutant.No2, 60, 25, "very_good")]
    [InlineData(Pollutant.No2, 61, 26, "good")]
    [InlineData(Pollutant.No2, 106, 50, "good")]
    [InlineData(Pollutant.No2, 107, 51, "moderate")]
    [InlineData(Pollutant.No2, 170, 100, "moderate")]
    [InlineData(Pollutant.No2, 171, 101, "starting_to_affect_health")]
    [InlineData(Pollutant.No2, 340, 200, "starting_to_affect_health")]
    [InlineData(Pollutant.No2, 341, 201, "affecting_health")]
    // SO2, 1-h ppb, 1
    [InlineData(Pollutant.So2, 0, 0, "very_good")]
    [InlineData(Pollutant.So2, 100, 25, "very_good")]
    [InlineData(Pollutant.So2, 101, 26, "good")]
    [InlineData(Pollutant.So2, 200, 50, "good")]
    [InlineData(Pollutant.So2, 201, 51, "moderate")]
    [InlineData(Pollutant.So2, 300, 100, "moderate")]
    [InlineData(Pollutant.So2, 301, 101, "starting_to_affect_health")]
    [InlineData(Pollutant.So2, 400, 200, "starting_to_affect_health")]
    [InlineData(Pollutant.So2, 401, 201, "affecting_health")]
    public void Band_edges_give_the_band_index_ends(Pollutant pollutant, double concentration, int index, string category)
    {
        AqiResult result = ThaiAqi.SubIndex(pollutant, concentration);

        Assert.Equal(index, result.Index);
        Assert.Equal(category, result.Category.Key);
        Assert.Equal(pollutant, result.Pollutant);
    }

    [Theory]
    // Truncation to the table precision: 15.05 → 15.0 → 25; 37.59 → 37.5 → 100 (the standard), not 101.
    [InlineData(Pollutant.Pm2_5, 15.05, 25)]
    [InlineData(Pollutant.Pm2_5, 37.59, 100)]
    [InlineData(Pollutant.Pm2_5, 75.09, 200)]
    [InlineData(Pollutant.Pm10, 50.9, 25)]
    [InlineData(Pollutant.O3, 35.9, 25)]
    [InlineData(Pollutant.Co, 4.49, 25)]
    [InlineData(Pollutant.Co, 9.09, 100)]
    [InlineData(Pollutant.No2, 170.7, 100)]
    [InlineData(Pollutant.So2, 400.99, 200)]
    public void Concentration_is_truncated_to_the_table_precision_first(Pollutant pollutant, double concentration, int index)
    {
        Assert.Equal(index, ThaiAqi.SubIndex(pollutant, concentration).Index);
    }

    [Theory]
    // PM2.5 20.0: (50 − 26)/(25.0 − 15.1)·(20.0 − 15.1) + 26 = 24/9.9·4.9 + 26 = 37.88 → 38
    [InlineData(Pollutant.Pm2_5, 20.0, 38)]
    // PM2.5 50.0: (200 − 101)/(75.0 − 37.6)·(50.0 − 37.6) + 101 = 99/37.4·12.4 + 101 = 133.82 → 134
    [InlineData(Pollutant.Pm2_5, 50.0, 134)]
    // PM10 100: (100 − 51)/(120 − 81)·(100 − 81) + 51 = 49/39·19 + 51 = 74.87 → 75
    [InlineData(Pollutant.Pm10, 100, 75)]
    // O3 100: (200 − 101)/(120 − 71)·(100 − 71) + 101 = 99/49·29 + 101 = 159.59 → 160
    [InlineData(Pollutant.O3, 100, 160)]
    // CO 7.5: (100 − 51)/(9.0 − 6.5)·(7.5 − 6.5) + 51 = 49/2.5·1.0 + 51 = 70.6 → 71
    [InlineData(Pollutant.Co, 7.5, 71)]
    // One gas per band row, checked against PCD's 2023 table (secondary copy):
    // O3 40: (50 − 26)/(50 − 36)·(40 − 36) + 26 = 24/14·4 + 26 = 32.86 → 33
    [InlineData(Pollutant.O3, 40, 33)]
    // CO 5.0: (50 − 26)/(6.4 − 4.5)·(5.0 − 4.5) + 26 = 24/1.9·0.5 + 26 = 32.32 → 32
    [InlineData(Pollutant.Co, 5.0, 32)]
    // CO 20.0: (200 − 101)/(30.0 − 9.1)·(20.0 − 9.1) + 101 = 99/20.9·10.9 + 101 = 152.63 → 153
    [InlineData(Pollutant.Co, 20.0, 153)]
    // NO2 150: (100 − 51)/(170 − 107)·(150 − 107) + 51 = 49/63·43 + 51 = 84.44 → 84
    [InlineData(Pollutant.No2, 150, 84)]
    // NO2 250: (200 − 101)/(340 − 171)·(250 − 171) + 101 = 99/169·79 + 101 = 147.28 → 147
    [InlineData(Pollutant.No2, 250, 147)]
    // SO2 250: (100 − 51)/(300 − 201)·(250 − 201) + 51 = 49/99·49 + 51 = 75.25 → 75
    [InlineData(Pollutant.So2, 250, 75)]
    // SO2 350: (200 − 101)/(400 − 301)·(350 − 301) + 101 = 49 + 101 = 150
    [InlineData(Pollutant.So2, 350, 150)]
    // Exact halves round away from zero: PM2.5 0.3 → 25/15·0.3 = 0.5 → 1; 1.5 → 2.5 → 3 (banker's rounding would give 0 and 2)
    [InlineData(Pollutant.Pm2_5, 0.3, 1)]
    [InlineData(Pollutant.Pm2_5, 1.5, 3)]
    // PM10 5: 25/50·5 = 2.5 → 3; SO2 2: 25/100·2 = 0.5 → 1
    [InlineData(Pollutant.Pm10, 5, 3)]
    [InlineData(Pollutant.So2, 2, 1)]
    public void Worked_examples_inside_a_band(Pollutant pollutant, double concentration, int index)
    {
        Assert.Equal(index, ThaiAqi.SubIndex(pollutant, concentration).Index);
    }

    [Theory]
    // Above 200 (no official upper breakpoint; this project's choice): 201 at the red band's low breakpoint, then the
    // slope of the 101–200 band.
    // PM2.5 100.0: 201 + 99/(75.0 − 37.6)·(100.0 − 75.1) = 201 + 99/37.4·24.9 = 266.91 → 267
    [InlineData(Pollutant.Pm2_5, 100.0, 267)]
    // PM10 250: 201 + 99/(180 − 121)·(250 − 181) = 201 + 99/59·69 = 316.78 → 317
    [InlineData(Pollutant.Pm10, 250, 317)]
    // O3 150: 201 + 99/(120 − 71)·(150 − 121) = 201 + 99/49·29 = 259.59 → 260
    [InlineData(Pollutant.O3, 150, 260)]
    // CO 40.0: 201 + 99/(30.0 − 9.1)·(40.0 − 30.1) = 201 + 99/20.9·9.9 = 247.89 → 248
    [InlineData(Pollutant.Co, 40.0, 248)]
    // NO2 400: 201 + 99/(340 − 171)·(400 − 341) = 201 + 99/169·59 = 235.56 → 236
    [InlineData(Pollutant.No2, 400, 236)]
    // SO2 500: 201 + 99/(400 − 301)·(500 − 401) = 201 + 99 = 300
    [InlineData(Pollutant.So2, 500, 300)]
    public void Above_200_climbs_from_201_with_the_101_to_200_slope(Pollutant pollutant, double concentration, int index)
    {
        AqiResult result = ThaiAqi.SubIndex(pollutant, concentration);

        Assert.Equal(index, result.Index);
        Assert.Equal("affecting_health", result.Category.Key);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    public void Negative_or_non_finite_concentration_throws(double concentration)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ThaiAqi.SubIndex(Pollutant.Co, concentration));
    }

    [Fact]
    public void Overall_is_the_highest_sub_index_and_names_its_pollutant()
    {
        // PM2.5 50.0 → 134, PM10 100 → 75, O3 100 → 160, CO 7.5 → 71
        AqiResult? overall = ThaiAqi.Overall(new Dictionary<Pollutant, double?>
        {
            [Pollutant.Pm2_5] = 50.0,
            [Pollutant.Pm10] = 100,
            [Pollutant.O3] = 100,
            [Pollutant.Co] = 7.5,
        });

        Assert.NotNull(overall);
        Assert.Equal(160, overall.Index);
        Assert.Equal(Pollutant.O3, overall.Pollutant);
        Assert.Equal("starting_to_affect_health", overall.Category.Key);
    }

    [Fact]
    public void Overall_skips_missing_pollutants()
    {
        AqiResult? overall = ThaiAqi.Overall(new Dictionary<Pollutant, double?>
        {
            [Pollutant.Pm2_5] = 20.0,
            [Pollutant.O3] = null,
            [Pollutant.No2] = null,
        });

        Assert.NotNull(overall);
        Assert.Equal(38, overall.Index);
        Assert.Equal(Pollutant.Pm2_5, overall.Pollutant);
    }

    [Fact]
    public void Overall_tie_names_the_pollutant_first_in_enum_order()
    {
        // PM10 50 → 25 and PM2.5 15.0 → 25: PM2.5 comes first in Pollutant.
        AqiResult? overall = ThaiAqi.Overall(new Dictionary<Pollutant, double?>
        {
            [Pollutant.Pm10] = 50,
            [Pollutant.Pm2_5] = 15.0,
        });

        Assert.NotNull(overall);
        Assert.Equal(25, overall.Index);
        Assert.Equal(Pollutant.Pm2_5, overall.Pollutant);
    }

    [Fact]
    public void Overall_of_only_missing_values_is_null()
    {
        Assert.Null(ThaiAqi.Overall(new Dictionary<Pollutant, double?> { [Pollutant.Pm2_5] = null, [Pollutant.Pm10] = null }));
    }

    [Fact]
    public void Overall_of_no_pollutant_throws()
    {
        Assert.Throws<ArgumentException>(() => ThaiAqi.Overall(new Dictionary<Pollutant, double?>()));
    }

    [Theory]
    [InlineData(0, "very_good")]
    [InlineData(25, "very_good")]
    [InlineData(26, "good")]
    [InlineData(50, "good")]
    [InlineData(51, "moderate")]
    [InlineData(100, "moderate")]
    [InlineData(101, "starting_to_affect_health")]
    [InlineData(200, "starting_to_affect_health")]
    [InlineData(201, "affecting_health")]
    [InlineData(1000, "affecting_health")]
    public void Category_of_an_index(int index, string category)
    {
        Assert.Equal(category, ThaiAqi.CategoryOf(index).Key);
    }

    [Theory]
    [InlineData(Pollutant.Pm2_5, "µg/m³", 0.1, "24-h running mean")]
    [InlineData(Pollutant.Pm10, "µg/m³", 1, "24-h running mean")]
    [InlineData(Pollutant.O3, "ppb", 1, "8-h mean")]
    [InlineData(Pollutant.Co, "ppm", 0.1, "8-h mean")]
    [InlineData(Pollutant.No2, "ppb", 1, "1-h mean")]
    [InlineData(Pollutant.So2, "ppb", 1, "1-h mean")]
    public void Each_table_names_its_unit_precision_and_averaging(Pollutant pollutant, string unit, double precision, string averaging)
    {
        Assert.Equal(unit, ThaiAqi.Unit(pollutant));
        Assert.Equal(precision, ThaiAqi.Precision(pollutant));
        Assert.Equal(averaging, ThaiAqi.Averaging(pollutant));
    }

    [Fact]
    public void Red_row_is_open_ended()
    {
        AqiBreakpoint red = ThaiAqi.Table(Pollutant.Pm2_5)[^1];

        Assert.Equal(75.1, red.Low);
        Assert.Equal(double.PositiveInfinity, red.High);
        Assert.Equal(201, red.IndexLow);
        Assert.Equal(int.MaxValue, red.IndexHigh);
    }

    [Fact]
    public void Categories_carry_the_PCD_levels_and_colours_cleanest_first()
    {
        Assert.Equal(
            [
                ("very_good", "blue", "#3BCCFF"),
                ("good", "green", "#92D050"),
                ("moderate", "yellow", "#FFFF00"),
                ("starting_to_affect_health", "orange", "#FFA200"),
                ("affecting_health", "red", "#F04646"),
            ],
            ThaiAqi.Categories.Select(c => (c.Key, c.Colour, c.ColourHex)));
    }

    [Fact]
    public void Standards_are_the_2023_values()
    {
        Assert.Equal(37.5, ThaiAqi.Pm2_5StandardMicrogramsPerCubicMeter);
        Assert.Equal(15, ThaiAqi.Pm2_5AnnualStandardMicrogramsPerCubicMeter);
        Assert.Equal(100, ThaiAqi.SubIndex(Pollutant.Pm2_5, ThaiAqi.Pm2_5StandardMicrogramsPerCubicMeter).Index);
    }
}
