using AirMonitor.AirQuality.Series;
using AirMonitor.Ingest.Derivation;

namespace AirMonitor.Ingest.Tests.Derivation;

/// <summary>How many stations one read-back query takes: about 20,000 readings a query, whatever the hours it spans.</summary>
public sealed class ReadBackSizeTests
{
    private const long HourMs = HourlyMeans.HourMs;

    [Fact]
    public void A_query_spans_its_first_hour_to_its_last_hour_inclusive()
    {
        Assert.Equal((1, 2, 48), (ReadBackSize.Hours(5 * HourMs, 5 * HourMs), ReadBackSize.Hours(5 * HourMs, 6 * HourMs), ReadBackSize.Hours(0, 47 * HourMs)));
    }

    [Fact]
    public void Before_anything_is_learnt_a_station_is_taken_to_report_once_a_second()
    {
        var size = new ReadBackSize();

        // 20,000 / 3,600 readings an hour: 5 stations (18,000 readings at 1 Hz).
        Assert.Equal((5, 2, 1), (size.Stations(1), size.Stations(2), size.Stations(48)));
    }

    [Fact]
    public void A_drain_after_live_rounds_takes_fewer_stations_for_more_hours()
    {
        var size = new ReadBackSize();

        // A live round: 100 stations of two sensors reporting once a minute, one hour: 12,000 readings, 120 per station-hour.
        size.Learn(12_000, 100, 1);
        Assert.Equal(166, size.Stations(1));

        // Then a drained week: 48 hours a station. 166 stations would return 956,160 readings; 3 return 17,280.
        Assert.Equal(3, size.Stations(48));

        // A station with more than a query's readings in its hours is still read, alone.
        size.Learn(172_800, 1, 48);
        Assert.Equal((1, 5), (size.Stations(48), size.Stations(1)));
    }

    [Fact]
    public void A_query_that_returned_nothing_does_not_make_the_next_one_unbounded()
    {
        var size = new ReadBackSize();
        size.Learn(0, 5, 1);
        Assert.Equal((20_000, 416), (size.Stations(1), size.Stations(48)));
    }
}
