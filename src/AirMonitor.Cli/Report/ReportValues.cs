using System.Globalization;
using AirMonitor.AirQuality.Emissions;
using AirMonitor.Core.Stations;
using AirMonitor.Ingest.Emissions;

namespace AirMonitor.Cli.Report;

/// <summary>How the report writes numbers, times and names, the same in both formats.</summary>
internal static class ReportValues
{
    /// <summary>Invariant, at most four decimals (as the ingest stores them), no grouping.</summary>
    public static string Number(double? value) => value is { } v ? Math.Round(v, 4).ToString("0.####", CultureInfo.InvariantCulture) : "";

    public static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>A share as a percentage with two decimals: <c>88.64 %</c>.</summary>
    public static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %" : "—";

    /// <summary>ISO 8601 on the stack's clock, with its offset: <c>2025-01-15T08:00:00+01:00</c>.</summary>
    public static string IsoTime(long timeMs, AveragingCalendar calendar) =>
        Local(timeMs, calendar).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>For people: <c>2025-01-15 08:00</c> on the stack's clock.</summary>
    public static string Time(long timeMs, AveragingCalendar calendar) =>
        Local(timeMs, calendar).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Snake(Enum value) => StackDerivation.Snake(value.ToString());

    public static string Verdict(bool? met) => met switch
    {
        true => "met",
        false => "not_met",
        null => "",
    };

    private static DateTimeOffset Local(long timeMs, AveragingCalendar calendar) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(timeMs), calendar.Zone);
}
