using AirMonitor.AirQuality.Indices;
using AirMonitor.AirQuality.Series;

namespace AirMonitor.AirQuality.Tests.Series;

/// <summary>A station's indices at one hour: running 24-h means, NowCast, US AQI of the NowCast, Thai AQI of the 24-h means.</summary>
public sealed class StationIndexTests
{
    private const long HourMs = HourlyMeans.HourMs;

    private static readonly long H0 = new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public void The_running_24h_mean_is_valid_with_18_of_24_hours()
    {
        // Hours 6…23 carry their own number: (6 + … + 23)/18 = 261/18 = 14.5.
        var hours = Hours(Enumerable.Range(6, 18).Select(h => (h, (double?)h, (double?)(2 * h))));

        var index = StationIndex.Compute(At(23), hours);

        Assert.Equal(18, index.Pm2_5HoursOf24);
        Assert.Equal(14.5, index.Mean(MeanWindows.Pm2_5Day)!.Value, 12);
        Assert.Equal(29, index.Mean(MeanWindows.Pm10Day)!.Value, 12);
    }

    [Fact]
    public void The_running_24h_mean_is_missing_with_17_of_24_hours()
    {
        var hours = Hours(Enumerable.Range(7, 17).Select(h => (h, (double?)h, (double?)(2 * h))));

        var index = StationIndex.Compute(At(23), hours);

        Assert.Equal(17, index.Pm2_5HoursOf24);
        Assert.Null(index.Mean(MeanWindows.Pm2_5Day));
        Assert.Null(index.Mean(MeanWindows.Pm10Day));
        Assert.Null(index.AqiTh);
    }

    [Fact]
    public void An_hour_without_a_PM_value_is_a_missing_hour()
    {
        // 18 stored hours, one of them without PM2.5 (no valid sensor): 17 of 24.
        var hours = Hours(Enumerable.Range(6, 18).Select(h => (h, h == 10 ? null : (double?)h, (double?)h)));

        var index = StationIndex.Compute(At(23), hours);

        Assert.Equal(17, index.Pm2_5HoursOf24);
        Assert.Null(index.Mean(MeanWindows.Pm2_5Day));
        Assert.Equal(14.5, index.Mean(MeanWindows.Pm10Day)!.Value, 12);
    }

    [Fact]
    public void Hours_older_than_24_and_later_hours_are_not_in_the_running_mean()
    {
        // Hours 0…23 at 20, hour −1 and hour 24 at 500: the mean at hour 23 is 20.
        var hours = Hours(Enumerable.Range(-1, 26).Select(h => (h, (double?)(h is -1 or 24 ? 500 : 20), (double?)null)));

        var index = StationIndex.Compute(At(23), hours);

        Assert.Equal(24, index.Pm2_5HoursOf24);
        Assert.Equal(20, index.Mean(MeanWindows.Pm2_5Day));
    }

    [Fact]
    public void NowCast_and_US_AQI_at_a_hand_worked_hour()
    {
        // PM2.5 newest first 10, 10, 20: w* = 10/20 = 0.5 → w = 0.5; (10 + 10·0.5 + 20·0.25)/(1 + 0.5 + 0.25) = 20/1.75 = 11.4286.
        // AQI: truncate 11.4; 49/26.3·(11.4 − 9.1) + 51 = 55.29 → 55 (moderate).
        // PM10 newest first 30, 30, 60: w = 0.5; (30 + 15 + 15)/1.75 = 34.29 → truncate 34; 50/54·34 = 31.48 → 31: PM2.5 leads.
        var hours = Hours([(0, 20, 60), (1, 10, 30), (2, 10, 30)]);

        var index = StationIndex.Compute(At(2), hours);

        Assert.Equal(20 / 1.75, index.Mean(MeanWindows.NowCastPm2_5)!.Value, 12);
        Assert.Equal(60 / 1.75, index.Mean(MeanWindows.NowCastPm10)!.Value, 12);
        Assert.Equal(new AqiResult(55, UsAqi.Moderate, Pollutant.Pm2_5), index.AqiUs);
        // Three hours are no 24-h mean, so no Thai AQI.
        Assert.Null(index.Mean(MeanWindows.Pm2_5Day));
        Assert.Null(index.AqiTh);
        Assert.Equal(3, index.Pm2_5HoursOf24);
    }

    [Fact]
    public void The_US_AQI_is_the_higher_of_PM2_5_and_PM10()
    {
        // PM10 200 each hour: NowCast 200; band 155–254 → 101–150: 49/99·(200 − 155) + 101 = 123.27 → 123 (USG),
        // above PM2.5's 55 from the hours above.
        var hours = Hours([(0, 20, 200), (1, 10, 200), (2, 10, 200)]);

        var index = StationIndex.Compute(At(2), hours);

        Assert.Equal(new AqiResult(123, UsAqi.UnhealthyForSensitiveGroups, Pollutant.Pm10), index.AqiUs);
    }

    [Fact]
    public void No_NowCast_or_US_AQI_with_fewer_than_two_of_the_three_newest_hours()
    {
        // Hours 0…9 then only hour 11: of the newest three (11, 10, 9) two are there → NowCast; with 9 gone too → none.
        var withTwo = Hours(Enumerable.Range(0, 12).Where(h => h != 10).Select(h => (h, (double?)20, (double?)null)));
        var withOne = Hours(Enumerable.Range(0, 12).Where(h => h is not 9 and not 10).Select(h => (h, (double?)20, (double?)null)));

        Assert.Equal(20, StationIndex.Compute(At(11), withTwo).Mean(MeanWindows.NowCastPm2_5));
        var none = StationIndex.Compute(At(11), withOne);
        Assert.Null(none.Mean(MeanWindows.NowCastPm2_5));
        Assert.Null(none.AqiUs);
    }

    [Fact]
    public void Thai_AQI_of_a_whole_day_at_a_hand_worked_hour()
    {
        // 24 hours of PM2.5 30 and PM10 60. Thai PM2.5: band 25.1–37.5 → 51–100: 49/12.4·(30 − 25.1) + 51 = 70.36 → 70;
        // PM10: band 51–80 → 26–50: 24/29·(60 − 51) + 26 = 33.45 → 33. The Thai AQI is 70, moderate, of PM2.5.
        // NowCast of a flat series is the value: 30 → US AQI 49/26.3·(30.0 − 9.1) + 51 = 89.94 → 90.
        var hours = Hours(Enumerable.Range(0, 24).Select(h => (h, (double?)30, (double?)60)));

        var index = StationIndex.Compute(At(23), hours);

        Assert.Equal(30, index.Mean(MeanWindows.Pm2_5Day));
        Assert.Equal(60, index.Mean(MeanWindows.Pm10Day));
        Assert.Equal(new AqiResult(70, ThaiAqi.Moderate, Pollutant.Pm2_5), index.AqiTh);
        Assert.Equal(30, index.Mean(MeanWindows.NowCastPm2_5));
        Assert.Equal(new AqiResult(90, UsAqi.Moderate, Pollutant.Pm2_5), index.AqiUs);
        Assert.Same(hours[At(23)], index.Hour);
        Assert.Equal(At(23), index.HourStartMs);
    }

    [Fact]
    public void The_8h_mean_of_O3_and_CO_is_valid_with_6_of_8_hours()
    {
        // Hours 2…7 (6 of the 8 ending at hour 7): O3 40…90 → 65; CO 1…6 → 3.5. With hour 2 gone, 5 of 8: no mean.
        var six = GasHours(Enumerable.Range(2, 6).Select(h => (h, Values((Ambient.O3, 10.0 * h + 20), (Ambient.Co, h - 1.0)))));
        var five = GasHours(Enumerable.Range(3, 5).Select(h => (h, Values((Ambient.O3, 10.0 * h + 20), (Ambient.Co, h - 1.0)))));

        var index = StationIndex.Compute(At(7), six);

        Assert.Equal(65, index.Mean(MeanWindows.O3EightHours));
        Assert.Equal(3.5, index.Mean(MeanWindows.CoEightHours));
        Assert.Null(StationIndex.Compute(At(7), five).Mean(MeanWindows.O3EightHours));
        Assert.Null(StationIndex.Compute(At(7), five).Mean(MeanWindows.CoEightHours));
    }

    [Fact]
    public void The_Thai_AQI_is_the_highest_sub_index_over_every_pollutant_and_names_it()
    {
        // PCD 2023 table, each pollutant on its own averaging (ThaiAqi.cs):
        //   O3 8-h 60 ppb, band 51–70 → 51–100: 49/19·(60 − 51) + 51 = 74.21 → 74 (moderate);
        //   NO2 1-h 120 ppb, band 107–170 → 51–100: 49/63·(120 − 107) + 51 = 61.11 → 61;
        //   CO 8-h 5.0 ppm, band 4.5–6.4 → 26–50: 24/1.9·(5.0 − 4.5) + 26 = 32.32 → 32;
        //   SO2 1-h 40 ppb, band 0–100 → 0–25: 25/100·40 = 10;
        //   PM2.5 24-h 30 µg/m³, band 25.1–37.5 → 51–100: 49/12.4·(30 − 25.1) + 51 = 70.36 → 70.
        // The Thai AQI is 74, of O3.
        var hours = GasHours(Enumerable.Range(0, 24).Select(h => (h, Values(
            (Ambient.Pm2_5, 30.0), (Ambient.O3, 60.0), (Ambient.No2, 120.0), (Ambient.Co, 5.0), (Ambient.So2, 40.0)))));

        var index = StationIndex.Compute(At(23), hours);

        Assert.Equal(new AqiResult(74, ThaiAqi.Moderate, Pollutant.O3), index.AqiTh);
        Assert.Equal(
            [(Pollutant.Pm2_5, 70), (Pollutant.O3, 74), (Pollutant.Co, 32), (Pollutant.No2, 61), (Pollutant.So2, 10)],
            index.ThaiSubIndices.Select(s => (s.Pollutant, s.Index)));
    }

    [Fact]
    public void A_gas_alone_gives_the_Thai_AQI_when_the_station_measures_no_PM()
    {
        // NO2 1-h 200 ppb, band 171–340 → 101–200: 99/169·(200 − 171) + 101 = 117.99 → 118 (orange).
        var hours = GasHours([(0, Values((Ambient.No2, 200.0)))]);

        Assert.Equal(new AqiResult(118, ThaiAqi.StartingToAffectHealth, Pollutant.No2), StationIndex.Compute(At(0), hours).AqiTh);
    }

    private static AmbientValues Values(params (Ambient Metric, double? Value)[] values) => AmbientValues.Of(values);

    private static Dictionary<long, StationHour> GasHours(IEnumerable<(int Hour, AmbientValues Values)> hours) =>
        hours.ToDictionary(h => At(h.Hour), h => new StationHour(At(h.Hour), 1.0, h.Values, h.Values[Ambient.Pm2_5], null, 0, 0));

    private static long At(int hour) => H0 + (hour * HourMs);

    private static Dictionary<long, StationHour> Hours(IEnumerable<(int Hour, double? Pm2_5, double? Pm10)> values) =>
        values.ToDictionary(v => At(v.Hour), v => new StationHour(
            At(v.Hour), 1.0, AmbientValues.Of((Ambient.Pm2_5, v.Pm2_5), (Ambient.Pm10, v.Pm10)), v.Pm2_5, null, v.Pm2_5 is null ? 0 : 1, 0));
}
