namespace AirMonitor.AirQuality.Alerts;

/// <summary>Where one rule stands for one subject between points.</summary>
public enum AlertPhase
{
    /// <summary>At or below the threshold (or never judged).</summary>
    Normal,

    /// <summary>Above the threshold since <see cref="AlertTrack.Since"/>, not yet for the minimum duration (or only in quiet hours).</summary>
    Pending,

    /// <summary>Fired at <see cref="AlertTrack.Since"/>; waits for the value to fall to the clear threshold.</summary>
    Firing,
}

/// <summary>
/// The saved state of one rule for one subject: enough to go on after a restart without repeating an event.
/// <see cref="LastAt"/> is the data time of the last point judged; a point at or before it is old news and changes nothing.
/// </summary>
public sealed record AlertTrack(string Rule, string Subject, AlertPhase Phase, DateTimeOffset? Since, DateTimeOffset? LastAt)
{
    public static AlertTrack New(string rule, string subject) => new(rule, subject, AlertPhase.Normal, null, null);
}

/// <summary>A change of an alert's state caused by one point: it fired, or it was resolved.</summary>
public sealed record AlertTransition(AlertState State, DateTimeOffset At, DateTimeOffset FiringSince, double Value);

/// <summary>
/// The lifecycle of an alert, as a pure function of the points it is shown in data-time order: Normal → (above the
/// threshold for the minimum duration, outside quiet hours) → Firing → (at or below the clear threshold) → Normal,
/// with exactly one <see cref="AlertTransition"/> per change. Because it works in data time and skips points it has
/// judged, a live series, the same series backfilled a week late, and a replay after a restart give the same events.
/// </summary>
public static class AlertLifecycle
{
    /// <param name="value">The window's value at <paramref name="at"/>; null when the window has too little data (a gap).</param>
    /// <param name="quiet">Whether <paramref name="at"/> is in the rule's quiet hours: it may stay pending, not start firing.</param>
    public static (AlertTrack Track, AlertTransition? Transition) Observe(
        AlertTrack track, DateTimeOffset at, double? value, double threshold, double clear, TimeSpan minDuration, bool quiet)
    {
        if (track.LastAt is { } last && at <= last)
        {
            return (track, null);
        }

        var judged = track with { LastAt = at };
        switch (track.Phase)
        {
            case AlertPhase.Firing when value is { } v && v <= clear:
                return (judged with { Phase = AlertPhase.Normal, Since = null }, new AlertTransition(AlertState.Resolved, at, track.Since!.Value, v));

            case AlertPhase.Firing:
                return (judged, null);

            case AlertPhase.Normal or AlertPhase.Pending when value is { } v && v > threshold:
                var since = track.Phase == AlertPhase.Pending ? track.Since!.Value : at;
                return at - since >= minDuration && !quiet
                    ? (judged with { Phase = AlertPhase.Firing, Since = at }, new AlertTransition(AlertState.Firing, at, at, v))
                    : (judged with { Phase = AlertPhase.Pending, Since = since }, null);

            default:
                // At or below the threshold, or a gap: the run above the threshold is broken.
                return (judged with { Phase = AlertPhase.Normal, Since = null }, null);
        }
    }
}
