using System.Globalization;
using AirMonitor.AirQuality.Emissions;

namespace AirMonitor.Cli.Report;

/// <summary>The calendar period a report covers: a local day, month or year, placed on each stack's own calendar.</summary>
internal sealed record ReportPeriod(CalendarPeriod Kind, DateOnly First)
{
    /// <summary>How the period is named in the report: <c>2025-01-15</c>, <c>2025-01</c>, <c>2025</c>.</summary>
    public string Label => Kind switch
    {
        CalendarPeriod.Day => First.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        CalendarPeriod.Month => First.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => First.ToString("yyyy", CultureInfo.InvariantCulture),
    };

    /// <summary>The period's name in the report's <c>averaging</c> column: <c>day</c>, <c>month</c>, <c>year</c>.</summary>
    public string Name => Kind.ToString().ToLowerInvariant();

    /// <summary>[start, end) in epoch ms on <paramref name="calendar"/>: local midnight to local midnight.</summary>
    public (long StartMs, long EndMs) On(AveragingCalendar calendar) => calendar.Bounds(First, Kind);

    /// <summary>The text of <c>--day</c>, <c>--month</c> or <c>--year</c>, or null when it is not a date of that form.</summary>
    public static ReportPeriod? Parse(CalendarPeriod kind, string text)
    {
        var format = kind switch
        {
            CalendarPeriod.Day => "yyyy-MM-dd",
            CalendarPeriod.Month => "yyyy-MM",
            _ => "yyyy",
        };
        return DateOnly.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            ? new ReportPeriod(kind, first)
            : null;
    }

    public static string FormatOf(CalendarPeriod kind) => kind switch
    {
        CalendarPeriod.Day => "YYYY-MM-DD",
        CalendarPeriod.Month => "YYYY-MM",
        _ => "YYYY",
    };
}
