using AirMonitor.AirQuality.Alerts;
using CsCheck;

namespace AirMonitor.AirQuality.Tests.Alerts;

/// <summary>The alert lifecycle as a pure function of data-time points: every transition, every edge, and replays.</summary>
public sealed class AlertLifecycleTests
{
    private const double Threshold = 50;
    private const double Clear = 40;

    private static readonly DateTimeOffset T0 = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan TenMinutes = TimeSpan.FromMinutes(10);

    [Fact]
    public void A_new_track_is_normal_and_has_judged_nothing()
    {
        var track = AlertTrack.New("rule", "station");

        Assert.Equal(new AlertTrack("rule", "station", AlertPhase.Normal, null, null), track);
    }

    [Fact]
    public void A_value_exactly_at_the_threshold_does_not_fire()
    {
        var (track, transition) = Observe(AlertTrack.New("r", "s"), 0, Threshold, TimeSpan.Zero);

        Assert.Null(transition);
        Assert.Equal(AlertPhase.Normal, track.Phase);
        Assert.Null(track.Since);
        Assert.Equal(T0, track.LastAt);
    }

    [Fact]
    public void A_value_just_above_the_threshold_fires_at_once_without_a_min_duration()
    {
        var (track, transition) = Observe(AlertTrack.New("r", "s"), 0, 50.01, TimeSpan.Zero);

        Assert.Equal(new AlertTransition(AlertState.Firing, T0, T0, 50.01), transition);
        Assert.Equal(new AlertTrack("r", "s", AlertPhase.Firing, T0, T0), track);
    }

    [Fact]
    public void A_value_exactly_at_the_clear_threshold_resolves()
    {
        var (firing, _) = Observe(AlertTrack.New("r", "s"), 0, 60, TimeSpan.Zero);

        var (track, transition) = Observe(firing, 5, Clear, TimeSpan.Zero);

        Assert.Equal(new AlertTransition(AlertState.Resolved, At(5), T0, Clear), transition);
        Assert.Equal(new AlertTrack("r", "s", AlertPhase.Normal, null, At(5)), track);
    }

    [Fact]
    public void A_value_between_clear_and_threshold_keeps_firing()
    {
        var (firing, _) = Observe(AlertTrack.New("r", "s"), 0, 60, TimeSpan.Zero);

        var (atThreshold, first) = Observe(firing, 5, Threshold, TimeSpan.Zero);
        var (justAboveClear, second) = Observe(atThreshold, 10, 40.01, TimeSpan.Zero);

        Assert.Null(first);
        Assert.Null(second);
        Assert.Equal(new AlertTrack("r", "s", AlertPhase.Firing, T0, At(10)), justAboveClear);
    }

    [Fact]
    public void Without_hysteresis_a_value_at_the_threshold_resolves()
    {
        var (firing, _) = AlertLifecycle.Observe(AlertTrack.New("r", "s"), T0, 51, Threshold, Threshold, TimeSpan.Zero, quiet: false);

        var (_, transition) = AlertLifecycle.Observe(firing, At(1), Threshold, Threshold, Threshold, TimeSpan.Zero, quiet: false);

        Assert.Equal(new AlertTransition(AlertState.Resolved, At(1), T0, Threshold), transition);
    }

    [Fact]
    public void The_min_duration_is_counted_from_the_first_point_above()
    {
        // Above at 0, 5 and 10 min with a 10-min minimum: pending since 0, fires at 10 (10 − 0 ≥ 10), not at 5 (5 < 10).
        var track = AlertTrack.New("r", "s");
        (track, var atZero) = Observe(track, 0, 70, TenMinutes);
        Assert.Null(atZero);
        Assert.Equal(new AlertTrack("r", "s", AlertPhase.Pending, T0, T0), track);

        (track, var atFive) = Observe(track, 5, 55, TenMinutes);
        Assert.Null(atFive);
        Assert.Equal(new AlertTrack("r", "s", AlertPhase.Pending, T0, At(5)), track);

        (track, var atTen) = Observe(track, 10, 52, TenMinutes);
        Assert.Equal(new AlertTransition(AlertState.Firing, At(10), At(10), 52), atTen);
        Assert.Equal(new AlertTrack("r", "s", AlertPhase.Firing, At(10), At(10)), track);
    }

    [Fact]
    public void A_point_one_tick_short_of_the_min_duration_stays_pending()
    {
        var (pending, _) = Observe(AlertTrack.New("r", "s"), 0, 70, TenMinutes);

        var (track, transition) = AlertLifecycle.Observe(pending, T0 + TenMinutes - TimeSpan.FromTicks(1), 70, Threshold, Clear, TenMinutes, quiet: false);

        Assert.Null(transition);
        Assert.Equal(AlertPhase.Pending, track.Phase);
        Assert.Equal(T0, track.Since);
    }

    [Fact]
    public void A_gap_while_pending_restarts_the_count()
    {
        // 0 above, 5 gap, 10 above (pending again since 10), 15 above (5 < 10 min), 20 above → fires at 20.
        var (transitions, tracks) = Run(TenMinutes, (0, 70), (5, null), (10, 70), (15, 70), (20, 70));

        Assert.Equal(AlertPhase.Normal, tracks[1].Phase);
        Assert.Null(tracks[1].Since);
        Assert.Equal(new AlertTrack("r", "s", AlertPhase.Pending, At(10), At(15)), tracks[3]);
        Assert.Equal([new AlertTransition(AlertState.Firing, At(20), At(20), 70)], transitions);
    }

    [Fact]
    public void A_value_at_or_below_the_threshold_while_pending_restarts_the_count()
    {
        var (transitions, tracks) = Run(TenMinutes, (0, 70), (5, Threshold), (10, 70), (15, 70), (20, 70));

        Assert.Equal(AlertPhase.Normal, tracks[1].Phase);
        Assert.Equal([new AlertTransition(AlertState.Firing, At(20), At(20), 70)], transitions);
    }

    [Fact]
    public void A_gap_while_firing_keeps_firing_and_the_episode_resolves_later()
    {
        var (transitions, tracks) = Run(TimeSpan.Zero, (0, 70), (5, null), (10, null), (15, 30));

        Assert.Equal(new AlertTrack("r", "s", AlertPhase.Firing, T0, At(10)), tracks[2]);
        Assert.Equal(
            [
                new AlertTransition(AlertState.Firing, T0, T0, 70),
                new AlertTransition(AlertState.Resolved, At(15), T0, 30),
            ],
            transitions);
    }

    [Fact]
    public void Quiet_hours_hold_back_a_firing_but_keep_the_pending_start()
    {
        // Above from 0 min, quiet until 15: min duration 10 is met at 10 but quiet; fires at 15, the first loud point.
        var track = AlertTrack.New("r", "s");
        var transitions = new List<AlertTransition>();
        foreach (var (minute, quiet) in new[] { (0, true), (5, true), (10, true), (15, false) })
        {
            (track, var transition) = AlertLifecycle.Observe(track, At(minute), 70, Threshold, Clear, TenMinutes, quiet);
            if (minute == 10)
            {
                Assert.Equal(new AlertTrack("r", "s", AlertPhase.Pending, T0, At(10)), track);
            }

            if (transition is not null)
            {
                transitions.Add(transition);
            }
        }

        Assert.Equal([new AlertTransition(AlertState.Firing, At(15), At(15), 70)], transitions);
    }

    [Fact]
    public void Quiet_hours_hold_back_even_a_rule_without_min_duration()
    {
        var (track, transition) = AlertLifecycle.Observe(AlertTrack.New("r", "s"), T0, 70, Threshold, Clear, TimeSpan.Zero, quiet: true);

        Assert.Null(transition);
        Assert.Equal(new AlertTrack("r", "s", AlertPhase.Pending, T0, T0), track);
    }

    [Fact]
    public void Quiet_hours_never_hold_back_a_resolution()
    {
        var (firing, _) = Observe(AlertTrack.New("r", "s"), 0, 70, TimeSpan.Zero);

        var (track, transition) = AlertLifecycle.Observe(firing, At(5), 20, Threshold, Clear, TimeSpan.Zero, quiet: true);

        Assert.Equal(new AlertTransition(AlertState.Resolved, At(5), T0, 20), transition);
        Assert.Equal(AlertPhase.Normal, track.Phase);
    }

    [Fact]
    public void A_point_at_or_before_the_last_judged_changes_nothing()
    {
        var (pending, _) = Observe(AlertTrack.New("r", "s"), 10, 70, TenMinutes);

        var (same, atLast) = Observe(pending, 10, 500, TimeSpan.Zero);
        var (earlier, beforeLast) = Observe(pending, 5, 500, TimeSpan.Zero);

        Assert.Null(atLast);
        Assert.Null(beforeLast);
        Assert.Same(pending, same);
        Assert.Same(pending, earlier);
    }

    [Fact]
    public void A_late_resolution_before_the_last_judged_is_ignored_too()
    {
        var (firing, _) = Observe(AlertTrack.New("r", "s"), 10, 70, TimeSpan.Zero);

        var (track, transition) = Observe(firing, 9, 0, TimeSpan.Zero);

        Assert.Null(transition);
        Assert.Same(firing, track);
    }

    [Fact]
    public void Replaying_a_judged_series_gives_no_event_and_leaves_the_track_as_it_was()
    {
        (int, double?)[] series = [(0, 70), (5, 70), (10, 70), (15, null), (20, 30), (25, 80), (30, 90), (35, 95)];
        var (first, tracks) = Run(TenMinutes, series);
        var judged = tracks[^1];

        var track = judged;
        foreach (var (minute, value) in series)
        {
            (track, var transition) = Observe(track, minute, value, TenMinutes);
            Assert.Null(transition);
        }

        Assert.Equal(
            [
                new AlertTransition(AlertState.Firing, At(10), At(10), 70),
                new AlertTransition(AlertState.Resolved, At(20), At(10), 30),
                new AlertTransition(AlertState.Firing, At(35), At(35), 95),
            ],
            first);
        Assert.Same(judged, track);
    }

    [Fact]
    public void A_new_episode_after_a_resolution_waits_the_min_duration_again()
    {
        var (transitions, _) = Run(TenMinutes, (0, 70), (10, 70), (15, 20), (20, 70), (25, 70), (30, 70));

        Assert.Equal(
            [
                new AlertTransition(AlertState.Firing, At(10), At(10), 70),
                new AlertTransition(AlertState.Resolved, At(15), At(10), 20),
                new AlertTransition(AlertState.Firing, At(30), At(30), 70),
            ],
            transitions);
    }

    [Fact]
    public void A_gap_while_normal_stays_normal()
    {
        var (track, transition) = Observe(AlertTrack.New("r", "s"), 0, null, TimeSpan.Zero);

        Assert.Null(transition);
        Assert.Equal(new AlertTrack("r", "s", AlertPhase.Normal, null, T0), track);
    }

    /// <summary>
    /// Any series of values and gaps, any thresholds with clear ≤ threshold, any min duration and quiet hours: the
    /// events alternate Firing, Resolved, Firing…, each firing at its own time and each resolution naming that firing,
    /// and the same series shown again gives nothing new.
    /// </summary>
    [Fact]
    public void Transitions_alternate_and_a_replay_adds_nothing_for_any_series()
    {
        var point = Gen.Select(Gen.Int[1, 30], Gen.Bool, Gen.Double[0, 100], Gen.Int[0, 4], (gapMinutes, missing, value, quietChance) =>
            (GapMinutes: gapMinutes, Value: missing ? (double?)null : Math.Round(value), Quiet: quietChance == 0));
        var gen = Gen.Select(point.Array[0, 80], Gen.Double[0, 100], Gen.Double[0, 30], Gen.Int[0, 60], (points, threshold, hysteresis, minMinutes) =>
            (Points: points, Threshold: Math.Round(threshold), Clear: Math.Round(threshold) - Math.Round(hysteresis), Min: TimeSpan.FromMinutes(minMinutes)));

        gen.Sample(c =>
        {
            var track = AlertTrack.New("r", "s");
            var transitions = new List<AlertTransition>();
            var at = T0;
            var series = new List<(DateTimeOffset At, double? Value, bool Quiet)>();
            foreach (var p in c.Points)
            {
                at += TimeSpan.FromMinutes(p.GapMinutes);
                series.Add((at, p.Value, p.Quiet));
                (track, var transition) = AlertLifecycle.Observe(track, at, p.Value, c.Threshold, c.Clear, c.Min, p.Quiet);
                if (transition is not null)
                {
                    Assert.Equal(at, transition.At);
                    Assert.Equal(p.Value, transition.Value);
                    transitions.Add(transition);
                }
            }

            for (var i = 0; i < transitions.Count; i++)
            {
                var t = transitions[i];
                if (i % 2 == 0)
                {
                    Assert.Equal(AlertState.Firing, t.State);
                    Assert.Equal(t.At, t.FiringSince);
                    Assert.True(t.Value > c.Threshold, $"fired at {t.Value}, threshold {c.Threshold}");
                }
                else
                {
                    Assert.Equal(AlertState.Resolved, t.State);
                    Assert.Equal(transitions[i - 1].At, t.FiringSince);
                    Assert.True(t.Value <= c.Clear, $"resolved at {t.Value}, clear {c.Clear}");
                }
            }

            Assert.Equal(transitions.Count % 2 == 1, track.Phase == AlertPhase.Firing);
            var judged = track;
            foreach (var (pointAt, value, quiet) in series)
            {
                (track, var replayed) = AlertLifecycle.Observe(track, pointAt, value, c.Threshold, c.Clear, c.Min, quiet);
                Assert.Null(replayed);
            }

            Assert.Same(judged, track);
        }, iter: 2000);
    }

    private static DateTimeOffset At(int minute) => T0.AddMinutes(minute);

    private static (AlertTrack Track, AlertTransition? Transition) Observe(AlertTrack track, int minute, double? value, TimeSpan minDuration) =>
        AlertLifecycle.Observe(track, At(minute), value, Threshold, Clear, minDuration, quiet: false);

    /// <summary>Feeds the points (minute, value) in order; returns the transitions and the track after each point.</summary>
    private static (List<AlertTransition> Transitions, List<AlertTrack> Tracks) Run(TimeSpan minDuration, params (int Minute, double? Value)[] points)
    {
        var track = AlertTrack.New("r", "s");
        var transitions = new List<AlertTransition>();
        var tracks = new List<AlertTrack>();
        foreach (var (minute, value) in points)
        {
            (track, var transition) = Observe(track, minute, value, minDuration);
            tracks.Add(track);
            if (transition is not null)
            {
                transitions.Add(transition);
            }
        }

        return (transitions, tracks);
    }
}
