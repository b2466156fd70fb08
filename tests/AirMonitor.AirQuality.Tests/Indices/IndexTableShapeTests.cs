using AirMonitor.AirQuality.Indices;

namespace AirMonitor.AirQuality.Tests.Indices;

/// <summary>Every table starts at 0 and leaves no gap: the next row starts one table step above the previous row's end.</summary>
public class IndexTableShapeTests
{
    public static TheoryData<string, double> Tables => new()
    {
        { "US PM2.5", UsAqi.Pm2_5PrecisionMicrogramsPerCubicMeter },
        { "US PM10", UsAqi.Pm10PrecisionMicrogramsPerCubicMeter },
        { "Thai Pm2_5", ThaiAqi.Precision(Pollutant.Pm2_5) },
        { "Thai Pm10", ThaiAqi.Precision(Pollutant.Pm10) },
        { "Thai O3", ThaiAqi.Precision(Pollutant.O3) },
        { "Thai Co", ThaiAqi.Precision(Pollutant.Co) },
        { "Thai No2", ThaiAqi.Precision(Pollutant.No2) },
        { "Thai So2", ThaiAqi.Precision(Pollutant.So2) },
    };

    [Theory]
    [MemberData(nameof(Tables))]
    public void Rows_are_contiguous_at_the_table_precision(string name, double precision)
    {
        IReadOnlyList<AqiBreakpoint> table = TableNamed(name);

        Assert.Equal(0, table[0].Low);
        Assert.Equal(0, table[0].IndexLow);
        for (int i = 1; i < table.Count; i++)
        {
            Assert.Equal((decimal)table[i - 1].High + (decimal)precision, (decimal)table[i].Low);
            Assert.Equal(table[i - 1].IndexHigh + 1, table[i].IndexLow);
            Assert.True(table[i].High > table[i].Low);
        }
    }

    [Fact]
    public void Each_index_uses_each_category_once_in_order()
    {
        Assert.Equal(UsAqi.Categories, UsAqi.Pm2_5.Select(row => row.Category));
        Assert.Equal(UsAqi.Categories, UsAqi.Pm10.Select(row => row.Category));
        foreach (Pollutant pollutant in Enum.GetValues<Pollutant>())
        {
            Assert.Equal(ThaiAqi.Categories, ThaiAqi.Table(pollutant).Select(row => row.Category));
        }
    }

    private static IReadOnlyList<AqiBreakpoint> TableNamed(string name) => name switch
    {
        "US PM2.5" => UsAqi.Pm2_5,
        "US PM10" => UsAqi.Pm10,
        _ => ThaiAqi.Table(Enum.Parse<Pollutant>(name["Thai ".Length..])),
    };
}
