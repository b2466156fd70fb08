using System.Globalization;
using AirMonitor.AirQuality.Emissions;
using AirMonitor.Core.Metrics;
using AirMonitor.Core.Stations;
using AirMonitor.Influx;
using AirMonitor.Ingest.Derivation;
using Microsoft.Extensions.Options;

namespace AirMonitor.Ingest.Emissions;

/// <summary>
/// Derives each plant stack's averages from what is stored, every <see cref="EmissionsOptions.Interval"/>: reads back the
/// raw <c>emission</c> readings of the station hours that changed, writes the short-term averages of those hours
/// (<c>emission_sta</c>), then reads back the short-term averages of the days they fall in and writes the days
/// (<c>emission_daily</c>), and shows each <see cref="IStackSeries"/> (the alert engine) what it derived. Like the air's
/// derivation, a function of the stored readings only: a late reading marks its hour again.
/// </summary>
internal sealed partial class StackSeriesWriter(
    [FromKeyedServices(EmissionsFeature.BacklogKey)] DerivationBacklog backlog,
    StationRegistry registry,
    InfluxQueryClient influx,
    InfluxBatchWriter writer,
    IEnumerable<IStackSeries> subscribers,
    TimeProvider time,
    IOptions<EmissionsOptions> options,
    ILogger<StackSeriesWriter> logger) : BackgroundService
{
    /// <summary>How far back the plant state in force at a round's start is looked for: a week.</summary>
    private const long StateLookBackMs = 7 * DayMs;

    private const long DayMs = 24 * 3_600_000L;

    private readonly IStackSeries[] _subscribers = [.. subscribers];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        LocalState.EveryAsync(options.Value.Interval, time, DeriveAsync, stoppingToken);

    /// <summary>One round over every plant station with changed hours, one station at a time (a city has tens of plants).</summary>
    public async Task DeriveAsync(CancellationToken cancellationToken)
    {
        foreach (var work in backlog.Take(options.Value.MaxHoursPerRound))
        {
            if (registry.FindStation(work.Station) is not { Stacks.Count: > 0 } station)
            {
                continue; // no stack to derive: the raw readings are all there is
            }

            try
            {
                await DeriveStationAsync(station, work, cancellationToken);
            }
            catch (Exception e) when (e is InfluxQueryException or HttpRequestException or InfluxWriteException { IsRetryable: true })
            {
                backlog.Return(work);
                LogNotDerived(work.Station, e.Message);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException)
            {
                backlog.Return(work); // a subscriber could not keep what it judged (the alert store's disk full): again next round
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogDerivationFailed(work.Station, work.Hours.Count, e);
            }
        }
    }

    private async Task DeriveStationAsync(Station station, StationWork work, CancellationToken cancellationToken)
    {
        var (first, last) = StackDerivation.ReadRange(station, work.Hours);
        var readings = await ReadingsAsync(station.Id, first, last, cancellationToken);
        var periods = StackDerivation.Periods(station, work.Tags, first, last, readings);
        await DeleteAsync(StackDerivation.PeriodMeasurement, station.Id, null, first, last, cancellationToken);
        await WriteAsync(periods.Points, cancellationToken);

        // One read of the stored periods serves the days and the CO rule's 24 h windows before the round's first period.
        var coWindows = periods.Periods.Any(p => p.Period == AveragingPeriod.TenMinutes);
        var (from, to) = (Math.Min(periods.Days.Min(d => d.StartMs), coWindows ? first - DayMs : long.MaxValue), periods.Days.Max(d => d.EndMs));
        var stored = await StoredPeriodsAsync(station.Id, from, to, cancellationToken);
        var days = StackDerivation.Days(station, work.Tags, periods.Days, stored);
        foreach (var stack in periods.Days.GroupBy(d => d.Stack))
        {
            await DeleteAsync(StackDerivation.DayMeasurement, station.Id, stack.Key, stack.Min(d => d.StartMs), stack.Max(d => d.EndMs), cancellationToken);
        }

        await WriteAsync(days.Points, cancellationToken);

        var complete = backlog.CompleteThrough(station.Id) ?? long.MinValue;
        var shares = StackDerivation.Shares(
            station,
            days.Days,
            periods.Periods,
            await StoredDaysAsync(station, days.Days, cancellationToken),
            stored,
            complete);
        var series = new StackSeries(station, periods.Periods, days.Days, shares, complete);
        foreach (var subscriber in _subscribers)
        {
            await subscriber.DerivedAsync(series, cancellationToken);
        }
    }

    /// <summary>
    /// Deletes the derived points of [<paramref name="from"/>, <paramref name="to"/>) before they are written again: a
    /// rewritten point keeps the fields it no longer has (InfluxDB merges them), so a period or day that lost its value
    /// would keep the old one. Needs only WRITE on the database.
    /// </summary>
    private async Task DeleteAsync(string measurement, string station, string? stack, long from, long to, CancellationToken cancellationToken)
    {
        var ofStack = stack is null ? "" : $""" AND "{StackDerivation.StackTag}" = {InfluxQl.QuoteString(stack)}""";
        await influx.QueryAsync(string.Create(CultureInfo.InvariantCulture,
            $"""DELETE FROM {InfluxQl.QuoteIdentifier(measurement)} WHERE "station" = {InfluxQl.QuoteString(station)}{ofStack} AND time >= {from}ms AND time < {to}ms"""),
            cancellationToken);
    }

    private async Task WriteAsync(IReadOnlyList<InfluxPoint> points, CancellationToken cancellationToken)
    {
        await writer.WaitForSpaceAsync(cancellationToken);
        await writer.Append(points).StoredAsync();
    }

    /// <summary>The station's raw emission readings in [<paramref name="from"/>, <paramref name="to"/>), one per metric, in time order.</summary>
    private async Task<IReadOnlyList<StackReading>> ReadingsAsync(string station, long from, long to, CancellationToken cancellationToken)
    {
        var series = await influx.QueryAsync(string.Create(CultureInfo.InvariantCulture,
            $"""SELECT * FROM "{MetricDomain.Emission.Measurement()}" WHERE "station" = {InfluxQl.QuoteString(station)} AND time >= {from}ms AND time < {to}ms GROUP BY "device","sensor" """),
            cancellationToken);
        var readings = new List<StackReading>();
        foreach (var s in series)
        {
            var metrics = s.Columns.Where(c => MetricVocabulary.TryGet(c, out var m) && m.Domain == MetricDomain.Emission).ToList();
            var hasFlags = s.Columns.Contains(Pipeline.PointMapper.FlagsField);
            for (var row = 0; row < s.Values.Count; row++)
            {
                var ts = s.GetTime(row).ToUnixTimeMilliseconds();
                var flags = hasFlags ? s.GetString(row, Pipeline.PointMapper.FlagsField) : null;
                foreach (var metric in metrics)
                {
                    if (s.GetDouble(row, metric) is { } value)
                    {
                        readings.Add(new StackReading(ts, s.Tags[StationTagKeys.Device], s.Tags[StationTagKeys.Sensor], metric, value, flags));
                    }
                }
            }
        }

        // The plant's state in force at the start: a plant control system may send it only when it changes.
        var before = await influx.QueryAsync(string.Create(CultureInfo.InvariantCulture,
            $"""SELECT last("{MetricVocabulary.PlantState}") AS "{MetricVocabulary.PlantState}" FROM "{MetricDomain.Emission.Measurement()}" WHERE "station" = {InfluxQl.QuoteString(station)} AND time < {from}ms AND time >= {from - StateLookBackMs}ms GROUP BY "device","sensor" """),
            cancellationToken);
        readings.AddRange(before.Where(s => s.Values.Count > 0 && s.GetDouble(0, MetricVocabulary.PlantState) is not null).Select(s => new StackReading(
            s.GetTime(0).ToUnixTimeMilliseconds(), s.Tags[StationTagKeys.Device], s.Tags[StationTagKeys.Sensor], MetricVocabulary.PlantState, s.GetDouble(0, MetricVocabulary.PlantState)!.Value, null)));
        readings.Sort((a, b) => a.Ts.CompareTo(b.Ts));
        return readings;
    }

    /// <summary>The daily averages stored from the first local year start of <paramref name="days"/> to the last of them.</summary>
    private async Task<IReadOnlyList<StoredDayValue>> StoredDaysAsync(Station station, IReadOnlyList<PollutantDay> days, CancellationToken cancellationToken)
    {
        if (days.Count == 0 || !station.Stacks.Any(s => StackDerivation.Rules(s).Limits.Limits.Any(l => l.Rule == LimitRule.NinetySevenPercentOfDailyAveragesPerYear)))
        {
            return [];
        }

        var from = days.Min(d => d.StartMs) - (366 * DayMs);
        var series = await influx.QueryAsync(string.Create(CultureInfo.InvariantCulture,
            $"""SELECT "value" FROM "{StackDerivation.DayMeasurement}" WHERE "station" = {InfluxQl.QuoteString(station.Id)} AND time >= {from}ms AND time < {days.Max(d => d.EndMs)}ms GROUP BY "stack","channel" """),
            cancellationToken);
        return [.. series
            .Where(s => StackPollutants.TryFromMetric(s.Tags[StackDerivation.ChannelTag], out _))
            .SelectMany(s => Enumerable.Range(0, s.Values.Count).Select(row => new StoredDayValue(
                s.Tags[StackDerivation.StackTag],
                StackPollutants.TryFromMetric(s.Tags[StackDerivation.ChannelTag], out var p) ? p.Value : default,
                s.GetTime(row).ToUnixTimeMilliseconds(),
                s.GetDouble(row, "value"))))];
    }

    /// <summary>The station's short-term averages stored in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    private async Task<IReadOnlyList<StoredPeriod>> StoredPeriodsAsync(string station, long from, long to, CancellationToken cancellationToken)
    {
        var series = await influx.QueryAsync(string.Create(CultureInfo.InvariantCulture,
            $"""SELECT * FROM "{StackDerivation.PeriodMeasurement}" WHERE "station" = {InfluxQl.QuoteString(station)} AND "channel" =~ /{StackDerivation.StandardisedSuffix}$/ AND time >= {from}ms AND time < {to}ms GROUP BY "stack","channel","period" """),
            cancellationToken);
        return [.. series.SelectMany(s => Enumerable.Range(0, s.Values.Count).Select(row => StoredPeriod.From(s, row)))];
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Station {Station}: {Hours} hour(s) of stack averages left underived until readings of those hours arrive again")]
    private partial void LogDerivationFailed(string station, int hours, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not derive the stack averages of {Station}, will retry: {Reason}")]
    private partial void LogNotDerived(string station, string reason);
}

/// <summary>One value of a stack channel as stored: a metric of one sample, with the sample's flags.</summary>
public sealed record StackReading(long Ts, string Device, string Sensor, string Metric, double Value, string? Flags);

/// <summary>
/// Told of each plant station's derived averages after they are written (the alert engine judges them against the
/// limits). Like <see cref="IDerivedSeries"/>: a subscriber that cannot keep what it made of them throws a
/// <c>DbException</c> or <c>IOException</c>, and the station's hours are derived again next round.
/// </summary>
internal interface IStackSeries
{
    Task DerivedAsync(StackSeries series, CancellationToken cancellationToken);
}
