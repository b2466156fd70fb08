using System.Collections.ObjectModel;
using System.Data.Common;
using System.Globalization;
using AirMonitor.AirQuality.Series;
using AirMonitor.Core.Stations;
using AirMonitor.Influx;
using Microsoft.Extensions.Options;

namespace AirMonitor.Ingest.Derivation;

/// <summary>
/// Derives each station's hourly series from what is stored, every <see cref="DerivationOptions.Interval"/>:
/// reads back the raw readings of the hours that changed, writes their hourly means (<c>air_hourly</c>), then the
/// station's indices for those hours and the 24 after them (<c>air_index</c>), and shows each
/// <see cref="IDerivedSeries"/> (the alert engine) the station's series. Derived values are a function of the stored
/// readings only, so a reading that arrives a week late, or through another replica, gives the same values as one on
/// time; a repeated write of a point changes nothing.
/// </summary>
internal sealed partial class DerivedSeriesWriter(
    DerivationBacklog backlog,
    StationRegistry registry,
    InfluxQueryClient influx,
    InfluxBatchWriter writer,
    IEnumerable<IDerivedSeries> subscribers,
    TimeProvider time,
    IOptions<DerivationOptions> options,
    ILogger<DerivedSeriesWriter> logger) : BackgroundService
{
    /// <summary>Hours of one station derived in one round; a drained backlog is worked through oldest first.</summary>
    public const int MaxHoursPerRound = 48;

    /// <summary>Stations read back in one query at most: a city's stations with the same changed hours cost a few queries, not two each.</summary>
    public const int StationsPerQuery = 100;

    private readonly IDerivedSeries[] _subscribers = [.. subscribers];
    private readonly ReadBackSize _readBack = new();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        LocalState.EveryAsync(options.Value.Interval, time, DeriveAsync, stoppingToken);

    /// <summary>
    /// One round over every station with changed hours. Stations whose changed hours span the same range (on a live
    /// network, all of them: the current hour) are read back together. Each station's points are handed to the batch
    /// writer without waiting for their flush (the alert engine judges the series in memory); the round ends when all
    /// are stored.
    /// </summary>
    public async Task DeriveAsync(CancellationToken cancellationToken)
    {
        var writes = new List<(StationWork Work, Task Stored)>();
        foreach (var batch in Batches(backlog.Take(MaxHoursPerRound)))
        {
            var (first, last) = (batch[0].Hours.Min, batch[0].Hours.Max);
            ILookup<string, RawReading> readings;
            ILookup<string, StationHour> stored;
            try
            {
                readings = await ReadingsAsync(batch, first, last + HourlyMeans.HourMs, cancellationToken);
                _readBack.Learn(readings.Sum(r => r.Count()), batch.Length, ReadBackSize.Hours(first, last));
                stored = await StationHoursAsync(batch, first - StationDerivation.ContextBefore, last + StationDerivation.ContextAfter, cancellationToken);
            }
            catch (Exception e) when (e is InfluxQueryException or HttpRequestException)
            {
                foreach (var work in batch)
                {
                    backlog.Return(work);
                }

                LogNotDerived(batch.Length, e.Message);
                continue;
            }

            foreach (var work in batch)
            {
                try
                {
                    writes.Add((work, await DeriveStationAsync(work, readings[work.Station].ToList(), stored[work.Station].ToDictionary(h => h.HourStartMs), cancellationToken)));
                }
                catch (Exception e) when (e is DbException or IOException)
                {
                    // A subscriber could not keep what it judged (the alert store's disk full; it logs that itself): again next round.
                    backlog.Return(work);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Not a passing outage (e.g. registry tags line protocol cannot carry): one station must not stop the rest.
                    LogDerivationFailed(work.Station, work.Hours.Count, e);
                }
            }
        }

        foreach (var (work, stored) in writes)
        {
            try
            {
                await stored;
            }
            catch (InfluxWriteException e) when (e.IsRetryable)
            {
                backlog.Return(work);
                LogNotDerived(1, e.Message);
            }
            catch (InfluxWriteException e)
            {
                LogDerivationFailed(work.Station, work.Hours.Count, e);
            }
        }
    }

    /// <summary>Stations with the same changed hours, as many together as <see cref="ReadBackSize"/> allows.</summary>
    private IEnumerable<StationWork[]> Batches(IEnumerable<StationWork> works)
    {
        foreach (var sameHours in works.GroupBy(w => (First: w.Hours.Min, Last: w.Hours.Max)))
        {
            var left = sameHours.ToList();
            while (left.Count > 0)
            {
                var size = Math.Min(_readBack.Stations(ReadBackSize.Hours(sameHours.Key.First, sameHours.Key.Last)), StationsPerQuery);
                yield return [.. left.Take(size)];
                left.RemoveRange(0, Math.Min(size, left.Count));
            }
        }
    }

    /// <summary>Derives one station's hours, shows the subscribers the series, and returns the write of the derived points.</summary>
    private async Task<Task> DeriveStationAsync(StationWork work, List<RawReading> readings, Dictionary<long, StationHour> stored, CancellationToken cancellationToken)
    {
        var derived = StationDerivation.Derive(
            work, [.. work.Hours], readings, stored, backlog.CompleteThrough(work.Station) ?? long.MinValue,
            registry.FindStation(work.Station)?.CorrectedPmDevices ?? ReadOnlySet<string>.Empty);
        await writer.WaitForSpaceAsync(cancellationToken);
        var write = writer.Append(derived.Points).StoredAsync();
        foreach (var subscriber in _subscribers)
        {
            await subscriber.DerivedAsync(derived.Series, cancellationToken);
        }
        return write;
    }

    /// <summary>The raw readings of the stations in [<paramref name="from"/>, <paramref name="to"/>), per station, in time order.</summary>
    private async Task<ILookup<string, RawReading>> ReadingsAsync(StationWork[] stations, long from, long to, CancellationToken cancellationToken)
    {
        var series = await influx.QueryAsync(string.Create(CultureInfo.InvariantCulture,
            $"""SELECT {AmbientFields},"flags" FROM "air" WHERE ({AnyStation(stations)}) AND time >= {from}ms AND time < {to}ms GROUP BY "station","device","sensor" """),
            cancellationToken);
        return series
            .SelectMany(s => Enumerable.Range(0, s.Values.Count).Select(row => (Station: s.Tags["station"], Reading: new RawReading(
                s.GetTime(row).ToUnixTimeMilliseconds(),
                s.Tags["device"],
                s.Tags["sensor"],
                AmbientValues.From(m => s.GetDouble(row, m.Name())),
                s.GetString(row, "flags")))))
            .OrderBy(r => r.Reading.Ts)
            .ToLookup(r => r.Station, r => r.Reading, StringComparer.Ordinal);
    }

    /// <summary>The station hours stored earlier in [<paramref name="from"/>, <paramref name="to"/>), per station.</summary>
    private async Task<ILookup<string, StationHour>> StationHoursAsync(StationWork[] stations, long from, long to, CancellationToken cancellationToken)
    {
        var series = await influx.QueryAsync(string.Create(CultureInfo.InvariantCulture,
            $"""SELECT "capture",{AmbientFields},"{StationDerivation.Pm2_5RawField}","{StationDerivation.Pm2_5CorrectedField}","{StationDerivation.PmSensorsField}","{StationDerivation.CorrectedPmSensorsField}" FROM "{StationDerivation.IndexMeasurement}" WHERE ({AnyStation(stations)}) AND time >= {from}ms AND time < {to}ms GROUP BY "station" """),
            cancellationToken);
        return series
            .SelectMany(s => Enumerable.Range(0, s.Values.Count).Select(row => (Station: s.Tags["station"], Hour: new StationHour(
                s.GetTime(row).ToUnixTimeMilliseconds(),
                s.GetDouble(row, "capture") ?? 0,
                AmbientValues.From(m => s.GetDouble(row, m.Name())),
                s.GetDouble(row, StationDerivation.Pm2_5RawField),
                s.GetDouble(row, StationDerivation.Pm2_5CorrectedField),
                (int)(s.GetInt64(row, StationDerivation.PmSensorsField) ?? 0),
                (int)(s.GetInt64(row, StationDerivation.CorrectedPmSensorsField) ?? 0)))))
            .ToLookup(r => r.Station, r => r.Hour, StringComparer.Ordinal);
    }

    /// <summary>Every <see cref="Ambient"/> metric's field, quoted for a SELECT.</summary>
    private static readonly string AmbientFields = string.Join(",", AmbientMetrics.All.Select(m => $"\"{m.Name()}\""));

    private static string AnyStation(StationWork[] stations) => string.Join(" OR ", stations.Select(w => $"\"station\" = {InfluxQl.QuoteString(w.Station)}"));

    [LoggerMessage(Level = LogLevel.Error, Message = "Station {Station}: {Hours} hour(s) left underived until readings of those hours arrive again")]
    private partial void LogDerivationFailed(string station, int hours, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not derive {Count} station(s)' hourly series, will retry: {Reason}")]
    private partial void LogNotDerived(int count, string reason);
}

