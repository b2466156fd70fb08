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
    public void The_advisory_is_not_lifted_while_a_live_station_has_not_closed_the_hour_and_a_dead_one_is_not_waited_for()
    {
        using var replay = new StationReplay(new AlertOptions { RuleSets = [DefaultRuleSets.Yokohama] }, MidnightTokyo);

        // Isogo's analyser dies at 10:00 JST. Naka reaches 130 in hour 12 and falls to 60 from hour 13; Nishi stays at 50
        // but its readings for hours 13 and after arrive only later.
        Live(replay, hours: 10, (StationIsogo, "yok-isogo-01", _ => 40));
        Live(replay, hours: 15, (StationNaka, "yok-naka-01", h => h == 12 ? 130 : 60), (StationNishi, "yok-nishi-01", h => h < 13 ? 50 : double.NaN));

        // Issued at 13:00 on Naka alone; not lifted while Nishi's hour 13 is open (Isogo, silent since 10:00, is not waited for).
        Assert.Equal([("jp-ox-advisory", AlertState.Firing, 13)], Advisories(replay));

        Live(replay, hours: 16, fromHour: 13, (StationNishi, "yok-nishi-01", _ => 50), (StationNaka, "yok-naka-01", _ => 60));

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
        Live(replay, hours, 0, stations);

    private static void Live(StationReplay replay, int hours, int fromHour, params (string Station, string Device, Func<int, double> Ox)[] stations)
    {
        for (var minute = fromHour * 60; minute < hours * 60; minute++)
        {
            var at = MidnightTokyo.AddMinutes(minute);
            foreach (var (station, device, ox) in stations)
            {
                if (ox(minute / 60) is var value && !double.IsNaN(value))
                {
                    replay.Store(station, new RawReading(at.ToUnixTimeMilliseconds(), device, "ox", AmbientValues.Of((Ambient.Ox, value)), null));
                }
            }

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
}
