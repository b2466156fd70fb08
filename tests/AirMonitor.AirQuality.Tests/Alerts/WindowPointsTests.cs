using AirMonitor.AirQuality.Alerts;
using AirMonitor.AirQuality.Series;

namespace AirMonitor.AirQuality.Tests.Alerts;

/// <summary>The exact (At, Value) points each window yields from a small station series.</summary>
public sealed class WindowPointsTests
{
    private const long HourMs = HourlyMeans.HourMs;

    // Midnight 10 January 2026 in Tokyo (UTC+9) and in Bangkok (UTC+7), in UTC.
    private static readonly DateTimeOffset TokyoMidnight = new(2026, 1, 9, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset BangkokMidnight = new(2026, 1, 9, 17, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset T0 = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Latest_gives_each_valid_reading_with_a_value_of_the_metric_up_to_where_the_readings_are_complete()
    {
        RawReading[] readings =
        [
            new(Ms(T0), "dev-01", "pms5003", Values(10, null, 20, null), null),
            new(Ms(T0) + 10_000, "dev-01", "pms5003", Values(500, null, 900, null), "warmup"),
            new(Ms(T0) + 20_000, "dev-01", "pms5003", Values(12, null, null, 90), "rh_high"),
            new(Ms(T0) + 30_000, "dev-01", "pms5003", Values(null, null, 24, null), null),
            new(Ms(T0) + HourMs, "dev-01", "pms5003", Values(14, null, 28, null), null),

            // Held back: a message before it is still missing.
            new(Ms(T0) + HourMs + 10_000, "dev-01", "pms5003", Values(16, null, 30, null), null),
        ];
        var series = Series([], open: T0.AddHours(1), readings);

        Assert.Equal(
            [new(T0, 10), new(T0.AddSeconds(20), 12), new(T0.AddHours(1), 14)],
            WindowPoints.For(Rule("pm2_5", "latest"), series));
        Assert.Equal(
            [new(T0, 20), new(T0.AddSeconds(30), 24), new(T0.AddHours(1), 28)],
            WindowPoints.For(Rule("pm10", "latest"), series));
    }

    [Fact]
    public void The_hourly_mean_is_judged_at_the_end_of_each_closed_hour()
    {
        // Hours 0…3 stored, hour 2 without PM (a gap); hour 3 is open, so it gives no point.
        var series = Series(Hours(T0, [10, 20, null, 40], pm10: [11, 21, null, 41]), open: T0.AddHours(3));

        Assert.Equal(
            [new(T0.AddHours(1), 10), new(T0.AddHours(2), 20), new(T0.AddHours(3), null)],
            WindowPoints.For(Rule("pm2_5", "1h"), series));
        Assert.Equal(
            [new(T0.AddHours(1), 11), new(T0.AddHours(2), 21), new(T0.AddHours(3), null)],
            WindowPoints.For(Rule("pm10", "1h"), series));
    }

    [Fact]
    public void No_hour_window_gives_a_point_at_or_after_the_open_hour()
    {
        var series = Series(Hours(T0, [10, 20, 30]), open: T0);

        foreach (var window in new[] { "1h", "24h", "nowcast" })
        {
            Assert.Empty(WindowPoints.For(Rule("pm2_5", window), series));
        }

        Assert.Empty(WindowPoints.For(Rule("aqi_us", "nowcast"), series));
        Assert.Empty(WindowPoints.For(Rule("aqi_th", "24h"), series));
    }

    [Fact]
    public void The_running_24h_mean_has_a_value_from_the_18th_hour()
    {
        // Hours 0…19 carry 1…20, hour 19 open. Hour 17 closes with 18 hours: (1 + … + 18)/18 = 9.5; hour 18: (1 + … + 19)/19 = 10.
        var series = Series(Hours(T0, [.. Enumerable.Range(1, 20).Select(v => (double?)v)]), open: T0.AddHours(19));

        var points = WindowPoints.For(Rule("pm2_5", "24h"), series).ToList();

        Assert.Equal(Enumerable.Range(1, 19).Select(h => T0.AddHours(h)), points.Select(p => p.At));
        Assert.All(points.Take(17), p => Assert.Null(p.Value));
        Assert.Equal([9.5, 10.0], points.Skip(17).Select(p => p.Value!.Value));
    }

    [Fact]
    public void NowCast_and_its_US_AQI_are_judged_each_closed_hour()
    {
        // Newest first: hour 0 alone → none (1 of the newest 3); hour 1: (10 + 20·0.5)/1.5 = 13.333 → AQI 49/26.3·(13.3 − 9.1) + 51 = 58.8 → 59;
        // hour 2: (10 + 10·0.5 + 20·0.25)/1.75 = 11.4286 → AQI 49/26.3·(11.4 − 9.1) + 51 = 55.3 → 55.
        var series = Series(Hours(T0, [20, 10, 10, 10]), open: T0.AddHours(3));

        var nowCast = WindowPoints.For(Rule("pm2_5", "nowcast"), series).ToList();

        Assert.Equal([T0.AddHours(1), T0.AddHours(2), T0.AddHours(3)], nowCast.Select(p => p.At));
        Assert.Null(nowCast[0].Value);
        Assert.Equal(20 / 1.5, nowCast[1].Value!.Value, 12);
        Assert.Equal(20 / 1.75, nowCast[2].Value!.Value, 12);
        Assert.Equal(
            [new(T0.AddHours(1), null), new(T0.AddHours(2), 59), new(T0.AddHours(3), 55)],
            WindowPoints.For(Rule("aqi_us", "nowcast"), series));
    }

    [Fact]
    public void The_Thai_AQI_is_of_the_running_24h_mean_each_closed_hour()
    {
        // 24 hours of PM2.5 30, PM10 60: from the 18th hour the means are 30 and 60 → Thai AQI 70 (PM2.5: 49/12.4·4.9 + 51 = 70.4).
        var series = Series(Hours(T0, [.. Enumerable.Repeat<double?>(30, 24)], pm10: [.. Enumerable.Repeat<double?>(60, 24)]), open: T0.AddHours(24));

        var points = WindowPoints.For(Rule("aqi_th", "24h"), series).ToList();

        Assert.Equal(24, points.Count);
        Assert.All(points.Take(17), p => Assert.Null(p.Value));
        Assert.All(points.Skip(17), p => Assert.Equal(70, p.Value));
    }

    [Fact]
    public void The_daily_mean_is_judged_at_local_midnight_in_Tokyo()
    {
        // The local day 10 January: 00:00 JST = 15:00 UTC on the 9th. 23 hours of 40 and one of 16: (23·40 + 16)/24 = 39.
        // Two more hours after the day give no other point.
        var series = Series(Hours(TokyoMidnight, [16, .. Enumerable.Repeat<double?>(40, 25)]), open: TokyoMidnight.AddHours(26));

        Assert.Equal([new(TokyoMidnight.AddDays(1), 39)], WindowPoints.For(Rule("pm2_5", "daily", "Asia/Tokyo"), series));
    }

    [Fact]
    public void The_daily_mean_is_judged_at_local_midnight_in_Bangkok()
    {
        // 00:00 ICT = 17:00 UTC. PM10: 12 hours of 50 and 12 of 80 → 65.
        var pm10 = Enumerable.Repeat<double?>(50, 12).Concat(Enumerable.Repeat<double?>(80, 12)).ToArray();
        var series = Series(Hours(BangkokMidnight, [.. Enumerable.Repeat<double?>(10, 24)], pm10), open: BangkokMidnight.AddHours(24));

        Assert.Equal([new(BangkokMidnight.AddDays(1), 65)], WindowPoints.For(Rule("pm10", "daily", "Asia/Bangkok"), series));
        // The same hours are not a whole day in Tokyo: its midnights (15:00 UTC) cut them.
        Assert.Empty(WindowPoints.For(Rule("pm10", "daily", "Asia/Tokyo"), series));
    }

    [Fact]
    public void No_daily_point_for_a_day_that_starts_before_the_series()
    {
        // The series starts at 01:00 JST: the day's first hour is not in it.
        var series = Series(Hours(TokyoMidnight.AddHours(1), [.. Enumerable.Repeat<double?>(40, 23)]), open: TokyoMidnight.AddHours(24));

        Assert.Empty(WindowPoints.For(Rule("pm2_5", "daily", "Asia/Tokyo"), series));
    }

    [Fact]
    public void No_daily_point_while_the_last_hour_of_the_day_is_open()
    {
        var series = Series(Hours(TokyoMidnight, [.. Enumerable.Repeat<double?>(40, 24)]), open: TokyoMidnight.AddHours(23));

        Assert.Empty(WindowPoints.For(Rule("pm2_5", "daily", "Asia/Tokyo"), series));
    }

    [Fact]
    public void A_day_with_18_hours_has_a_mean_and_with_17_a_gap()
    {
        // 18 hours of 40 and 6 missing (no PM) → 40; one more missing → null.
        double?[] eighteen = [.. Enumerable.Repeat<double?>(40, 18), .. Enumerable.Repeat<double?>(null, 6)];
        double?[] seventeen = [.. Enumerable.Repeat<double?>(40, 17), .. Enumerable.Repeat<double?>(null, 7)];
        var rule = Rule("pm2_5", "daily", "Asia/Tokyo");

        Assert.Equal([new(TokyoMidnight.AddDays(1), 40)], WindowPoints.For(rule, Series(Hours(TokyoMidnight, eighteen), open: TokyoMidnight.AddDays(1))));
        Assert.Equal([new(TokyoMidnight.AddDays(1), null)], WindowPoints.For(rule, Series(Hours(TokyoMidnight, seventeen), open: TokyoMidnight.AddDays(1))));
    }

    [Fact]
    public void A_rule_on_Japanese_completeness_needs_20_hours_as_the_Yokohama_daily_rules_do()
    {
        double?[] nineteen = [.. Enumerable.Repeat<double?>(40, 19), .. Enumerable.Repeat<double?>(null, 5)];
        double?[] twenty = [.. Enumerable.Repeat<double?>(40, 20), .. Enumerable.Repeat<double?>(null, 4)];
        var yokohama = DefaultRuleSets.Get(DefaultRuleSets.Yokohama).First(r => r.Name == "jp-pm25-daily-standard");

        Assert.Equal(20, yokohama.DailyMinHours);
        Assert.Equal([new(TokyoMidnight.AddDays(1), null)], WindowPoints.For(yokohama, Series(Hours(TokyoMidnight, nineteen), open: TokyoMidnight.AddDays(1))));
        Assert.Equal([new(TokyoMidnight.AddDays(1), 40)], WindowPoints.For(yokohama, Series(Hours(TokyoMidnight, twenty), open: TokyoMidnight.AddDays(1))));
    }

    [Fact]
    public void The_daily_US_AQI_is_of_the_higher_daily_mean()
    {
        // Daily PM2.5 30 → 49/26.3·(30.0 − 9.1) + 51 = 89.9 → 90; PM10 100 → 49/99·(100 − 55) + 51 = 73.3 → 73.
        var series = Series(
            Hours(BangkokMidnight, [.. Enumerable.Repeat<double?>(30, 24)], pm10: [.. Enumerable.Repeat<double?>(100, 24)]),
            open: BangkokMidnight.AddDays(1));

        Assert.Equal([new(BangkokMidnight.AddDays(1), 90)], WindowPoints.For(Rule("aqi_us", "daily", "Asia/Bangkok"), series));
    }

    [Fact]
    public void The_morning_test_is_the_mean_of_labels_5_to_7_at_07_JST_and_ends_at_midnight()
    {
        // Label n is the hour ending at n:00 JST: labels 5, 6, 7 are 04–05, 05–06, 06–07 JST = 19:00, 20:00, 21:00 UTC on the 9th.
        // They carry 90, 100, 110 → 100 at 07:00 JST = 22:00 UTC the day before; label 4 (500) and label 8 (50) are not in it.
        var series = Series(Hours(TokyoMidnight, JapaneseDay()), open: TokyoMidnight.AddHours(26));

        Assert.Equal(
            [new(new DateTimeOffset(2026, 1, 9, 22, 0, 0, TimeSpan.Zero), 100), new(TokyoMidnight.AddDays(1), 0)],
            WindowPoints.For(Rule("pm2_5", "morning", "Asia/Tokyo"), series));
    }

    [Fact]
    public void The_afternoon_test_is_the_mean_of_labels_5_to_12_at_12_JST_and_ends_at_midnight()
    {
        // Labels 5…12: 90, 100, 110, then five of 50 → (300 + 250)/8 = 68.75, at 12:00 JST = 03:00 UTC; label 13 (500) is not in it.
        var series = Series(Hours(TokyoMidnight, JapaneseDay()), open: TokyoMidnight.AddHours(26));

        Assert.Equal(
            [new(new DateTimeOffset(2026, 1, 10, 3, 0, 0, TimeSpan.Zero), 68.75), new(TokyoMidnight.AddDays(1), 0)],
            WindowPoints.For(Rule("pm2_5", "afternoon", "Asia/Tokyo"), series));
    }

    [Fact]
    public void A_missing_label_hour_makes_the_morning_test_a_gap()
    {
        var day = JapaneseDay();
        day[5] = null;
        var series = Series(Hours(TokyoMidnight, day), open: TokyoMidnight.AddHours(26));

        Assert.Equal(
            [new(new DateTimeOffset(2026, 1, 9, 22, 0, 0, TimeSpan.Zero), null), new(TokyoMidnight.AddDays(1), 0)],
            WindowPoints.For(Rule("pm2_5", "morning", "Asia/Tokyo"), series));
    }

    [Fact]
    public void No_morning_test_while_label_7_is_open_or_when_label_5_is_before_the_series()
    {
        var morning = Rule("pm2_5", "morning", "Asia/Tokyo");
        var open = Series(Hours(TokyoMidnight, JapaneseDay()), open: TokyoMidnight.AddHours(6));
        // The series starts at 05:00 JST (label 6).
        var late = Series(Hours(TokyoMidnight.AddHours(5), JapaneseDay()[5..]), open: TokyoMidnight.AddHours(26));

        Assert.Empty(WindowPoints.For(morning, open));
        Assert.Equal([new(TokyoMidnight.AddDays(1), 0)], WindowPoints.For(morning, late));
    }

    [Fact]
    public void The_tests_end_at_every_local_midnight_in_the_series()
    {
        // Three days from Tokyo midnight: the first midnight opens the series, so the ends are those of the 10th and the 11th.
        var series = Series(Hours(TokyoMidnight, [.. Enumerable.Repeat<double?>(20, 72)]), open: TokyoMidnight.AddHours(72));

        var points = WindowPoints.For(Rule("pm2_5", "afternoon", "Asia/Tokyo"), series).ToList();

        Assert.Equal(
            [
                new(TokyoMidnight.AddHours(12), 20), new(TokyoMidnight.AddDays(1), 0),
                new(TokyoMidnight.AddDays(1).AddHours(12), 20), new(TokyoMidnight.AddDays(2), 0),
                new(TokyoMidnight.AddDays(2).AddHours(12), 20), new(TokyoMidnight.AddDays(3), 0),
            ],
            points);
    }

    /// <summary>26 hours from 00:00 JST (index = the hour's start, label = index + 1): 50, with 90, 100, 110 at labels 5–7 and 500 at labels 4 and 13.</summary>
    /// <summary>A series that starts at the first labelled hour (label 5, 04:00 JST) still has every hour the tests need.</summary>
    [Fact]
    public void The_advisory_tests_are_judged_when_the_series_starts_at_their_first_labelled_hour()
    {
        // Hours from 04:00 JST: 90, 100, 110, then 50 to midnight. Morning (labels 5–7): 100; afternoon (5–12): (300 + 5·50)/8 = 68.75.
        var series = Series(Hours(TokyoMidnight.AddHours(4), [90, 100, 110, .. Enumerable.Repeat<double?>(50, 17)]), open: TokyoMidnight.AddDays(1));

        Assert.Equal([new(TokyoMidnight.AddHours(7), 100), new(TokyoMidnight.AddDays(1), 0)], WindowPoints.For(Rule("pm2_5", "morning", "Asia/Tokyo"), series));
        Assert.Equal([new(TokyoMidnight.AddHours(12), 68.75), new(TokyoMidnight.AddDays(1), 0)], WindowPoints.For(Rule("pm2_5", "afternoon", "Asia/Tokyo"), series));
    }

    private static double?[] JapaneseDay()
    {
        var day = Enumerable.Repeat<double?>(50, 26).ToArray();
        day[3] = 500; // label 4
        day[4] = 90; // label 5
        day[5] = 100; // label 6
        day[6] = 110; // label 7
        day[12] = 500; // label 13
        return day;
    }

    private static AlertRule Rule(string metric, string window, string zone = "UTC") =>
        new() { Name = "test", Metric = metric, Window = window, Threshold = 1, TimeZone = zone };

    private static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    /// <summary>Station hours from <paramref name="start"/>, one per value (PM10 beside it when given); a null PM2.5 and PM10 is an hour without PM.</summary>
    private static Dictionary<long, StationHour> Hours(DateTimeOffset start, double?[] pm2_5, double?[]? pm10 = null) =>
        Enumerable.Range(0, pm2_5.Length).ToDictionary(
            i => Ms(start) + (i * HourMs),
            i => new StationHour(Ms(start) + (i * HourMs), 1.0, Values(pm2_5[i], null, pm10?[i], null), pm2_5[i], null, pm2_5[i] is null ? 0 : 1, 0));

    private static AmbientValues Values(double? pm2_5, double? cf1, double? pm10, double? humidity) =>
        AmbientValues.Of((Ambient.Pm2_5, pm2_5), (Ambient.Pm2_5Cf1, cf1), (Ambient.Pm10, pm10), (Ambient.Humidity, humidity));

    /// <summary>The series the derivation would hand the alert engine: every stored hour's index, in order.</summary>
    /// <param name="open">Where the readings are complete up to; hours from the one it falls in are open.</param>
    private static StationSeries Series(Dictionary<long, StationHour> hours, DateTimeOffset open, IReadOnlyList<RawReading>? readings = null) =>
        new("station", [], [.. hours.Keys.Order().Select(h => StationIndex.Compute(h, hours))], readings ?? [], [], Ms(open), new HashSet<string>());
}
