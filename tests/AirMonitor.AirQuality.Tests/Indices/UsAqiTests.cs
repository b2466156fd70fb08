using AirMonitor.AirQuality.Indices;

namespace AirMonitor.AirQuality.Tests.Indices;

public class UsAqiTests
{
    [Theory]
    // PM2.5 (µg/m³, 0.1): each band's low and high end; the next band's low is the value just above the high end.
    [InlineData(0.0, 0, "good")]
    [InlineData(9.0, 50, "good")]
    [InlineData(9.1, 51, "moderate")]
    [InlineData(35.4, 100, "moderate")]
    [InlineData(35.5, 101, "usg")]
    [InlineData(55.4, 150, "usg")]
    [InlineData(55.5, 151, "unhealthy")]
    [InlineData(125.4, 200, "unhealthy")]
    [InlineData(125.5, 201, "very_unhealthy")]
    [InlineData(225.4, 300, "very_unhealthy")]
    [InlineData(225.5, 301, "hazardous")]
    [InlineData(325.4, 500, "hazardous")]
    public void Pm2_5_band_edges_give_the_band_index_ends(double concentration, int index, string category)
    {
        AqiResult result = UsAqi.Index(Pollutant.Pm2_5, concentration);

        Assert.Equal(index, result.Index);
        Assert.Equal(category, result.Category.Key);
        Assert.Equal(Pollutant.Pm2_5, result.Pollutant);
    }

    [Theory]
    [InlineData(0, 0, "good")]
    [InlineData(54, 50, "good")]
    [InlineData(55, 51, "moderate")]
    [InlineData(154, 100, "moderate")]
    [InlineData(155, 101, "usg")]
    [InlineData(254, 150, "usg")]
    [InlineData(255, 151, "unhealthy")]
    [InlineData(354, 200, "unhealthy")]
    [InlineData(355, 201, "very_unhealthy")]
    [InlineData(424, 300, "very_unhealthy")]
    [InlineData(425, 301, "hazardous")]
    [InlineData(604, 500, "hazardous")]
    public void Pm10_band_edges_give_the_band_index_ends(double concentration, int index, string category)
    {
        AqiResult result = UsAqi.Index(Pollutant.Pm10, concentration);

        Assert.Equal(index, result.Index);
        Assert.Equal(category, result.Category.Key);
        Assert.Equal(Pollutant.Pm10, result.Pollutant);
    }

    [Theory]
    // PM2.5 truncates to 0.1 before the equation: 9.09 → 9.0 → 50, not 51; 35.45 → 35.4 → 100.
    [InlineData(Pollutant.Pm2_5, 9.09, 50)]
    [InlineData(Pollutant.Pm2_5, 9.05, 50)]
    [InlineData(Pollutant.Pm2_5, 35.45, 100)]
    [InlineData(Pollutant.Pm2_5, 35.49, 100)]
    [InlineData(Pollutant.Pm2_5, 55.499, 150)]
    // PM10 truncates to 1: 54.9 → 54 → 50; 154.99 → 154 → 100.
    [InlineData(Pollutant.Pm10, 54.9, 50)]
    [InlineData(Pollutant.Pm10, 154.99, 100)]
    public void Concentration_is_truncated_to_the_table_precision_first(Pollutant pollutant, double concentration, int index)
    {
        Assert.Equal(index, UsAqi.Index(pollutant, concentration).Index);
    }

    [Theory]
    // PM2.5 12.0: (100 − 51)/(35.4 − 9.1)·(12.0 − 9.1) + 51 = 49/26.3·2.9 + 51 = 56.40 → 56
    [InlineData(Pollutant.Pm2_5, 12.0, 56, "moderate")]
    // PM2.5 100.0: (200 − 151)/(125.4 − 55.5)·(100.0 − 55.5) + 151 = 49/69.9·44.5 + 151 = 182.19 → 182
    [InlineData(Pollutant.Pm2_5, 100.0, 182, "unhealthy")]
    // PM10 100: (100 − 51)/(154 − 55)·(100 − 55) + 51 = 49/99·45 + 51 = 73.27 → 73
    [InlineData(Pollutant.Pm10, 100, 73, "moderate")]
    public void Worked_examples_inside_a_band(Pollutant pollutant, double concentration, int index, string category)
    {
        AqiResult result = UsAqi.Index(pollutant, concentration);

        Assert.Equal(index, result.Index);
        Assert.Equal(category, result.Category.Key);
    }

    [Theory]
    // Above the top row the top row's equation is extended.
    // PM2.5 500.4: (500 − 301)/(325.4 − 225.5)·(500.4 − 225.5) + 301 = 199/99.9·274.9 + 301 = 848.60 → 849
    [InlineData(Pollutant.Pm2_5, 500.4, 849)]
    // PM2.5 325.5: 199/99.9·100.0 + 301 = 500.20 → 500
    [InlineData(Pollutant.Pm2_5, 325.5, 500)]
    // PM10 700: (500 − 301)/(604 − 425)·(700 − 425) + 301 = 199/179·275 + 301 = 606.73 → 607
    [InlineData(Pollutant.Pm10, 700, 607)]
    public void Above_the_top_row_extends_the_top_equation_and_stays_hazardous(Pollutant pollutant, double concentration, int index)
    {
        AqiResult result = UsAqi.Index(pollutant, concentration);

        Assert.Equal(index, result.Index);
        Assert.Equal("hazardous", result.Category.Key);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Negative_or_non_finite_concentration_throws(double concentration)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UsAqi.Index(Pollutant.Pm2_5, concentration));
        Assert.Throws<ArgumentOutOfRangeException>(() => UsAqi.Index(Pollutant.Pm10, concentration));
    }

    [Fact]
    public void A_value_outside_the_enum_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UsAqi.Index((Pollutant)99, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => UsAqi.Unit((Pollutant)99));
    }

    [Theory]
    [InlineData(0, "good")]
    [InlineData(50, "good")]
    [InlineData(51, "moderate")]
    [InlineData(100, "moderate")]
    [InlineData(101, "usg")]
    [InlineData(150, "usg")]
    [InlineData(151, "unhealthy")]
    [InlineData(200, "unhealthy")]
    [InlineData(201, "very_unhealthy")]
    [InlineData(300, "very_unhealthy")]
    [InlineData(301, "hazardous")]
    [InlineData(500, "hazardous")]
    [InlineData(849, "hazardous")]
    public void Category_of_an_index(int index, string category)
    {
        Assert.Equal(category, UsAqi.CategoryOf(index).Key);
    }

    [Fact]
    public void Category_of_a_negative_index_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UsAqi.CategoryOf(-1));
    }

    [Fact]
    public void Categories_carry_the_EPA_names_and_colours_cleanest_first()
    {
        Assert.Equal(
            [
                ("good", "Good", "green", "#00E400"),
                ("moderate", "Moderate", "yellow", "#FFFF00"),
                ("usg", "Unhealthy for Sensitive Groups", "orange", "#FF7E00"),
                ("unhealthy", "Unhealthy", "red", "#FF0000"),
                ("very_unhealthy", "Very Unhealthy", "purple", "#8F3F97"),
                ("hazardous", "Hazardous", "maroon", "#7E0023"),
            ],
            UsAqi.Categories.Select(c => (c.Key, c.Name, c.Colour, c.ColourHex)));
    }
}
