using AirMonitor.AirQuality.Alerts;
using AirMonitor.AirQuality.Series;
using AirMonitor.Ingest.Alerts;

namespace AirMonitor.Ingest.Tests.Alerts;

/// <summary>The alert engine on a fake clock, fed minute readings through the same derivation the ingest runs.</summary>
public sealed class AlertEngineTests
{
    private const string Bangkok = "bkk-dindaeng";
    private const string Device = "bkk-dindaeng-01";

    // Midnight in Bangkok (UTC+7): hour 0 of every synthetic series.
    private static readonly DateTimeOffset T0 = new(2026, 1, 10, 17, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A day at 20 µg/m³, two days of haze at 100, two days at 20 again. The 24-h running mean passes 37.5 in the 6th
    /// haze hour ((18·20 + 6·100)/24 = 40; 5 hours give 36.7), reaches Thai AQI red (above 200: 24-h mean 75.1 or more)
    /// in the 17th (76.7; 16 give 73.3 → AQI 196), falls to red's clear (AQI 190, 71.2) 9 hours after the haze (70.0;
    /// 8 give 73.3), and to 35 and AQI 95 (36.3) 20 hours after (33.3; 19 give 36.7 → AQI 96).
    /// </summary>
    [Fact]
    public void A_Bangkok_haze_episode_fires_and_resolves_each_default_rule_exactly_once_at_the_hour_it_crosses()
    {
        using var replay = new StationReplay(new AlertOptions { RuleSets = [DefaultRuleSets.Bangkok] }, T0);
        Live(replay, Bangkok, Device, HazeEpisode, hours: 120);

        var events = replay.TakeEvents();
        Assert.Equal(
            [
                ("th-pm25-24h-standard", AlertState.Firing, 30),
                ("th-aqi-orange", AlertState.Firing, 30),
                ("th-aqi-red", AlertState.Firing, 41),
                ("th-aqi-red", AlertState.Resolved, 81),
                ("th-pm25-24h-standard", AlertState.Resolved, 92),
                ("th-aqi-orange", AlertState.Resolved, 92),
            ],
            events.Select(e => (e.Rule, e.State, Hours(e.At))));
        Assert.All(events, e => Assert.False(e.Late));
        var red = events.First(e => e.Rule == "th-aqi-red");
        // Above 200 the Thai table has no band: the 101–200 band's slope goes on (99/37.4 per µg/m³): 201 + 1.5 · 2.647 = 205.
        Assert.Equal(205, red.Value);
        Assert.Equal((18 * 20 + 6 * 100) / 24.0, events[0].Value, 6);
    }

    /// <summary>A noisy series hovering at the threshold fires once and stays firing: the clear threshold below it holds.</summary>
    [Fact]
    public void A_series_hovering_at_the_threshold_fires_once_with_hysteresis_and_flaps_without_it()
    {
        var random = new Random(7);
        var hover = Enumerable.Range(0, 6 * 60).Select(_ => 36 + (3.5 * random.NextDouble())).Concat(Enumerable.Repeat(20.0, 60)).ToArray();
        var rule = new AlertRule { Name = "pm-latest", Metric = "pm2_5", Window = "latest", Threshold = 37.5, Clear = 35, MinDuration = TimeSpan.FromMinutes(2) };
        var flappy = new AlertRule { Name = "pm-latest-flappy", Metric = "pm2_5", Window = "latest", Threshold = 37.5 };
        using var replay = new StationReplay(StationReplay.Options(rule, flappy), T0);
        for (var minute = 0; minute < hover.Length; minute++)
        {
            replay.Store(Bangkok, Reading(Device, T0.AddMinutes(minute), hover[minute]));
            replay.Clock.SetUtcNow(T0.AddMinutes(minute).AddSeconds(5));
            replay.Derive();
        }

        var events = replay.TakeEvents();
        var steady = events.Where(e => e.Rule == rule.Name).ToList();
        Assert.Equal([AlertState.Firing, AlertState.Resolved], steady.Select(e => e.State));
        Assert.Equal(T0.AddMinutes(6 * 60), steady[1].At);
        Assert.Equal(20, steady[1].Value);
        Assert.Equal(steady[0].Id, steady[1].Id);

        // The firing needed 2 minutes above 37.5 without a break (three readings): check it against the series itself.
        var firstRun = Enumerable.Range(2, hover.Length - 2).First(m => Enumerable.Range(m - 2, 3).All(i => hover[i] > 37.5));
        Assert.Equal(T0.AddMinutes(firstRun), steady[0].At);
        Assert.True(events.Count(e => e.Rule == flappy.Name && e.State == AlertState.Firing) > 10);
    }

    [Fact]
    public void An_ingest_restart_mid_episode_repeats_no_event_and_loses_none()
    {
        using var whole = new StationReplay(new AlertOptions { RuleSets = [DefaultRuleSets.Bangkok] }, T0);
        Live(whole, Bangkok, Device, HazeEpisode, hours: 120);

        using var restarted = new StationReplay(new AlertOptions { RuleSets = [DefaultRuleSets.Bangkok] }, T0);
        Live(restarted, Bangkok, Device, HazeEpisode, hours: 50);
        var before = restarted.TakeEvents();
        Assert.Equal(3, before.Count);

        // The crash loses the last unacknowledged readings' acks: the edge sends the last two hours again.
        restarted.Restart();
        Live(restarted, Bangkok, Device, HazeEpisode, hours: 120, fromHour: 48);

        Assert.Equal(Comparable(whole.TakeEvents()), Comparable([.. before, .. restarted.TakeEvents()]));
    }

    [Fact]
    public void A_backfilled_week_gives_the_same_events_as_live_marked_late()
    {
        using var live = new StationReplay(new AlertOptions { RuleSets = [DefaultRuleSets.Bangkok] }, T0);
        Live(live, Bangkok, Device, HazeEpisode, hours: 120);

        // The edge was cut off all along and drains its outbox a week later, oldest first, as fast as it can.
        using var backfill = new StationReplay(new AlertOptions { RuleSets = [DefaultRuleSets.Bangkok] }, T0.AddDays(12));
        foreach (var minute in Enumerable.Range(0, 120 * 60))
        {
            backfill.Store(Bangkok, Reading(Device, T0.AddMinutes(minute), HazeEpisode(minute / 60) + Wobble(minute)));
            if (minute % 997 == 0)
            {
                backfill.Derive();
            }
        }

        backfill.Derive();
        var late = backfill.TakeEvents();
        Assert.Equal(Comparable(live.TakeEvents()), Comparable(late));
        Assert.All(late, e => Assert.True(e.Late));

        // The derived series too: every hourly mean and index point, field for field.
        Assert.Equal(120 + 120, live.Written.Count);
        Assert.Equal(live.Written, backfill.Written);
    }

    /// <summary>
    /// After a 40-hour outage the edge sends each live message as it is made and drains its backlog behind it, oldest
    /// first (UplinkService). The readings after the gap wait until it fills, so the episode is judged in data-time order.
    /// </summary>
    [Fact]
    public void An_edge_sending_live_messages_ahead_of_its_backlog_gives_the_same_events_as_on_time()
    {
        using var live = new StationReplay(new AlertOptions { RuleSets = [DefaultRuleSets.Bangkok] }, T0);
        Live(live, Bangkok, Device, HazeEpisode, hours: 120);

        using var outage = new StationReplay(new AlertOptions { RuleSets = [DefaultRuleSets.Bangkok] }, T0);
        var backlog = new Queue<int>(Enumerable.Range(20 * 60, 40 * 60));
        for (var minute = 0; minute < 120 * 60; minute++)
        {
            if (minute is >= 20 * 60 and < 60 * 60)
            {
                continue;
            }

            outage.Store(Bangkok, HazeReading(minute), seq: minute);
            for (var i = 0; i < 10 && backlog.Count > 0 && minute >= 60 * 60; i++)
            {
                var old = backlog.Dequeue();
                outage.Store(Bangkok, HazeReading(old), seq: old);
            }

            outage.Clock.SetUtcNow(T0.AddMinutes(minute).AddSeconds(5));
            if (minute % 10 == 9)
            {
                outage.Derive();
            }
        }

        outage.Derive();
        var events = outage.TakeEvents();
        Assert.Equal(Comparable(live.TakeEvents()), Comparable(events));
        Assert.Equal(
            [("th-pm25-24h-standard", AlertState.Firing), ("th-aqi-orange", AlertState.Firing), ("th-aqi-red", AlertState.Firing)],
            events.Where(e => e.Late).Select(e => (e.Rule, e.State)));
        Assert.Equal(live.Written, outage.Written);
    }

    /// <summary>A message lost for good holds the readings after it back only for the gap patience (10 minutes here).</summary>
    [Fact]
    public void A_message_lost_for_good_holds_the_station_back_only_for_the_gap_patience()
    {
        var rule = new AlertRule { Name = "pm-latest", Metric = "pm2_5", Window = "latest", Threshold = 50, Clear = 30 };
        using var replay = new StationReplay(StationReplay.Options(rule), T0);
        void Minutes(int from, int to)
        {
            for (var minute = from; minute < to; minute++)
            {
                // Message 10 never arrives; from 11 on the PM is high.
                if (minute != 10)
                {
                    replay.Store(Bangkok, Reading(Device, T0.AddMinutes(minute), minute < 11 ? 20 : 80), seq: minute);
                }

                replay.Clock.SetUtcNow(T0.AddMinutes(minute).AddSeconds(5));
                replay.Derive();
            }
        }

        // Five minutes after the gap the readings behind it still wait for message 10.
        Minutes(0, 16);
        Assert.Empty(replay.TakeEvents());

        // Ten minutes after the last advance (message 9, at 09:05) the gap is given up and the readings are judged in order.
        Minutes(16, 21);
        var fired = Assert.Single(replay.TakeEvents());
        Assert.Equal((AlertState.Firing, T0.AddMinutes(11)), (fired.State, fired.At));
    }

    [Fact]
    public void Readings_flagged_warming_up_or_faulty_never_fire_a_PM_alert_and_faulty_ones_raise_a_sensor_fault()
    {
        var rule = new AlertRule { Name = "pm-hour", Metric = "pm2_5", Window = "1h", Threshold = 50 };
        using var replay = new StationReplay(StationReplay.Options(rule), T0);
        for (var minute = 0; minute < 4 * 60; minute++)
        {
            var flags = minute < 120 ? "warmup" : "crc_error";
            replay.Store(Bangkok, Reading(Device, T0.AddMinutes(minute), 400 + Wobble(minute), flags));
            replay.Store(Bangkok, Reading(Device, T0.AddMinutes(minute).AddSeconds(15), 390 + Wobble(minute), flags));
            replay.Store(Bangkok, Reading(Device, T0.AddMinutes(minute).AddSeconds(30), 12 + Wobble(minute)));
        }

        replay.Store(Bangkok, Reading(Device, T0.AddHours(4), 12));
        replay.Clock.SetUtcNow(T0.AddHours(4).AddMinutes(1));
        replay.Derive();

        var events = replay.TakeEvents();
        Assert.DoesNotContain(events, e => e.Rule == rule.Name);
        var fault = Assert.Single(events);
        Assert.Equal((AlertEngine.FaultyRule, AlertState.Firing, $"{Device}/pms5003"), (fault.Rule, fault.State, fault.Subject));
        Assert.Equal(T0.AddHours(3), fault.At);
        Assert.Equal(0.667, fault.Value);
    }

    [Fact]
    public void A_stuck_sensor_and_two_disagreeing_PM_sensors_each_raise_their_own_alert()
    {
        using var replay = new StationReplay(StationReplay.Options(), T0);
        for (var minute = 0; minute < 3 * 60; minute++)
        {
            replay.Store(Bangkok, Reading(Device, T0.AddMinutes(minute), 33));
            replay.Store(Bangkok, Reading("bkk-dindaeng-02", T0.AddMinutes(minute).AddSeconds(20), 12 + Wobble(minute)));
        }

        replay.Store(Bangkok, Reading(Device, T0.AddHours(3), 33));
        replay.Clock.SetUtcNow(T0.AddHours(3).AddMinutes(1));
        replay.Derive();

        var events = replay.TakeEvents();
        Assert.Equal(
            [(AlertEngine.DisagreeRule, Bangkok, 1), (AlertEngine.StuckRule, $"{Device}/pms5003", 1)],
            events.Select(e => (e.Rule, e.Subject, Hours(e.At))).Order());
        Assert.Equal(21, events.Single(e => e.Rule == AlertEngine.DisagreeRule).Value, 6);
    }

    /// <summary>The advisory tests judge Japanese hour labels (the 05 h value is 04:00–05:00 JST) and stand until the day ends.</summary>
    [Fact]
    public void Yokohama_advisory_tests_fire_at_07_and_12_JST_and_resolve_when_the_day_ends()
    {
        var midnightTokyo = new DateTimeOffset(2026, 1, 10, 15, 0, 0, TimeSpan.Zero);
        using var replay = new StationReplay(new AlertOptions { RuleSets = [DefaultRuleSets.Yokohama] }, midnightTokyo);

        // Hours starting 04..06 JST (labels 05–07) average 90 > 85; hours 04..11 (labels 05–12) average 81.25 > 80.
        double Pm(int hour) => hour switch { >= 4 and <= 6 => 90, >= 7 and <= 11 => 76, _ => 10 };
        Live(replay, "yok-naka", "yok-naka-01", Pm, hours: 25);

        var events = replay.TakeEvents();
        Assert.Equal(
            [
                ("jp-pm25-advisory-morning", AlertState.Firing, 7, 90.0),
                ("jp-pm25-advisory-afternoon", AlertState.Firing, 12, 81.25),
                ("jp-pm25-advisory-morning", AlertState.Resolved, 24, 0.0),
                ("jp-pm25-advisory-afternoon", AlertState.Resolved, 24, 0.0),
            ],
            events.Select(e => (e.Rule, e.State, (int)(e.At - midnightTokyo).TotalHours, Math.Round(e.Value, 2))));
    }

    [Fact]
    public void Quiet_hours_hold_a_firing_back_until_they_end_and_never_hold_back_a_resolution()
    {
        var rule = new AlertRule
        {
            Name = "night-quiet", Metric = "pm2_5", Window = "1h", Threshold = 50, Clear = 40, QuietHours = "00:00-06:00", TimeZone = "Asia/Bangkok",
        };
        using var replay = new StationReplay(StationReplay.Options(rule), T0);
        Live(replay, Bangkok, Device, hour => hour is >= 2 and < 9 ? 80 : 20, hours: 12);

        Assert.Equal(
            [(AlertState.Firing, 6), (AlertState.Resolved, 10)],
            replay.TakeEvents().Select(e => (e.State, Hours(e.At))));
    }

    [Fact]
    public void A_silent_device_fires_offline_once_and_resolves_when_heard_again()
    {
        var options = new AlertOptions { RuleSets = [], OfflineAfterIntervals = 5, OfflineMinSilence = TimeSpan.FromSeconds(30) };
        using var replay = new StationReplay(options, T0);
        var liveness = new DeviceLiveness(replay.Engine, replay.AlertStore, StationReplay.Registry, replay.Clock, Microsoft.Extensions.Options.Options.Create(options));
        for (var i = 0; i < 12; i++)
        {
            liveness.Heard(Device, T0.AddSeconds(10 * i).ToUnixTimeMilliseconds());
            replay.Clock.Advance(TimeSpan.FromSeconds(10));
            liveness.Check();
        }

        // 5 intervals of 10 s: offline after 50 s of silence.
        replay.Clock.Advance(TimeSpan.FromSeconds(40));
        liveness.Check();
        Assert.Empty(replay.TakeEvents());
        replay.Clock.Advance(TimeSpan.FromSeconds(20));
        liveness.Check();
        replay.Clock.Advance(TimeSpan.FromSeconds(60));
        liveness.Check();
        liveness.Heard(Device, T0.AddMinutes(5).ToUnixTimeMilliseconds());
        replay.Clock.Advance(TimeSpan.FromSeconds(1));
        liveness.Check();

        var events = replay.TakeEvents();
        Assert.Equal([AlertState.Firing, AlertState.Resolved], events.Select(e => e.State));
        Assert.All(events, e => Assert.Equal((AlertEngine.OfflineRule, Bangkok, Device), (e.Rule, e.Station, e.Subject)));
        Assert.Equal(70, events[0].Value);
        Assert.Equal(50, events[0].Threshold);
    }

    private static double HazeEpisode(int hour) => hour is >= 24 and < 72 ? 100 : 20;

    private static RawReading HazeReading(int minute) => Reading(Device, T0.AddMinutes(minute), HazeEpisode(minute / 60) + Wobble(minute));

    /// <summary>±0.5 alternating: the hourly mean stays exact and the sensor is never "stuck".</summary>
    private static double Wobble(int minute) => minute % 2 == 0 ? 0.5 : -0.5;

    private static RawReading Reading(string device, DateTimeOffset at, double pm2_5, string? flags = null) =>
        new(at.ToUnixTimeMilliseconds(), device, "pms5003", AmbientValues.Of((Ambient.Pm2_5, pm2_5)), flags);

    /// <summary>A reading every minute, the clock just behind, a derivation round every 10 minutes.</summary>
    private static void Live(StationReplay replay, string station, string device, Func<int, double> pm, int hours, int fromHour = 0)
    {
        var origin = replay.Start;
        for (var minute = fromHour * 60; minute < hours * 60; minute++)
        {
            var at = origin.AddMinutes(minute);
            replay.Store(station, Reading(device, at, pm(minute / 60) + Wobble(minute)));
            if (at.AddSeconds(5) > replay.Clock.GetUtcNow())
            {
                replay.Clock.SetUtcNow(at.AddSeconds(5));
            }

            if (minute % 10 == 9)
            {
                replay.Derive();
            }
        }
    }

    private static int Hours(DateTimeOffset at) => (int)(at - T0).TotalHours;

    private static List<(string, string, AlertState, DateTimeOffset, double, string)> Comparable(IEnumerable<AlertEvent> events) =>
        [.. events.Select(e => (e.Rule, e.Subject, e.State, e.At, Math.Round(e.Value, 6), e.Id))];
}
