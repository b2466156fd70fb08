using AirMonitor.AirQuality.Alerts;
using AirMonitor.Ingest.Alerts.Sinks;

namespace AirMonitor.Ingest.Alerts;

/// <summary>The alert engine's settings (configuration section <c>Alerts</c>).</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    public bool Enabled { get; set; } = true;

    /// <summary>Built-in rule sets to load (<see cref="DefaultRuleSets"/>); unset loads all of them, empty none.</summary>
    public string[]? RuleSets { get; set; }

    /// <summary>Rules of your own, beside the sets (<c>Alerts:Rules:0:Name</c>, …; docs/alerts.md, "Writing a rule").</summary>
    public List<AlertRule> Rules { get; set; } = [];

    /// <summary>The SQLite file of every alert's state and the events not yet delivered to every sink.</summary>
    public string StatePath { get; set; } = "alerts.db";

    /// <summary>An event noticed longer than this after its data time is marked late (a backfill, not live news).</summary>
    public TimeSpan LateAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A device is offline after this many of its usual intervals without a message…</summary>
    public int OfflineAfterIntervals { get; set; } = 5;

    /// <summary>…and never sooner than this.</summary>
    public TimeSpan OfflineMinSilence { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often devices' silence is checked.</summary>
    public TimeSpan OfflineCheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Two PM sensors of one station disagree when their hourly PM2.5 differ by more than this…</summary>
    public double DisagreeMicrogramsPerCubicMeter { get; set; } = 10;

    /// <summary>…and by more than this share of their mean.</summary>
    public double DisagreeRatio { get; set; } = 0.5;

    /// <summary>How long the alert store keeps events every sink has taken (an open episode's firing event stays).</summary>
    public TimeSpan KeepEvents { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How often the lease holder publishes every station's retained alert state again, besides after each reconnect to
    /// the broker (a crashed broker may have lost it); zero: only after a reconnect.
    /// </summary>
    public TimeSpan RepublishInterval { get; set; } = TimeSpan.FromMinutes(10);

    public WebhookOptions Webhook { get; set; } = new();

    /// <summary>The built-in sets in force: those named, or all of them when none are.</summary>
    public IEnumerable<string> ActiveRuleSets() => (RuleSets ?? [.. DefaultRuleSets.Names]).Where(DefaultRuleSets.Exists);

    /// <summary>The rules in force: the chosen sets, then the configured rules.</summary>
    public IReadOnlyList<AlertRule> ActiveRules() => [.. ActiveRuleSets().SelectMany(DefaultRuleSets.Get), .. Rules];

    /// <summary>
    /// Rules the configuration binder could not read: it leaves such a list item out without a word, so a threshold
    /// written "37,5" would silently drop its rule. Each is read again alone, where the binder does say why.
    /// </summary>
    public static IEnumerable<string> UnreadableRules(IConfiguration alerts)
    {
        foreach (var rule in alerts.GetSection(nameof(Rules)).GetChildren())
        {
            string? problem = null;
            try
            {
                rule.Get<AlertRule>();
            }
            catch (InvalidOperationException e)
            {
                problem = $"{Section}:{nameof(Rules)}:{rule.Key}: {e.Message}";
            }

            if (problem is not null)
            {
                yield return problem;
            }
        }
    }

    public IEnumerable<string> Validate()
    {
        foreach (var set in RuleSets ?? [])
        {
            if (!DefaultRuleSets.Exists(set))
            {
                yield return $"{Section}:RuleSets '{set}' is not a built-in set ({string.Join(", ", DefaultRuleSets.Names)})";
            }
        }

        var rules = ActiveRules();
        foreach (var problem in rules.SelectMany(r => r.Validate()))
        {
            yield return $"{Section}: {problem}";
        }

        foreach (var repeated in rules.GroupBy(r => r.Name).Where(g => g.Count() > 1))
        {
            yield return $"{Section}: rule name '{repeated.Key}' is used {repeated.Count()} times";
        }

        if (string.IsNullOrWhiteSpace(StatePath))
        {
            yield return $"{Section}:StatePath is required";
        }

        if (OfflineAfterIntervals < 1)
        {
            yield return $"{Section}:OfflineAfterIntervals {OfflineAfterIntervals} must be at least 1";
        }

        if (OfflineCheckInterval < TimeSpan.FromSeconds(1))
        {
            yield return $"{Section}:OfflineCheckInterval {OfflineCheckInterval} must be at least 1 s";
        }

        if (KeepEvents < TimeSpan.FromHours(1))
        {
            yield return $"{Section}:KeepEvents {KeepEvents} must be at least 1 h";
        }

        if (RepublishInterval != TimeSpan.Zero && RepublishInterval < TimeSpan.FromSeconds(10))
        {
            yield return $"{Section}:RepublishInterval {RepublishInterval} must be zero (off) or at least 10 s";
        }

        if (LateAfter <= TimeSpan.Zero)
        {
            yield return $"{Section}:LateAfter {LateAfter} must be positive";
        }

        foreach (var problem in Webhook.Validate())
        {
            yield return problem;
        }
    }
}
