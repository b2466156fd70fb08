using System.Globalization;
using System.Text.Json.Nodes;

namespace AirMonitor.Cli.Bench;

/// <summary>One phase's section of the report, its row of the summary table and its <c>RESULT {json}</c> line.</summary>
/// <param name="Complete">Every message acknowledged once and stored (or, for the limits, every message through).</param>
internal sealed record PhaseReport(BenchPhase Phase, IReadOnlyList<string> Lines, SummaryRow Row, JsonObject Result, bool Complete)
{
    /// <summary>A phase that could not be measured: the reason in its section, its row and its result.</summary>
    public static PhaseReport Failed(BenchPhase phase, string reason) => new(
        phase,
        [$"## {ReportText.Name(phase)}: NOT MEASURED", $"  {reason}"],
        new SummaryRow(ReportText.Name(phase), "", "", "", "", "", "", "", "", "NOT MEASURED: " + reason),
        new JsonObject { ["phase"] = ReportText.Name(phase), ["complete"] = false, ["error"] = reason },
        Complete: false);
}

/// <summary>A row of the summary table; empty cells where the phase has no such number.</summary>
internal sealed record SummaryRow(
    string Phase, string Load, string Acknowledged, string Seconds, string Rate, string IngestCpu, string IngestRss, string LongestPause, string Latency, string Notes);

/// <summary>The wording and the JSON fields the phases share, so one number reads the same in every section.</summary>
internal static class ReportText
{
    public static string Name(BenchPhase phase) => phase.ToString().ToLowerInvariant();

    public static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string F(double value, int decimals = 2) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string MiB(long bytes) => N(bytes / (1024.0 * 1024));

    /// <param name="from">What the clock started with: "the resume", "the first publish".</param>
    public static string Acknowledged(AckOutcome o, string from) =>
        $"  acked       {N(o.Acknowledged)}/{N(o.Sent)} acknowledged to their devices {F(o.Seconds)} s after {from} => {N(o.MessagesPerSecond)} msg/s "
        + $"({N(o.MessagesPerSecond * PeerReadings.SamplesPerMessage)} samples/s); first ack after {(o.FirstAckSeconds is { } first ? F(first) + " s" : "none")}"
        + (o.Ending == WaitResult.Complete ? "" : $"; GAVE UP after {F(o.WaitedSeconds, 1)} s ({Ending(o.Ending)})");

    public static string Pauses(AckOutcome o) =>
        $"  pauses      longest {F(o.LongestPause.Seconds)} s without an ack (from {F(o.LongestPause.FromSeconds)} s, at {N(o.LongestPause.AtAcknowledged)} acknowledged); "
        + $"{o.Stalls} over {LoadGenerator.StallThreshold.TotalSeconds:0} s";

    public static string Latency(AckLatency? l) => l is null
        ? "  latency     no message acknowledged"
        : $"  latency     publish → ack at the device: p50 {F(l.P50Milliseconds, 1)} ms, p99 {F(l.P99Milliseconds, 1)} ms, max {F(l.MaxMilliseconds, 1)} ms over {N(l.Count)} messages";

    /// <summary>The ingest's own part of the latency: receipt → stored and acknowledged, from its histogram (bucket bounds).</summary>
    public static string IngestLatency(IngestCheck c) => c.Counters?.AckLatencyAtMost(0.5) is { } p50
        ? $"  in ingest   receipt → stored and acknowledged, its own histogram: p50 ≤ {N(p50)} ms, p99 ≤ {N(c.Counters.AckLatencyAtMost(0.99)!.Value)} ms (the rest of the latency above is the broker's and the devices')"
        : "  in ingest   no latency recorded";

    private static string Stored(IngestCheck c, AckOutcome o) =>
        $"  stored      InfluxDB holds {N(c.Points.Pms5003)} pms5003 + {N(c.Points.Bme280)} bme280 points of {N(c.Expected)} each; "
        + (c.Counters is { } k
            ? $"the ingest counted {N(k.Stored)} messages stored, {N(k.Rejected)} rejected ({N(k.Rejects)} rejections), {N(k.Repeats)} stored again (seq repeat), {N(k.AckFailures)} acks it could not send"
            : "the ingest has DIED (no metrics)")
        + $"; duplicate acks {N(o.Duplicates)}, unexpected acks {N(o.Unexpected)}";

    /// <summary>What the ingest's CPU is divided by: the messages it settled (stored or rejected, by its own count), acknowledged or not.</summary>
    public static long IngestMessages(IngestCheck c, AckOutcome o) => Math.Max(1, c.Counters is { } k ? k.Stored + k.Rejected : o.Acknowledged);

    /// <summary>What the generator's CPU is divided by: the messages it sent.</summary>
    public static long GeneratorMessages(AckOutcome o) => Math.Max(1, o.Sent);

    private static string IngestUsage(ProcessCost cost, IngestCheck c, AckOutcome o) =>
        $"  ingest      CPU {F(cost.CpuSeconds)} s = {N(cost.MicrosecondsPer(IngestMessages(c, o)))} µs/msg ({N(cost.PercentOfCore)} % of a core); "
        + $"RSS max {MiB(cost.ResidentMaxBytes)} MiB in the phase (sampled every 100 ms), high-water {MiB(cost.HighWaterBytes)} MiB over its life (start-up and warm-up included); "
        + $"MQTT reconnects {c.Mqtt.Connects}, disconnects {c.Mqtt.Disconnects}{(c.Alive ? "" : "; the ingest EXITED")}";

    private static string GeneratorUsage(ProcessCost cost, AckOutcome o) =>
        $"  generator   CPU {F(cost.CpuSeconds)} s = {N(cost.MicrosecondsPer(GeneratorMessages(o)))} µs/msg ({N(cost.PercentOfCore)} % of a core), "
        + $"RSS max {MiB(cost.ResidentMaxBytes)} MiB; device connections lost {o.DeviceDisconnects}";

    private static string ServersUsage(IReadOnlyList<(string Name, ProcessCost Cost)> servers) => servers.Count == 0
        ? "  servers     not measured (run through scripts/bench.sh)"
        : $"  servers     {string.Join(", ", servers.Select(s => $"{s.Name} {N(s.Cost.PercentOfCore)} % of a core"))} ({Environment.ProcessorCount} cores in all)";

    /// <summary>The lines every phase's report ends with: what was stored, what each process cost, the verdict.</summary>
    public static string[] Closing(AckOutcome o, IngestCheck c, ProcessCost ingest, ProcessCost generator, IReadOnlyList<(string Name, ProcessCost Cost)> servers) =>
    [
        Stored(c, o),
        IngestUsage(ingest, c, o),
        GeneratorUsage(generator, o),
        ServersUsage(servers),
        $"  verdict     {Verdict(o, c)}",
    ];

    public static JsonObject Json(IReadOnlyList<(string Name, ProcessCost Cost)> servers)
    {
        var json = new JsonObject();
        foreach (var (name, cost) in servers)
        {
            json[name] = new JsonObject { ["cpu_s"] = Math.Round(cost.CpuSeconds, 2), ["cpu_pct_core"] = Math.Round(cost.PercentOfCore, 1) };
        }

        return json;
    }

    /// <summary>"complete", or every way the run fell short.</summary>
    public static string Verdict(AckOutcome o, IngestCheck c)
    {
        var faults = new List<string>();
        if (o.Unsent > 0)
        {
            faults.Add($"{N(o.Unsent)} never sent");
        }

        if (o.Unacknowledged > 0)
        {
            faults.Add($"{N(o.Unacknowledged)} unacknowledged ({Ending(o.Ending)})");
        }

        if (o.Rejected > 0)
        {
            faults.Add($"{N(o.Rejected)} rejected");
        }

        if (o.Duplicates + o.Unexpected > 0)
        {
            faults.Add($"{N(o.Duplicates)} duplicate and {N(o.Unexpected)} unexpected acks");
        }

        if (c.Points.Pms5003 != c.Expected || c.Points.Bme280 != c.Expected)
        {
            faults.Add($"InfluxDB holds {N(c.Points.Pms5003)}/{N(c.Points.Bme280)} points, not {N(c.Expected)}");
        }

        if (c.Counters is { } k && (k.Stored != c.Expected || k.Repeats > 0))
        {
            faults.Add($"the ingest stored {N(k.Stored)} messages ({N(k.Repeats)} again) of {N(c.Expected)}");
        }

        if (c.Counters is { AckFailures: > 0 } failed)
        {
            faults.Add($"the ingest could not send {N(failed.AckFailures)} acks");
        }

        if (c.Mqtt.Connects + c.Mqtt.Disconnects > 0)
        {
            faults.Add($"the ingest reconnected {c.Mqtt.Connects}× (disconnects {c.Mqtt.Disconnects})");
        }

        if (!c.Alive)
        {
            faults.Add("the ingest exited");
        }

        return faults.Count == 0 ? "complete: every message acknowledged once and stored once" : "INCOMPLETE: " + string.Join("; ", faults);
    }

    public static bool IsComplete(AckOutcome o, IngestCheck c) =>
        o.AllAcknowledged && c.StoredExactlyOnce && c.Alive && c.Mqtt.Connects + c.Mqtt.Disconnects == 0 && c.Counters is { AckFailures: 0 };

    public static string Ending(WaitResult ending) => ending switch
    {
        WaitResult.Complete => "complete",
        WaitResult.Stalled => "stalled: no ack for the --stall time",
        _ => "timed out: --timeout reached",
    };

    public static string Pause(AckOutcome o) => F(o.LongestPause.Seconds);

    public static string LatencyCell(AckLatency? l) => l is null ? "" : $"{F(l.P50Milliseconds, 0)}/{F(l.P99Milliseconds, 0)}/{F(l.MaxMilliseconds, 0)}";

    public static JsonObject Json(AckOutcome o) => new()
    {
        ["devices"] = o.Devices,
        ["messages"] = o.Expected,
        ["samples_per_message"] = PeerReadings.SamplesPerMessage,
        ["sent"] = o.Sent,
        ["unsent"] = o.Unsent,
        ["acked"] = o.Acknowledged,
        ["unacked"] = o.Unacknowledged,
        ["rejected"] = o.Rejected,
        ["duplicate_acks"] = o.Duplicates,
        ["unexpected_acks"] = o.Unexpected,
        ["ending"] = o.Ending.ToString().ToLowerInvariant(),
        ["seconds"] = Math.Round(o.Seconds, 3),
        ["msg_per_s"] = Math.Round(o.MessagesPerSecond),
        ["first_ack_s"] = o.FirstAckSeconds is { } first ? Math.Round(first, 3) : null,
        ["longest_pause_s"] = Math.Round(o.LongestPause.Seconds, 3),
        ["longest_pause_from_s"] = Math.Round(o.LongestPause.FromSeconds, 3),
        ["longest_pause_at_acked"] = o.LongestPause.AtAcknowledged,
        ["stalls_over_2s"] = o.Stalls,
        ["latency_ms"] = o.Latency is { } l ? new JsonObject
        {
            ["count"] = l.Count,
            ["p50"] = Math.Round(l.P50Milliseconds, 1),
            ["p99"] = Math.Round(l.P99Milliseconds, 1),
            ["max"] = Math.Round(l.MaxMilliseconds, 1),
        } : null,
        ["generator_device_disconnects"] = o.DeviceDisconnects,
    };

    public static JsonObject Json(IngestCheck c) => new()
    {
        ["influx_points"] = new JsonObject { ["pms5003"] = c.Points.Pms5003, ["bme280"] = c.Points.Bme280, ["expected_each"] = c.Expected },
        ["ingest_stored"] = c.Counters?.Stored,
        ["ingest_rejected"] = c.Counters?.Rejected,
        ["ingest_rejections"] = c.Counters?.Rejects,
        ["ingest_repeats"] = c.Counters?.Repeats,
        ["ingest_ack_failures"] = c.Counters?.AckFailures,
        ["ingest_reconnects"] = c.Mqtt.Connects,
        ["ingest_disconnects"] = c.Mqtt.Disconnects,
        ["ingest_alive"] = c.Alive,
    };

    public static JsonObject Json(ProcessCost cost, long messages) => new()
    {
        ["cpu_s"] = Math.Round(cost.CpuSeconds, 2),
        ["cpu_us_per_msg"] = Math.Round(cost.MicrosecondsPer(messages), 1),
        ["cpu_pct_core"] = Math.Round(cost.PercentOfCore, 1),
        ["wall_s"] = Math.Round(cost.WallSeconds, 2),
        ["rss_max_mib"] = Math.Round(cost.ResidentMaxBytes / (1024.0 * 1024), 1),
        ["rss_hwm_mib"] = Math.Round(cost.HighWaterBytes / (1024.0 * 1024), 1),
    };

    /// <summary>The fields of <paramref name="parts"/> in one object, in order, after <c>phase</c>.</summary>
    public static JsonObject Merge(BenchPhase phase, params JsonObject[] parts)
    {
        var result = new JsonObject { ["phase"] = Name(phase) };
        foreach (var part in parts)
        {
            foreach (var (key, value) in part.ToList())
            {
                part.Remove(key);
                result[key] = value;
            }
        }

        return result;
    }
}
