using AirMonitor.Influx;
using AirMonitor.Ingest.Observability;
using AirMonitor.Mqtt;
using Microsoft.Extensions.Options;

namespace AirMonitor.Ingest.FleetHealth;

/// <summary>
/// Writes this replica's message and reject counters to InfluxDB every <see cref="FleetOptions.CountersInterval"/>
/// (measurement <c>ingest</c>, one point a round), read from the same instruments <c>/metrics</c> shows: totals since the
/// replica started, so that Grafana draws rates with <c>non_negative_derivative</c> (a restart's drop to zero is skipped).
/// </summary>
internal sealed partial class IngestCountersWriter(
    PrometheusExporter counters,
    InfluxBatchWriter writer,
    IOptions<MqttOptions> mqtt,
    TimeProvider time,
    IOptions<FleetOptions> options,
    ILogger<IngestCountersWriter> logger) : BackgroundService
{
    public const string Measurement = "ingest";

    /// <summary>The outcomes of <c>airmon.ingest.messages</c>, each written (0 until one happens) so that each panel series exists.</summary>
    public static readonly string[] Outcomes = ["stored", "rejected", "deferred"];

    private readonly string _replica = BrokerIdentity.ClientId(mqtt.Value);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        LocalState.EveryAsync(options.Value.CountersInterval, time, WriteAsync, stoppingToken);

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        var point = Point(
            _replica,
            counters.Totals(IngestMetrics.MessagesInstrument, "outcome"),
            counters.Totals(IngestMetrics.RejectsInstrument, "reason"),
            counters.Totals(IngestMetrics.StatusRejectsInstrument, "reason"),
            time.GetUtcNow().ToUnixTimeMilliseconds());
        try
        {
            await writer.WaitForSpaceAsync(cancellationToken);
            await writer.Append([point]).StoredAsync();
        }
        catch (InfluxWriteException e)
        {
            LogNotWritten(e.Message);
        }
    }

    /// <summary>
    /// Fields <c>messages_{outcome}</c>, <c>rejects_{reason}</c> (readings rejected, by the reason of each message or
    /// sample) and <c>status_rejects_{reason}</c> (device statuses not written); tag <c>replica</c>, the replica's client id.
    /// </summary>
    public static InfluxPoint Point(
        string replica,
        IReadOnlyDictionary<string, double> messages,
        IReadOnlyDictionary<string, double> rejects,
        IReadOnlyDictionary<string, double> statusRejects,
        long timestampMs) => new(
        Measurement,
        [new("replica", replica)],
        [
            .. Outcomes.Select(o => new KeyValuePair<string, FieldValue>($"messages_{o}", (long)messages.GetValueOrDefault(o))),
            .. rejects.Select(r => new KeyValuePair<string, FieldValue>($"rejects_{r.Key}", (long)r.Value)),
            .. statusRejects.Select(r => new KeyValuePair<string, FieldValue>($"status_rejects_{r.Key}", (long)r.Value)),
        ],
        timestampMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The ingest's counters not written to InfluxDB: {Reason}")]
    private partial void LogNotWritten(string reason);
}
