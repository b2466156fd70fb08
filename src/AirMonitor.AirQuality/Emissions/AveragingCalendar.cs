namespace AirMonitor.AirQuality.Emissions;

/// <summary>The calendar periods long-term values are formed over.</summary>
public enum CalendarPeriod
{
    Day,
    Month,
    Year,
}

/// <summary>
/// The plant's local calendar: days, months and years start at local midnight in its zone (Japan JST +9, Thailand +7,
/// an EU plant its own zone with its daylight-saving changes). A short-term period belongs to the local day of its start.
/// </summary>
public sealed class AveragingCalendar(TimeZoneInfo zone)
{
    public static AveragingCalendar Utc { get; } = new(TimeZoneInfo.Utc);

    /// <summary>Japan Standard Time, UTC+9 all year (no daylight saving).</summary>
    public static AveragingCalendar Japan { get; } = FixedOffset(TimeSpan.FromHours(9));

    /// <summary>Indochina Time, UTC+7 all year.</summary>
    public static AveragingCalendar Thailand { get; } = FixedOffset(TimeSpan.FromHours(7));

    public TimeZoneInfo Zone { get; } = zone;

    /// <summary>A zone with one offset all year, built here so no time-zone database is read.</summary>
    public static AveragingCalendar FixedOffset(TimeSpan offset)
    {
        var name = $"UTC{(offset < TimeSpan.Zero ? '-' : '+')}{offset.Duration():hh\\:mm}";
        return new(TimeZoneInfo.CreateCustomTimeZone(name, offset, name, name));
    }

    /// <summary>The local date of an instant.</summary>
    public DateOnly DayOf(long timeMs) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTimeOffset.FromUnixTimeMilliseconds(timeMs).UtcDateTime, Zone));

    /// <summary>The first local day of the period holding the instant.</summary>
    public DateOnly PeriodOf(long timeMs, CalendarPeriod period)
    {
        var day = DayOf(timeMs);
        return period switch
        {
            CalendarPeriod.Day => day,
            CalendarPeriod.Month => new DateOnly(day.Year, day.Month, 1),
            _ => new DateOnly(day.Year, 1, 1),
        };
    }

    /// <summary>The period starting on <paramref name="first"/> as [start, end) in epoch ms: a local day is 23 or 25 hours on a daylight-saving change.</summary>
    public (long StartMs, long EndMs) Bounds(DateOnly first, CalendarPeriod period)
    {
        var next = period switch
        {
            CalendarPeriod.Day => first.AddDays(1),
            CalendarPeriod.Month => first.AddMonths(1),
            _ => first.AddYears(1),
        };
        return (StartOf(first), StartOf(next));
    }

    /// <summary>Local midnight as an instant; where midnight falls in a daylight-saving gap, the first local time after it.</summary>
    private long StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUnixTimeMilliseconds();
    }
}
