namespace AirMonitor.AirQuality.Alerts;

/// <summary>How urgent an alert is; the tag and JSON value is the lowercase name.</summary>
public enum AlertSeverity
{
    Info,
    Warning,
    Critical,
}

/// <summary>The two events of an alert's life: it starts firing, and it is resolved. Each happens exactly once per episode.</summary>
public enum AlertState
{
    Firing,
    Resolved,
}

/// <summary>
/// One event of an alert episode, as every sink carries it (the retained MQTT topic, the webhook, the InfluxDB
/// annotation). The firing and the resolved event of one episode share <see cref="Id"/>.
/// </summary>
/// <param name="Id">The episode: rule, subject and the data time it fired, so every replica and every restart names it alike.</param>
/// <param name="Subject">What the alert is about: the station for air-quality rules, <c>device</c> or <c>device/sensor</c> for health rules.</param>
/// <param name="At">The data time of this transition (a reading's or an hour's time), not the time it was noticed.</param>
/// <param name="FiringSince">The data time the episode fired; equal to <see cref="At"/> on the firing event.</param>
/// <param name="Value">The window's value that caused the transition, in the metric's unit.</param>
/// <param name="Late">Noticed more than the configured lateness after <see cref="At"/>: a backfill, not live news.</param>
/// <param name="NoticedAt">When the ingest evaluated the transition (wall clock).</param>
public sealed record AlertEvent(
    string Id,
    string Rule,
    string Station,
    string Subject,
    AlertState State,
    AlertSeverity Severity,
    string Metric,
    string Window,
    DateTimeOffset At,
    DateTimeOffset FiringSince,
    double Value,
    double Threshold,
    double ClearThreshold,
    bool Late,
    DateTimeOffset NoticedAt,
    string Summary);

public static class AlertNames
{
    public static string TagValue(this AlertSeverity severity) => severity switch
    {
        AlertSeverity.Info => "info",
        AlertSeverity.Warning => "warning",
        AlertSeverity.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "Unknown severity."),
    };

    public static string TagValue(this AlertState state) => state == AlertState.Firing ? "firing" : "resolved";
}
