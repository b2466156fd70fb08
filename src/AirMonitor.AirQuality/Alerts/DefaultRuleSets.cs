using AirMonitor.AirQuality.Indices;

namespace AirMonitor.AirQuality.Alerts;

/// <summary>
/// The built-in rule sets, chosen by name in <c>Alerts:RuleSets</c>. Each rule names its source; thresholds are the
/// standards' own numbers, clear thresholds a little below them so a series hovering at a standard fires once.
/// </summary>
public static class DefaultRuleSets
{
    public const string Bangkok = "bangkok";
    public const string Yokohama = "yokohama";

    public static IReadOnlyList<string> Names { get; } = [Bangkok, Yokohama];

    private const string Eqs1973 = "Environment Agency notice No. 25 (1973), environmental quality standards for air pollution";

    public static IReadOnlyList<AlertRule> Get(string name) => name switch
    {
        Bangkok => BangkokRules(),
        Yokohama => YokohamaRules(),
        _ => throw new ArgumentException($"unknown rule set '{name}' (known: {string.Join(", ", Names)})", nameof(name)),
    };

    public static bool Exists(string name) => Names.Contains(name, StringComparer.Ordinal);

    /// <summary>Bangkok: Thailand's 24-hour PM2.5 standard and the Thai AQI's orange and red levels.</summary>
    private static AlertRule[] BangkokRules()
    {
        const string zone = "Asia/Bangkok";
        AlertScope Scope() => new() { Cities = ["bangkok"] };
        return
        [
            new()
            {
                Name = "th-pm25-24h-standard", Metric = AlertMetrics.Pm2_5, Window = "24h", Threshold = 37.5, Clear = 35,
                Severity = AlertSeverity.Warning, Scope = Scope(), TimeZone = zone,
                Source = "PCD, National Environment Board notice: PM2.5 24-h standard 37.5 µg/m³ (in force 1 June 2023)",
            },
            new()
            {
                Name = "th-aqi-orange", Metric = AlertMetrics.AqiTh, Window = "24h", Threshold = 100, Clear = 95,
                Severity = AlertSeverity.Warning, Scope = Scope(), TimeZone = zone,
                Source = "PCD Thai AQI (B.E. 2566 / 2023): above 100, orange, starting to affect health",
            },
            new()
            {
                Name = "th-aqi-red", Metric = AlertMetrics.AqiTh, Window = "24h", Threshold = 200, Clear = 190,
                Severity = AlertSeverity.Critical, Scope = Scope(), TimeZone = zone,
                Source = "PCD Thai AQI (B.E. 2566 / 2023): above 200, red, affecting health",
            },
        ];
    }

    /// <summary>
    /// Yokohama: Japan's daily PM2.5 standard and the Ministry of the Environment's advisory tests, and the environmental
    /// quality standards of the gases and SPM each hour or day a station breaks them (the standards themselves are met
    /// or failed on a year: <see cref="Indices"/>' Japanese evaluations).
    /// </summary>
    private static AlertRule[] YokohamaRules()
    {
        const string zone = "Asia/Tokyo";
        AlertScope Scope() => new() { Cities = ["yokohama"] };
        return
        [
            new()
            {
                Name = "jp-pm25-daily-standard", Metric = AlertMetrics.Pm2_5, Window = "daily", Threshold = 35,
                Severity = AlertSeverity.Warning, Scope = Scope(), TimeZone = zone, DailyMinHours = JapanPm25.MinValidHoursPerDay,
                Source = "MoE environmental quality standard for PM2.5 (2009): daily mean 35 µg/m³",
            },
            new()
            {
                Name = "jp-pm25-advisory-daily", Metric = AlertMetrics.Pm2_5, Window = "daily", Threshold = 70,
                Severity = AlertSeverity.Critical, Scope = Scope(), TimeZone = zone, DailyMinHours = JapanPm25.MinValidHoursPerDay,
                Source = "MoE PM2.5 advisory guideline (2013), level II: daily mean above 70 µg/m³",
            },
            new()
            {
                Name = "jp-pm25-advisory-morning", Metric = AlertMetrics.Pm2_5, Window = "morning", Threshold = 85,
                Severity = AlertSeverity.Critical, Scope = Scope(), TimeZone = zone,
                Source = "MoE PM2.5 advisory guideline (2013/2014): mean of the 05–07 h values above 85 µg/m³, advise by 08–09 h",
            },
            new()
            {
                Name = "jp-pm25-advisory-afternoon", Metric = AlertMetrics.Pm2_5, Window = "afternoon", Threshold = 80,
                Severity = AlertSeverity.Critical, Scope = Scope(), TimeZone = zone,
                Source = "MoE PM2.5 advisory guideline (2014): mean of the 05–12 h values above 80 µg/m³, advise by 13 h",
            },
            Standard("jp-ox-hour-standard", AlertMetrics.Ox, "1h", 60, quietHours: "21:00-06:00",
                source: $"{Eqs1973}: photochemical oxidants, 1-h value 0.06 ppm; judged on the daytime values, 05–20 h (hours ending 06:00–20:00 JST)"),
            Standard("jp-no2-daily-standard", AlertMetrics.No2, "daily", 60,
                source: "Environment Agency notice No. 38 (1978): NO2 daily mean within the 0.04–0.06 ppm zone or below; above 0.06 ppm"),
            Standard("jp-so2-daily-standard", AlertMetrics.So2, "daily", 40, source: $"{Eqs1973}: SO2 daily mean 0.04 ppm"),
            Standard("jp-so2-hour-standard", AlertMetrics.So2, "1h", 100, source: $"{Eqs1973}: SO2 1-h value 0.1 ppm"),
            Standard("jp-spm-daily-standard", AlertMetrics.Spm, "daily", 100, source: $"{Eqs1973}: SPM daily mean 0.10 mg/m³"),
            Standard("jp-spm-hour-standard", AlertMetrics.Spm, "1h", 200, source: $"{Eqs1973}: SPM 1-h value 0.20 mg/m³"),
            Standard("jp-co-daily-standard", AlertMetrics.Co, "daily", 10, source: $"{Eqs1973}: CO daily mean 10 ppm"),
            Standard("jp-co-8h-standard", AlertMetrics.Co, "8h", 20,
                source: $"{Eqs1973}: CO 8-h mean 20 ppm (judged on the running 8 hours, at least as strict as the notice's fixed 8-h blocks)"),
        ];

        AlertRule Standard(string name, string metric, string window, double threshold, string source, string? quietHours = null) => new()
        {
            Name = name, Metric = metric, Window = window, Threshold = threshold, Severity = AlertSeverity.Warning, Scope = Scope(),
            TimeZone = zone, DailyMinHours = JapanPm25.MinValidHoursPerDay, QuietHours = quietHours, Source = source,
        };
    }
}
