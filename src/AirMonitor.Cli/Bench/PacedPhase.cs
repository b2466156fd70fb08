using System.Diagnostics;
using System.Text.Json.Nodes;
using static AirMonitor.Cli.Bench.ReportText;

namespace AirMonitor.Cli.Bench;

/// <summary>A load at a fixed total rate: how many devices, how fast, for how many messages each.</summary>
/// <param name="RateSource">Where the rate came from, for the report.</param>
internal sealed record PacedLoad(BenchPhase Phase, string Database, int Devices, double MessagesPerSecond, int MessagesPerDevice, string RateSource)
{
    /// <summary>The time between two messages of one device.</summary>
    public double DeviceIntervalSeconds => Devices / MessagesPerSecond;

    public double ScheduleSeconds => (double)Devices * MessagesPerDevice / MessagesPerSecond;
}

/// <summary>
/// The steady and fleet phases: devices publish on their own evenly spread schedules at a fixed total rate while the
/// ingest runs, and every message's latency from publish to its device's ack is recorded. Reported: the latency
/// percentiles, whether everything was stored, the backlog the ingest left when the schedule ended, and what the
/// ingest and the generator used.
/// </summary>
internal static class PacedPhase
{
    public static async Task<PhaseReport> RunAsync(BenchRun run, PacedLoad paced, string title, CancellationToken cancellationToken)
    {
        var name = Name(paced.Phase);
        await using var ingest = await run.StartIngestAsync(name, paced.Database, cancellationToken);
        await using var load = run.Devices(paced.Devices);
        BenchLog.Say($"{name}: connecting {N(paced.Devices)} devices");
        var connecting = Stopwatch.StartNew();
        await run.ConnectAsync(load, cancellationToken);
        var connectSeconds = connecting.Elapsed.TotalSeconds;
        load.Prepare(0, paced.MessagesPerDevice);
        var countersBefore = await ingest.CountersAsync(cancellationToken);
        var mqttBefore = ingest.MqttEvents();

        BenchLog.Say($"{name}: {N(load.Expected)} messages at {N(paced.MessagesPerSecond)} msg/s over {F(paced.ScheduleSeconds, 0)} s");
        using var ingestCost = ProcessSampler.Start(ingest.ProcessId);
        using var generatorCost = ProcessSampler.Start(Environment.ProcessId);
        using var serverCost = ServerSamplers.Start();
        var pace = await load.PaceAsync(paced.MessagesPerSecond, cancellationToken);
        var backlog = load.Expected - load.Unsent - load.Counters.Acknowledged;
        BenchLog.Say($"{name}: schedule done in {pace.Seconds:0.0} s; {N(backlog)} messages not yet acknowledged");
        var ending = await load.WaitAcknowledgedAsync(pace.Start, Task.CompletedTask, run.Options.Timeout, run.Options.Stall, cancellationToken);
        var ingestUsed = ingestCost.Stop();
        var generatorUsed = generatorCost.Stop();
        var serversUsed = serverCost.Stop();
        var outcome = load.Outcome(pace.Start, ending);
        var check = await run.CheckAsync(ingest, paced.Database, 0, paced.MessagesPerDevice, outcome.Sent, countersBefore, mqttBefore, cancellationToken);

        var complete = IsComplete(outcome, check);
        var afterSchedule = outcome.Seconds - pace.Seconds;
        return new PhaseReport(
            paced.Phase,
            [
                $"## {name}: {title}",
                $"   {N(paced.Devices)} devices, {N(paced.MessagesPerSecond)} msg/s in total ({paced.RateSource}): each device every {F(paced.DeviceIntervalSeconds)} s, "
                    + $"{paced.MessagesPerDevice} messages each, spread evenly; latency from each publish to its device's ack",
                $"  connect     {N(paced.Devices)} connections (one per device, {run.Options.ConnectConcurrency} at a time) in {F(connectSeconds, 1)} s, before the clock",
                $"  schedule    {N(outcome.Sent)} messages sent in {F(pace.Seconds, 1)} s ({N(outcome.Sent / Math.Max(pace.Seconds, 1e-3))} msg/s); "
                    + $"the generator fell behind its schedule by up to {F(pace.MaxLagMilliseconds, 0)} ms ({N(pace.LateMessages)} messages more than 10 ms late)"
                    + (outcome.Unsent > 0 ? $"; {N(outcome.Unsent)} NOT SENT (a device's connection down or full)" : ""),
                $"  backlog     {N(backlog)} sent and not yet acknowledged when the schedule ended; the last ack {F(afterSchedule)} s after it",
                Acknowledged(outcome, "the schedule's start"),
                Latency(outcome.Latency),
                IngestLatency(check),
                Pauses(outcome),
                .. Closing(outcome, check, ingestUsed, generatorUsed, serversUsed),
            ],
            new SummaryRow(name, $"{N(paced.Devices)} @ {N(paced.MessagesPerSecond)}/s", $"{N(outcome.Acknowledged)}/{N(outcome.Sent)}", F(outcome.Seconds),
                N(outcome.MessagesPerSecond), $"{N(ingestUsed.MicrosecondsPer(IngestMessages(check, outcome)))} ({N(ingestUsed.PercentOfCore)} %)", MiB(ingestUsed.ResidentMaxBytes),
                Pause(outcome), LatencyCell(outcome.Latency), complete ? $"complete; backlog at the end {N(backlog)}" : Verdict(outcome, check)),
            Merge(paced.Phase,
                new JsonObject
                {
                    ["rate_msg_per_s"] = Math.Round(paced.MessagesPerSecond, 1),
                    ["rate_source"] = paced.RateSource,
                    ["messages_per_device"] = paced.MessagesPerDevice,
                    ["device_interval_s"] = Math.Round(paced.DeviceIntervalSeconds, 3),
                    ["connect_s"] = Math.Round(connectSeconds, 2),
                    ["schedule_s"] = Math.Round(pace.Seconds, 3),
                    ["schedule_max_lag_ms"] = Math.Round(pace.MaxLagMilliseconds, 1),
                    ["schedule_late_over_10ms"] = pace.LateMessages,
                    ["backlog_at_schedule_end"] = backlog,
                    ["last_ack_after_schedule_s"] = Math.Round(afterSchedule, 3),
                },
                Json(outcome),
                Json(check),
                new JsonObject { ["ingest"] = Json(ingestUsed, IngestMessages(check, outcome)), ["generator"] = Json(generatorUsed, GeneratorMessages(outcome)), ["servers"] = Json(serversUsed), ["complete"] = complete }),
            complete);
    }
}
