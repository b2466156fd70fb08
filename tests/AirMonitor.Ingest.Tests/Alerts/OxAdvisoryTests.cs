using AirMonitor.AirQuality.Alerts;
using AirMonitor.AirQuality.Series;
using AirMonitor.Ingest.Alerts;

namespace AirMonitor.Ingest.Tests.Alerts;

/// <summary>
/// Kanagawa's photochemical-oxidant emergency measures in the Yokohama region, through the derivation and the alert
/// engine: issued when one station's hourly Ox reaches 0.12 ppm, raised to a warning at 0.24, lifted when every live
/// station of the region is below 0.12 again; a dead analyser does not hold the region up.
/// </summary>
public sealed class OxAdvisoryTests
{
    // 10 July 2026, 00:00 JST.
    private static readonly DateTimeOffset MidnightTokyo = new(2026, 7, 9, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void One_station_at_0_12_ppm_issues_the_region_s_advisory_a_warning_is_raised_and_all_below_lifts_them()
    {
        using var replay = new StationReplay(new AlertOptions { RuleSets = [DefaultRuleSets.Yokohama] }, MidnightTokyo);

        // JST hours 12, 13: Naka 120 and 150 (Nishi 100): the advisory at 13:00 (the 13 h value). Hour 14: Nishi 245 → the
        // warning at 15:00. Hour 15: Naka 130, Nishi 119: the warning resolves (switched down), the advisory stands.
        // Hour 16: Naka 119, Nishi 90: every station below 0.12 ppm, lifted at 17:00.
        double Naka(int hour) => hour switch { 12 => 120, 13 => 150, 14 => 200, 15 => 130, 16 => 119, _ => 40 };
        double Nishi(int hour) => hour switch { >= 12 and <= 13 => 100, 14 => 245, 15 => 119, _ => 40 };
        Live(replay, hours: 20, (StationNaka, "yok-naka-01", Naka), (StationNishi, "yok-nishi-01", Nishi));

        var events = replay.TakeEvents().Where(e => e.Rule.StartsWith("jp-ox-", StringComparison.Ordinal) && e.Rule != "jp-ox-hour-standard").ToList();
        Assert.Equal(
            [
                ("jp-ox-advisory", AlertState.Firing, 13, 120.0),
                ("jp-ox-warning", AlertState.Firing, 15, 245.0),
                ("jp-ox-warning", AlertState.Resolved, 16, 130.0),
                ("jp-ox-advisory", AlertState.Resolved, 17, 119.0),
            ],
            events.Select(e => (e.Rule, e.State, JstHour(e.At), e.Value)));
        Assert.All(events, e => Assert.Equal(("region-yokohama", "yokohama", AlertSeverity.Critical), (e.Station, e.Subject, e.Severity)));
        Assert.EndsWith("; highest at yok-naka", events[0].Summary, StringComparison.Ordinal);
        Assert.EndsWith("; highest at yok-nishi", events[1].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void The_advisory_waits_for_a_live_station_behind_the_others_but_not_for_a_silent_one()
    {
        using var replay = new StationReplay(new AlertOptions { RuleSets = [DefaultRuleSets.Yokohama] }, MidnightTokyo);

        // Isogo's device dies at 10:00 JST. Naka reaches 130 in hour 12, 60 after. Nishi stays at 50, but each of its
        // readings reaches the ingest 30 minutes late (a slow link draining its outbox).
        double Naka(int hour) => hour == 12 ? 130 : 60;
        Live(replay, until: (14 * 60) + 20, from: 0, (StationNaka, "yok-naka-01", Naka, 0), (StationNishi, "yok-nishi-01", _ => 50, 30), (StationIsogo, "yok-isogo-01", h => h < 10 ? 40 : double.NaN, 0));

        // Issued at 13:00 on Naka alone; at 14:20 Nishi's hour 13 has not come, so hour 13 (all below) cannot lift it yet,
        // and Isogo, silent since 10:00, is not waited for.
        Assert.Equal([("jp-ox-advisory", AlertState.Firing, 13)], Advisories(replay));

        Live(replay, until: 15 * 60, from: (14 * 60) + 20, (StationNaka, "yok-naka-01", Naka, 0), (StationNishi, "yok-nishi-01", _ => 50, 30));

        // Nishi's 13:59 reading came at 14:29: hour 13 closed everywhere, below 0.12 ppm: lifted at its end, 14:00.
        Assert.Equal([("jp-ox-advisory", AlertState.Resolved, 14)], Advisories(replay));
    }

    private const string StationNaka = "yok-naka";
    private const string StationNishi = "yok-nishi";
    private const string StationIsogo = "yok-isogo";

    private static List<(string, AlertState, int)> Advisories(StationReplay replay) =>
        [.. replay.TakeEvents().Where(e => e.Rule == "jp-ox-advisory").Select(e => (e.Rule, e.State, JstHour(e.At)))];

    private static int JstHour(DateTimeOffset at) => (int)(at - MidnightTokyo).TotalHours;

    /// <summary>Each station's Ox reading every minute of the hours (NaN: none), the clock just behind, a derivation round every 10 minutes.</summary>
    private static void Live(StationReplay replay, int hours, params (string Station, string Device, Func<int, double> Ox)[] stations) =>
        Live(replay, hours * 60, 0, [.. stations.Select(s => (s.Station, s.Device, s.Ox, 0))]);

    /// <summary>
    /// Minutes [<paramref name="from"/>, <paramref name="until"/>) of the clock: each station's reading of the minute its
    /// <c>Late</c> minutes behind reaches the ingest (NaN: none), a derivation round every 10 minutes.
    /// </summary>
    private static void Live(StationReplay replay, int until, int from = 0, params (string Station, string Device, Func<int, double> Ox, int Late)[] stations)
    {
        for (var minute = from; minute < until; minute++)
        {
            var now = MidnightTokyo.AddMinutes(minute);
            foreach (var (station, device, ox, late) in stations)
            {
                var at = now.AddMinutes(-late);
                if (at >= MidnightTokyo && ox((int)(at - MidnightTokyo).TotalHours) is var value && !double.IsNaN(value))
                {
                    replay.Store(station, new RawReading(at.ToUnixTimeMilliseconds(), device, "ox", AmbientValues.Of((Ambient.Ox, value)), null));
                }
            }

            if (now.AddSeconds(5) > replay.Clock.GetUtcNow())
            {
                replay.Clock.SetUtcNow(now.AddSeconds(5));
            }

            if (minute % 10 == 9)
            {
                replay.Derive();
            }
        }
    }
}
