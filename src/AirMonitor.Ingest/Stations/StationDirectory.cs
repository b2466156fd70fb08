using AirMonitor.Core.Stations;
using AirMonitor.Influx;

namespace AirMonitor.Ingest.Stations;

/// <summary>
/// Writes the station registry to InfluxDB (measurement <c>station</c>, docs/storage.md) once the ingest starts, so that
/// Grafana can place the stations on a map: the registry is read once at start, so a changed registry is written by the
/// restart that loads it. The old points are deleted first, so the measurement holds exactly one point per station of
/// the registry now running, whatever the restarts and replicas before.
/// </summary>
internal sealed partial class StationDirectory(
    StationRegistry registry,
    InfluxQueryClient influx,
    InfluxBatchWriter writer,
    TimeProvider time,
    ILogger<StationDirectory> logger) : BackgroundService
{
    public const string Measurement = "station";

    /// <summary>How long to wait before trying again when InfluxDB did not take the stations.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (registry.Stations.Count == 0)
        {
            return;
        }

        try
        {
            while (!await TryWriteAsync(stoppingToken))
            {
                await Task.Delay(RetryAfter, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>Replaces the <c>station</c> points with the registry's; <see langword="false"/> when InfluxDB did not take them.</summary>
    public async Task<bool> TryWriteAsync(CancellationToken cancellationToken)
    {
        var points = Points(registry, time.GetUtcNow().ToUnixTimeMilliseconds());
        try
        {
            // A rewritten point keeps fields it no longer has, and a station dropped or re-tagged would stay: start empty.
            await influx.QueryAsync($"DELETE FROM {InfluxQl.QuoteIdentifier(Measurement)}", cancellationToken);
            await writer.WaitForSpaceAsync(cancellationToken);
            await writer.Append(points).StoredAsync();
            LogWritten(points.Count);
            return true;
        }
        catch (Exception e) when (e is InfluxQueryException or InfluxWriteException or HttpRequestException)
        {
            LogNotWritten(points.Count, RetryAfter, e.Message);
            return false;
        }
    }

    /// <summary>One point per station at <paramref name="timestampMs"/>: the station's tags as on its readings, its coordinates, name and devices.</summary>
    public static IReadOnlyList<InfluxPoint> Points(StationRegistry registry, long timestampMs) =>
    [
        .. registry.Stations.Select(s => new InfluxPoint(
            Measurement,
            [.. s.PointTags()],
            [
                new("latitude", s.Latitude),
                new("longitude", s.Longitude),
                new("name", s.Name),
                new("devices", string.Join(',', s.Devices)),
            ],
            timestampMs)),
    ];

    [LoggerMessage(Level = LogLevel.Information, Message = "Station registry written to InfluxDB: {Count} station(s)")]
    private partial void LogWritten(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Station registry ({Count} station(s)) not written to InfluxDB, trying again in {RetryAfter}: {Reason}")]
    private partial void LogNotWritten(int count, TimeSpan retryAfter, string reason);
}
