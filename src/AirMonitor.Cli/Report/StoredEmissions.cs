using System.Globalization;
using AirMonitor.AirQuality.Emissions;
using AirMonitor.Core.Stations;
using AirMonitor.Influx;
using AirMonitor.Ingest.Emissions;

namespace AirMonitor.Cli.Report;

/// <summary>A pollutant's stored short-term average (<c>emission_sta</c>, a <c>_std</c> point), with the configuration that produced it.</summary>
internal sealed record StoredAverage(StoredPeriod Period, string? Configuration);

/// <summary>A pollutant's stored day (<c>emission_daily</c>), read back as the ingest wrote it.</summary>
/// <param name="LoadKilograms">The day's <c>load</c>; null when the day had no valid mass emission.</param>
internal sealed record StoredDay(
    string Stack,
    StackPollutant Pollutant,
    long StartMs,
    long EndMs,
    DailyAverage Average,
    AvailabilityShare Availability,
    double? LoadKilograms,
    double? LoadCovered,
    string? Configuration)
{
    /// <summary>A row of <c>emission_daily</c> (GROUP BY stack, channel) of a stack of <paramref name="station"/>; null for a stack or channel it does not know.</summary>
    public static StoredDay? From(Station station, InfluxSeries series, int row)
    {
        var stackId = series.Tags[StackDerivation.StackTag];
        if (station.Stacks.FirstOrDefault(s => s.Id == stackId) is not { } stack
            || !StackPollutants.TryFromMetric(series.Tags[StackDerivation.ChannelTag], out var pollutant))
        {
            return null;
        }

        var rules = StackDerivation.Rules(stack);
        var start = series.GetTime(row).ToUnixTimeMilliseconds();
        var day = rules.Calendar.DayOf(start);
        int Count(string field) => (int)(series.GetInt64(row, field) ?? 0);
        var status = Enum.GetValues<DayStatus>().First(s => StackDerivation.Snake(s.ToString()) == series.GetString(row, "status"));
        var valid = Count("valid_periods");
        var average = new DailyAverage(
            day,
            Double(series, row, "value"),
            valid,
            Count("discarded"),
            Count("invalid_periods"),
            Count("operating_periods"),
            valid * (long)StackRules.LengthOf(rules.BasePeriod).TotalMilliseconds, // not stored: the base periods' time
            status);
        return new StoredDay(
            stackId,
            pollutant.Value,
            start,
            rules.Calendar.Bounds(day, CalendarPeriod.Day).EndMs,
            average,
            new AvailabilityShare(CalendarPeriod.Day, day, valid, average.OperatingCount),
            Double(series, row, "load"),
            Double(series, row, "load_covered"),
            String(series, row, "config"));
    }

    internal static double? Double(InfluxSeries series, int row, string column) => series.Columns.Contains(column) ? series.GetDouble(row, column) : null;

    internal static string? String(InfluxSeries series, int row, string column) => series.Columns.Contains(column) ? series.GetString(row, column) : null;
}

/// <summary>Reads a plant station's derived series back from InfluxDB (docs/storage.md, <c>emission_sta</c> and <c>emission_daily</c>).</summary>
internal sealed class StoredEmissions(InfluxQueryClient influx)
{
    /// <summary>Every pollutant average (all periods) of the station's stacks starting in [<paramref name="fromMs"/>, <paramref name="toMs"/>).</summary>
    public async Task<IReadOnlyList<StoredAverage>> AveragesAsync(string station, long fromMs, long toMs, CancellationToken cancellationToken)
    {
        var series = await influx.QueryAsync(string.Create(CultureInfo.InvariantCulture,
            $"""SELECT * FROM "{StackDerivation.PeriodMeasurement}" WHERE "station" = {InfluxQl.QuoteString(station)} AND "channel" =~ /{StackDerivation.StandardisedSuffix}$/ AND time >= {fromMs}ms AND time < {toMs}ms GROUP BY "{StackDerivation.StackTag}","{StackDerivation.ChannelTag}","{StackDerivation.PeriodTag}" """),
            cancellationToken);
        return
        [
            .. series.SelectMany(s => Enumerable.Range(0, s.Values.Count)
                .Select(row => new StoredAverage(StoredPeriod.From(s, row), StoredDay.String(s, row, "config"))))
                .Where(a => a.Period.Pollutant is not null),
        ];
    }

    /// <summary>Every pollutant day of the station's stacks starting in [<paramref name="fromMs"/>, <paramref name="toMs"/>).</summary>
    public async Task<IReadOnlyList<StoredDay>> DaysAsync(Station station, long fromMs, long toMs, CancellationToken cancellationToken)
    {
        var series = await influx.QueryAsync(string.Create(CultureInfo.InvariantCulture,
            $"""SELECT * FROM "{StackDerivation.DayMeasurement}" WHERE "station" = {InfluxQl.QuoteString(station.Id)} AND time >= {fromMs}ms AND time < {toMs}ms GROUP BY "{StackDerivation.StackTag}","{StackDerivation.ChannelTag}" """),
            cancellationToken);
        return [.. series.SelectMany(s => Enumerable.Range(0, s.Values.Count).Select(row => StoredDay.From(station, s, row))).OfType<StoredDay>()];
    }
}
