using AirMonitor.AirQuality.Indices;

namespace AirMonitor.AirQuality.Tests.Indices;

/// <summary>
/// Every table starts where its source starts it (0, or the first defined breakpoint of a partial US table) and leaves no
/// gap: the next row starts one table step above the previous row's end.
/// </summary>
public class IndexTableShapeTests
{
    public static TheoryData<string, double, double, int> Tables => new()
    {
        { "US PM2.5", UsAqi.Pm2_5PrecisionMicrogramsPerCubicMeter, 0, 0 },
        { "US PM10", UsAqi.Pm10PrecisionMicrogramsPerCubicMeter, 0, 0 },
        { "US O3 8-h", UsAqi.O3PrecisionPartsPerMillion, 0, 0 },
        { "US O3 1-h", UsAqi.O3PrecisionPartsPerMillion, 0.125, 101 },
        { "US CO", UsAqi.CoPrecisionPartsPerMillion, 0, 0 },
        { "US NO2", UsAqi.No2PrecisionPartsPerBillion, 0, 0 },
        { "US SO2 1-h", UsAqi.So2PrecisionPartsPerBillion, 0, 0 },
        { "US SO2 24-h", UsAqi.So2PrecisionPartsPerBillion, 305, 201 },
        { "Thai Pm2_5", ThaiAqi.Precision(Pollutant.Pm2_5), 0, 0 },
        { "Thai Pm10", ThaiAqi.Precision(Pollutant.Pm10), 0, 0 },
        { "Thai O3", ThaiAqi.Precision(Pollutant.O3), 0, 0 },
        { "Thai Co", ThaiAqi.Precision(Pollutant.Co), 0, 0 },
        { "Thai No2", ThaiAqi.Precision(Pollutant.No2), 0, 0 },
        { "Thai So2", ThaiAqi.Precision(Pollutant.So2), 0, 0 },
    };

    [Theory]
    [MemberData(nameof(Tables))]
    public void Rows_are_contiguous_at_the_table_precision(string name, double precision, double firstLow, int firstIndex)
    {
        IReadOnlyList<AqiBreakpoint> table = TableNamed(name);

        Assert.Equal(firstLow, table[0].Low);
        Assert.Equal(firstIndex, table[0].IndexLow);
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
        Assert.Equal(UsAqi.Categories, UsAqi.Co.Select(row => row.Category));
        Assert.Equal(UsAqi.Categories, UsAqi.No2.Select(row => row.Category));
        Assert.Equal(UsAqi.Categories.Take(5), UsAqi.O3EightHour.Select(row => row.Category));
        Assert.Equal(UsAqi.Categories.Skip(2), UsAqi.O3OneHour.Select(row => row.Category));
        Assert.Equal(UsAqi.Categories.Take(4), UsAqi.So2OneHour.Select(row => row.Category));
        Assert.Equal(UsAqi.Categories.Skip(4), UsAqi.So2TwentyFourHour.Select(row => row.Category));
        foreach (Pollutant pollutant in Enum.GetValues<Pollutant>())
        {
            Assert.Equal(ThaiAqi.Categories, ThaiAqi.Table(pollutant).Select(row => row.Category));
        }
    }

    private static IReadOnlyList<AqiBreakpoint> TableNamed(string name) => name switch
    {
        "US PM2.5" => UsAqi.Pm2_5,
        "US PM10" => UsAqi.Pm10,
        "US O3 8-h" => UsAqi.O3EightHour,
        "US O3 1-h" => UsAqi.O3OneHour,
        "US CO" => UsAqi.Co,
        "US NO2" => UsAqi.No2,
        "US SO2 1-h" => UsAqi.So2OneHour,
        "US SO2 24-h" => UsAqi.So2TwentyFourHour,
        _ => ThaiAqi.Table(Enum.Parse<Pollutant>(name["Thai ".Length..])),
    };
}
