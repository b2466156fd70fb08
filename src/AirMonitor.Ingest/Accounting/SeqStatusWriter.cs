using AirMonitor.Influx;
using Microsoft.Extensions.Options;

namespace AirMonitor.Ingest.Accounting;

/// <summary>
/// Writes the seq account of every device heard from since the last round to InfluxDB (measurement
/// <c>device_seq</c>, docs/storage.md), so that Grafana shows gaps and repeats beside the readings.
/// </summary>
internal sealed partial class SeqStatusWriter(
    SeqLedger ledger,
    InfluxBatchWriter writer,
    TimeProvider time,
    IOptions<AccountingOptions> options,
    ILogger<SeqStatusWriter> logger) : BackgroundService
{
    public const string Measurement = "device_seq";

    /// <summary>Longer range lists are cut here: the count is in <c>missing</c>, the whole list at <c>/devices</c>.</summary>
    private const int MaxRangesText = 1000;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        LocalState.EveryAsync(options.Value.StatusInterval, time, WriteChangedAsync, stoppingToken);

    private async Task WriteChangedAsync(CancellationToken cancellationToken)
    {
        var changed = ledger.Snapshot(changedOnly: true);
        if (changed.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        try
        {
            await writer.WaitForSpaceAsync(cancellationToken);
            await writer.Append([.. changed.Select(s => Point(s, now))]).StoredAsync();
        }
        catch (InfluxWriteException e)
        {
            LogNotWritten(changed.Count, e.Message);
        }
    }

    public static InfluxPoint Point(DeviceSeqStatus status, long timestampMs) => new(
        Measurement,
        [new("device", status.Device)],
        [
            new("first", status.First),
            new("last", status.Last),
            new("missing", status.Missing),
            new("missing_ranges", status.MissingRanges.Length <= MaxRangesText ? status.MissingRanges : status.MissingRanges[..MaxRangesText] + "…"),
            new("repeats", status.Repeats),
            new("late", status.Late),
            new("gaps", status.Gaps),
            new("unresolved", status.Unresolved),
        ],
        timestampMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seq status of {Count} device(s) not written to InfluxDB: {Reason}")]
    private partial void LogNotWritten(int count, string reason);
}
