using System.Globalization;
using AirMonitor.AirQuality.Series;
using AirMonitor.Core.Stations;

namespace AirMonitor.AirQuality.Alerts;

/// <summary>
/// One alert rule, as written in configuration (<c>Alerts:Rules:n</c>) or in a built-in set (<see cref="DefaultRuleSets"/>).
/// It fires when the <see cref="Window"/> value of <see cref="Metric"/> exceeds <see cref="Threshold"/> (strictly, as a
/// limit is exceeded) for at least <see cref="MinDuration"/>, and is resolved when the value falls to
/// <see cref="Clear"/> or below: the gap between the two is the hysteresis that keeps a noisy series from flapping.
/// </summary>
public sealed class AlertRule
{
    /// <summary>Unique name, <c>[a-z0-9_-]{1,64}</c>; part of every event's id and the <c>rule</c> tag.</summary>
    public string Name { get; set; } = "";

    /// <summary>One of <see cref="AlertMetrics.Names"/>: a pollutant (<c>pm2_5</c>, <c>o3</c>, … in the vocabulary's unit), <c>aqi_us</c>, <c>aqi_th</c>.</summary>
    public string Metric { get; set; } = "";

    /// <summary>Config name of an <see cref="AlertWindow"/>: latest, 1h, 24h, 8h, nowcast, daily, morning, afternoon.</summary>
    public string Window { get; set; } = "";

    public double Threshold { get; set; } = double.NaN;

    /// <summary>Resolved at or below this; unset means the threshold itself (no hysteresis).</summary>
    public double? Clear { get; set; }

    /// <summary>How long the value must stay above the threshold before the rule fires (judged on the window's own points).</summary>
    public TimeSpan MinDuration { get; set; }

    public AlertSeverity Severity { get; set; } = AlertSeverity.Warning;

    /// <summary>Which stations the rule watches; empty lists match every station.</summary>
    public AlertScope Scope { get; set; } = new();

    /// <summary>Local hours in which the rule does not start firing, e.g. <c>22:00-06:00</c>; an episode already firing still resolves.</summary>
    public string? QuietHours { get; set; }

    /// <summary>IANA time zone of day windows and quiet hours, e.g. <c>Asia/Bangkok</c>.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Valid hours a day window's day needs: 18 of 24 in US EPA practice (the default), 20 in Japan's.</summary>
    public int DailyMinHours { get; set; } = Indices.DailyMean.MinHours;

    /// <summary>Where the threshold comes from (a standard, a notice); shown in events.</summary>
    public string? Source { get; set; }

    public double ClearThreshold => Clear ?? Threshold;

    public AlertWindow ParsedWindow => AlertWindows.TryParse(Window, out var window) ? window : throw new InvalidOperationException($"rule '{Name}': unknown window '{Window}'");

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>Is <paramref name="at"/> inside the quiet hours (local time, the end exclusive)?</summary>
    public bool IsQuiet(DateTimeOffset at)
    {
        if (!TryParseQuietHours(QuietHours, out var from, out var to) || from == to)
        {
            return false;
        }

        var local = TimeOnly.FromTimeSpan(TimeZoneInfo.ConvertTime(at, Zone).TimeOfDay);
        return from < to ? local >= from && local < to : local >= from || local < to;
    }

    public bool Watches(string station, StationKind? kind, string? city, string? district) => Scope.Matches(station, kind, city, district);

    public IEnumerable<string> Validate()
    {
        var where = $"rule '{Name}'";
        if (!IsValidName(Name))
        {
            yield return $"rule name '{Name}' must be 1–64 of [a-z0-9_-]";
        }

        if (!AlertMetrics.Names.Contains(Metric))
        {
            yield return $"{where}: metric '{Metric}' is not one of {string.Join(", ", AlertMetrics.Names)}";
        }
        else if (!AlertWindows.TryParse(Window, out var window))
        {
            yield return $"{where}: window '{Window}' is not one of {string.Join(", ", AlertWindows.AllNames)}";
        }
        else if (!AlertMetrics.Allows(Metric, window))
        {
            yield return $"{where}: metric {Metric} has no {Window} window (it has {string.Join(", ", AlertMetrics.WindowsOf(Metric).Select(w => w.ConfigName()))})";
        }

        if (!double.IsFinite(Threshold))
        {
            yield return $"{where}: threshold is required";
        }
        else if (Clear is { } clear && (!double.IsFinite(clear) || clear > Threshold))
        {
            yield return $"{where}: clear {clear.ToString(CultureInfo.InvariantCulture)} must be at or below the threshold {Threshold.ToString(CultureInfo.InvariantCulture)}";
        }

        if (DailyMinHours is < 1 or > 24)
        {
            yield return $"{where}: daily min hours {DailyMinHours} must be 1–24";
        }

        if (MinDuration < TimeSpan.Zero)
        {
            yield return $"{where}: min duration {MinDuration} is negative";
        }

        if (!Enum.IsDefined(Severity))
        {
            yield return $"{where}: severity {Severity} is not info, warning or critical";
        }

        if (QuietHours is not null && !TryParseQuietHours(QuietHours, out _, out _))
        {
            yield return $"{where}: quiet hours '{QuietHours}' are not HH:mm-HH:mm";
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone))
        {
            yield return $"{where}: time zone '{TimeZone}' is unknown (use an IANA name such as Asia/Bangkok)";
        }
        else if (AlertWindows.TryParse(Window, out var day) && day.IsDayWindow() && !HasWholeHourOffsets(zone))
        {
            // Hours are UTC hours: a local midnight that falls inside one can never close a day.
            yield return $"{where}: the {Window} window needs a time zone whose UTC offset is a whole number of hours; '{TimeZone}' has not";
        }
    }

    /// <summary>Whole-hour offsets now and in any rule still in force (Tokyo's local mean time of 1887 does not count).</summary>
    private static bool HasWholeHourOffsets(TimeZoneInfo zone) =>
        zone.BaseUtcOffset.Minutes == 0 && zone.GetAdjustmentRules()
            .Where(r => r.DateEnd.Year >= 2000)
            .All(r => r.DaylightDelta.Minutes == 0 && r.BaseUtcOffsetDelta.Minutes == 0);

    private static bool IsValidName(string name) =>
        name is { Length: > 0 and <= 64 } && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-');

    private static bool TryParseQuietHours(string? text, out TimeOnly from, out TimeOnly to)
    {
        from = to = default;
        var parts = text?.Split('-');
        return parts is { Length: 2 }
            && TimeOnly.TryParseExact(parts[0].Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out from)
            && TimeOnly.TryParseExact(parts[1].Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out to);
    }
}

/// <summary>Which stations a rule watches: a station matches when it is in every non-empty list.</summary>
public sealed class AlertScope
{
    public List<string> Stations { get; set; } = [];

    /// <summary><c>ambient</c>, <c>roadside</c>, <c>plant</c>.</summary>
    public List<string> Kinds { get; set; } = [];

    public List<string> Cities { get; set; } = [];

    public List<string> Districts { get; set; } = [];

    public bool Matches(string station, StationKind? kind, string? city, string? district) =>
        (Stations.Count == 0 || Stations.Contains(station, StringComparer.Ordinal))
        && (Kinds.Count == 0 || (kind is { } k && Kinds.Contains(k.TagValue(), StringComparer.Ordinal)))
        && (Cities.Count == 0 || (city is not null && Cities.Contains(city, StringComparer.OrdinalIgnoreCase)))
        && (Districts.Count == 0 || (district is not null && Districts.Contains(district, StringComparer.OrdinalIgnoreCase)));
}

/// <summary>
/// The metrics a rule can watch, and the windows each one has: every ambient pollutant the derivation means
/// (<see cref="AmbientMetrics.Pollutants"/>, in the vocabulary's units) with its hourly, daily and running windows, and
/// the two indices.
/// </summary>
public static class AlertMetrics
{
    public const string Pm2_5 = "pm2_5";
    public const string Pm10 = "pm10";
    public const string Spm = "spm";
    public const string Ox = "ox";
    public const string No2 = "no2";
    public const string So2 = "so2";
    public const string Co = "co";

    /// <summary>US EPA AQI over every pollutant, each hour (PM by its NowCast, as AirNow reports it), or of the PM daily means.</summary>
    public const string AqiUs = "aqi_us";

    /// <summary>Thai AQI over every pollutant (PM by the 24-hour running means), each hour (as the PCD reports it).</summary>
    public const string AqiTh = "aqi_th";

    private static readonly AlertWindow[] UsAqiWindows = [AlertWindow.NowCast, AlertWindow.Daily];
    private static readonly AlertWindow[] ThaiAqiWindows = [AlertWindow.Running24h];

    private static readonly Dictionary<string, AlertWindow[]> Windows = AmbientMetrics.Pollutants.ToDictionary(
        m => m.Name(),
        m => Enum.GetValues<AlertWindow>().Where(w => HasWindow(m, w)).ToArray(),
        StringComparer.Ordinal);

    public static IReadOnlyList<string> Names { get; } = [.. AmbientMetrics.Pollutants.Select(m => m.Name()), AqiUs, AqiTh];

    public static IReadOnlyList<AlertWindow> WindowsOf(string metric) => metric switch
    {
        AqiUs => UsAqiWindows,
        AqiTh => ThaiAqiWindows,
        _ => Windows.TryGetValue(metric, out var windows) ? windows : [],
    };

    public static bool Allows(string metric, AlertWindow window) => WindowsOf(metric).Contains(window);

    /// <summary>The running window a rule on a concentration judges; null for the other windows.</summary>
    public static MeanWindow? MeanOf(Ambient metric, AlertWindow window) => window switch
    {
        AlertWindow.Running24h => MeanWindows.Find(metric, 24, nowCast: false),
        AlertWindow.Running8h => MeanWindows.Find(metric, 8, nowCast: false),
        AlertWindow.NowCast => MeanWindows.Find(metric, 0, nowCast: true),
        _ => null,
    };

    /// <summary>
    /// Every concentration has its readings, hourly means and local daily means; the running windows are those the
    /// derivation keeps (<see cref="MeanWindows"/>); Japan's PM2.5 advisory tests are for PM.
    /// </summary>
    private static bool HasWindow(Ambient metric, AlertWindow window) => window switch
    {
        AlertWindow.Latest or AlertWindow.Hour or AlertWindow.Daily => true,
        AlertWindow.MorningTest or AlertWindow.AfternoonTest => metric is Ambient.Pm2_5 or Ambient.Pm10,
        _ => MeanOf(metric, window) is not null,
    };
}
