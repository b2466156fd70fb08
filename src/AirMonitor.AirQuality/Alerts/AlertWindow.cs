namespace AirMonitor.AirQuality.Alerts;

/// <summary>Over what time a rule judges its metric. Hour windows are judged when the hour closes, day windows at their test time.</summary>
public enum AlertWindow
{
    /// <summary>Each valid reading as it was measured. Config name <c>latest</c>.</summary>
    Latest,

    /// <summary>The hourly mean, judged at the end of each hour. Config name <c>1h</c>.</summary>
    Hour,

    /// <summary>The running 24-hour mean, judged every hour (the Thai AQI's basis). Config name <c>24h</c>.</summary>
    Running24h,

    /// <summary>The running 8-hour mean (O3, CO: the US and Thai indices' basis), judged every hour. Config name <c>8h</c>.</summary>
    Running8h,

    /// <summary>The US EPA NowCast of the last 12 hourly means, judged every hour. Config name <c>nowcast</c>.</summary>
    NowCast,

    /// <summary>The local calendar day's mean (valid with 18 of 24 hours), judged at local midnight. Config name <c>daily</c>.</summary>
    Daily,

    /// <summary>Japan's morning advisory test: the mean of the 05, 06 and 07 h values, judged at 07:00 local; stands until the day ends. Config name <c>morning</c>.</summary>
    MorningTest,

    /// <summary>Japan's afternoon advisory test: the mean of the 05–12 h values, judged at 12:00 local; stands until the day ends. Config name <c>afternoon</c>.</summary>
    AfternoonTest,
}

public static class AlertWindows
{
    private static readonly (AlertWindow Window, string Name)[] Names =
    [
        (AlertWindow.Latest, "latest"),
        (AlertWindow.Hour, "1h"),
        (AlertWindow.Running24h, "24h"),
        (AlertWindow.Running8h, "8h"),
        (AlertWindow.NowCast, "nowcast"),
        (AlertWindow.Daily, "daily"),
        (AlertWindow.MorningTest, "morning"),
        (AlertWindow.AfternoonTest, "afternoon"),
    ];

    public static IEnumerable<string> AllNames => Names.Select(n => n.Name);

    public static string ConfigName(this AlertWindow window) => Names.First(n => n.Window == window).Name;

    public static bool TryParse(string? name, out AlertWindow window)
    {
        foreach (var (candidate, candidateName) in Names)
        {
            if (string.Equals(candidateName, name, StringComparison.OrdinalIgnoreCase))
            {
                window = candidate;
                return true;
            }
        }

        window = default;
        return false;
    }

    /// <summary>True for windows judged once a local day (they need the rule's time zone).</summary>
    public static bool IsDayWindow(this AlertWindow window) => window is AlertWindow.Daily or AlertWindow.MorningTest or AlertWindow.AfternoonTest;
}
