using AirMonitor.Sensors.ModbusAnalyser;

namespace AirMonitor.Cli.Simulation;

/// <summary>
/// A plant's day for the demo, in whole hours counted back from now so that every event falls inside what is sent:
/// off until a one-hour <see cref="StartUp"/> (early morning when the day allows), operating after it, the analysers under
/// maintenance for two hours ending three hours ago, and one hour of NOx above the limit two hours ago, so that the hour
/// after it, closed before now, resolves the alert. <see cref="From"/> is the local midnight, or, before 07:00 local
/// time, when the local day is too short for these hours, the last 24 hours.
/// </summary>
public sealed record PlantDay(DateTimeOffset From, DateTimeOffset StartUp, DateTimeOffset MaintenanceFrom, DateTimeOffset Exceedance, bool IsLocalDay)
{
    /// <summary>How long the analysers are under maintenance.</summary>
    public static readonly TimeSpan MaintenanceLength = TimeSpan.FromHours(2);

    public static PlantDay Plan(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var hour = new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, 0, 0, local.Offset);
        var exceedance = hour.AddHours(-2);
        var maintenance = exceedance.AddHours(-3);
        var midnight = new DateTimeOffset(local.Date, local.Offset);

        // The start-up needs its hour and one hour of operation before the maintenance.
        var isLocalDay = midnight.AddHours(2) <= maintenance;
        var from = isLocalDay ? midnight : hour.AddHours(-24);
        var startUp = from.AddHours(5).AddHours(2) <= maintenance ? from.AddHours(5) : from;
        return new PlantDay(from.ToUniversalTime(), startUp.ToUniversalTime(), maintenance.ToUniversalTime(), exceedance.ToUniversalTime(), isLocalDay);
    }

    public DateTimeOffset MaintenanceTo => MaintenanceFrom + MaintenanceLength;

    public PlantState StateAt(DateTimeOffset at) =>
        at < StartUp ? PlantState.Off
        : at < StartUp.AddHours(1) ? PlantState.StartUp
        : PlantState.Operating;

    /// <summary>How far the start-up has come at <paramref name="at"/>: 0 before it, 1 once operating.</summary>
    public double StartUpProgress(DateTimeOffset at) => Math.Clamp((at - StartUp) / TimeSpan.FromHours(1), 0, 1);

    public bool InMaintenance(DateTimeOffset at) => at >= MaintenanceFrom && at < MaintenanceTo;

    public bool InExceedance(DateTimeOffset at) => at >= Exceedance && at < Exceedance.AddHours(1);
}
