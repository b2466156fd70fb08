using System.Globalization;
using AirMonitor.Core.Metrics;
using AirMonitor.Influx;
using AirMonitor.Ingest.Alerts;
using Microsoft.Extensions.Options;

namespace AirMonitor.Ingest.Derivation;

/// <summary>
/// Derives each station's hourly series from what is stored, every <see cref="IngestOptions.DeriveInterval"/>:
/// reads back the raw readings of the hours that changed, writes their hourly means (<c>air_hourly</c>), then the
/// station's indices for those hours and the 24 after them (<c>air_index</c>), and shows the alert engine the
/// station's series. Derived values are a function of the stored readings only, so a reading that arrives a week
/// late, or through another replica, gives the same values as one on time; a repeated write of a point changes nothing.
/// </summary>
internal sealed partial class DerivedSeriesWriter(
    DerivationBacklog backlog,
    InfluxQueryClient influx,
    InfluxBatchWriter writer,
    AlertEngine alerts,
    TimeProvider time,
    IOptions<IngestOptions> options,
    ILogger<DerivedSeriesWriter> logger) : BackgroundService
{
    /// <summary>Hours of one station derived in one round; a drained backlog is worked through oldest first.</summary>
    public const int MaxHoursPerRound = 48;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        LocalState.EveryAsync(options.Value.DeriveInterval, time, DeriveAsync, stoppingToken);

    /// <summary>
    /// One round over every station with changed hours. Each station's points are handed to the batch writer without
    /// waiting for their flush (the alert engine judges the series in memory); the round ends when all are stored.
    /// </summary>
    public async Task DeriveAsync(CancellationToken cancellationToken)
    {
        var writes = new List<(StationWork Work, Task Stored)>();
        foreach (var work in backlog.Take(MaxHoursPerRound))
        {
            try
            {
                writes.Add((work, await DeriveStationAsync(work, [.. work.Hours], cancellationToken)));
            }
            catch (Exception e) when (e is InfluxQueryException or HttpRequestException)
            {
                backlog.Return(work);
                LogNotDerived(work.Station, e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Not a passing outage (e.g. registry tags line protocol cannot carry): one station must not stop the rest.
                LogDerivationFailed(work.Station, work.Hours.Count, e);
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
                LogNotDerived(work.Station, e.Message);
            }
            catch (InfluxWriteException e)
            {
                LogDerivationFailed(work.Station, work.Hours.Count, e);
            }
        }
    }

    /// <summary>Derives one station's hours, shows the alert engine the series, and returns the write of the derived points.</summary>
    private async Task<Task> DeriveStationAsync(StationWork work, List<long> hours, CancellationToken cancellationToken)
    {
        var readings = await ReadingsAsync(work.Station, hours[0], hours[^1] + HourlyMeans.HourMs, cancellationToken);
        var stored = await StationHoursAsync(work.Station, hours[0] - StationDerivation.ContextBefore, hours[^1] + StationDerivation.ContextAfter, cancellationToken);
        var derived = StationDerivation.Derive(work, hours, readings, stored, backlog.CompleteThrough(work.Station) ?? long.MinValue);
        await writer.WaitForSpaceAsync(cancellationToken);
        var write = writer.Append(derived.Points).StoredAsync();
        await alerts.EvaluateAsync(derived.Series, cancellationToken);
        return write;
    }

    private async Task<List<RawReading>> ReadingsAsync(string station, long from, long to, CancellationToken cancellationToken)
    {
        var series = await influx.QueryAsync(string.Create(CultureInfo.InvariantCulture,
            $"""SELECT "pm2_5","pm2_5_cf1","pm10","humidity","flags" FROM "air" WHERE "station" = {InfluxQl.QuoteString(station)} AND time >= {from}ms AND time < {to}ms GROUP BY "device","sensor" """),
            cancellationToken);
        return series
            .SelectMany(s => Enumerable.Range(0, s.Values.Count).Select(row => new RawReading(
                s.GetTime(row).ToUnixTimeMilliseconds(),
                s.Tags["device"],
                s.Tags["sensor"],
                s.GetDouble(row, MetricVocabulary.Pm2_5),
                s.GetDouble(row, MetricVocabulary.Pm2_5Cf1),
                s.GetDouble(row, MetricVocabulary.Pm10),
                s.GetDouble(row, MetricVocabulary.Humidity),
                s.GetString(row, "flags"))))
            .OrderBy(r => r.Ts)
            .ToList();
    }

    private async Task<Dictionary<long, StationHour>> StationHoursAsync(string station, long from, long to, CancellationToken cancellationToken)
    {
        var series = await influx.QueryAsync(string.Create(CultureInfo.InvariantCulture,
            $"""SELECT "capture","pm2_5","pm10","pm2_5_corrected","humidity","pm_sensors" FROM "{StationDerivation.IndexMeasurement}" WHERE "station" = {InfluxQl.QuoteString(station)} AND time >= {from}ms AND time < {to}ms"""),
            cancellationToken);
        var hours = new Dictionary<long, StationHour>();
        foreach (var s in series)
        {
            for (var row = 0; row < s.Values.Count; row++)
            {
                var hour = s.GetTime(row).ToUnixTimeMilliseconds();
                hours[hour] = new StationHour(hour, s.GetDouble(row, "capture") ?? 0, s.GetDouble(row, "pm2_5"), s.GetDouble(row, "pm10"),
                    s.GetDouble(row, "pm2_5_corrected"), s.GetDouble(row, "humidity"), (int)(s.GetInt64(row, "pm_sensors") ?? 0));
            }
        }

        return hours;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Station {Station}: {Hours} hour(s) left underived until readings of those hours arrive again")]
    private partial void LogDerivationFailed(string station, int hours, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not derive station {Station}'s hourly series, will retry: {Reason}")]
    private partial void LogNotDerived(string station, string reason);
}

