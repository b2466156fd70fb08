using System.Diagnostics;
using System.Text.Json.Nodes;
using static AirMonitor.Cli.Bench.ReportText;

namespace AirMonitor.Cli.Bench;

/// <summary>
/// The load published while the ingest runs, timed from the first publish until every message is acknowledged to its
/// device (the peer harness's airmon phase). With <c>--repeat K</c>, K runs back to back on one ingest, each of the next
/// seqs of the same devices: issue 11 asks for 30 with no pause over 2 s and no reconnect.
/// </summary>
internal static class EndToEndPhase
{
    public const string Database = "airmon_bench_e2e";

    public static async Task<PhaseReport> RunAsync(BenchRun run, CancellationToken cancellationToken)
    {
        var (devices, messages, repeat) = (run.Options.Devices, run.Options.Messages, run.Options.Repeat);
        await using var ingest = await run.StartIngestAsync("e2e", Database, cancellationToken);
        await using var load = run.Devices(devices);
        await run.ConnectAsync(load, cancellationToken);

        var runs = new List<Run>(repeat);
        for (var k = 0; k < repeat; k++)
        {
            var firstSeq = (long)k * messages;
            load.Prepare(firstSeq, messages);
            var countersBefore = await ingest.CountersAsync(cancellationToken);
            var mqttBefore = ingest.MqttEvents();
            BenchLog.Say($"e2e{(repeat > 1 ? $" run {k + 1}/{repeat}" : "")}: publishing {N(load.Expected)} messages while the ingest runs");

            using var ingestCost = ProcessSampler.Start(ingest.ProcessId);
            using var generatorCost = ProcessSampler.Start(Environment.ProcessId);
            using var serverCost = ServerSamplers.Start();
            var clock = Stopwatch.GetTimestamp();
            var publishing = PublishTimedAsync(load, run.Options.Window, cancellationToken);
            var ending = await load.WaitAcknowledgedAsync(clock, publishing, run.Options.Timeout, run.Options.Stall, cancellationToken);
            var ingestUsed = ingestCost.Stop();
            var generatorUsed = generatorCost.Stop();
            var serversUsed = serverCost.Stop();
            double? publishSeconds = null;
            try
            {
                publishSeconds = await publishing.WaitAsync(run.Options.Timeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                // reported: the broker did not take the whole run
            }

            var outcome = load.Outcome(clock, ending);
            var check = await run.CheckAsync(ingest, Database, firstSeq, firstSeq + messages, outcome.Sent, countersBefore, mqttBefore, cancellationToken);
            runs.Add(new Run(k + 1, publishSeconds, outcome, check, ingestUsed, generatorUsed, serversUsed));
            if (ending.Result != WaitResult.Complete)
            {
                break; // what follows would queue behind what is not acknowledged: the runs so far are the finding
            }
        }

        return repeat == 1 ? Single(runs[0], devices, messages) : Repeated(runs, devices, messages, repeat);
    }

    private static async Task<double> PublishTimedAsync(LoadGenerator load, int window, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await load.PublishAllAsync(window, cancellationToken);
        return clock.Elapsed.TotalSeconds;
    }

    private static PhaseReport Single(Run r, int devices, int messages)
    {
        var complete = r.Complete;
        return new PhaseReport(
            BenchPhase.E2e,
            [
                $"## e2e: {devices} devices × {N(messages)} messages published while the ingest runs",
                "   timed from the first publish until every message was acknowledged to its device",
                Published(r),
                Acknowledged(r.Outcome, "the first publish"),
                Pauses(r.Outcome),
                Latency(r.Outcome.Latency),
                IngestLatency(r.Check),
                .. Closing(r.Outcome, r.Check, r.IngestCost, r.GeneratorCost, r.ServersCost),
            ],
            Row(r, $"{devices}x{messages}", complete ? "complete" : Verdict(r.Outcome, r.Check)),
            Json(r),
            complete);
    }

    private static PhaseReport Repeated(List<Run> runs, int devices, int messages, int repeat)
    {
        var lines = new List<string>
        {
            $"## e2e × {repeat}: {devices} devices × {N(messages)} messages published while the ingest runs, {repeat} runs back to back on one ingest",
            "   each timed from its first publish until every message was acknowledged to its device",
        };
        foreach (var r in runs)
        {
            lines.Add($"  run {r.Number,3}    {N(r.Outcome.MessagesPerSecond),7} msg/s, {F(r.Outcome.Seconds)} s, longest pause {F(r.Outcome.LongestPause.Seconds)} s, "
                + $"{N(r.Outcome.Acknowledged)}/{N(r.Outcome.Sent)} acked, ingest {N(r.IngestCost.MicrosecondsPer(IngestMessages(r.Check, r.Outcome)))} µs/msg, "
                + $"RSS max {MiB(r.IngestCost.ResidentMaxBytes)} MiB, reconnects {r.Check.Mqtt.Connects}{(r.Complete ? "" : " — " + Verdict(r.Outcome, r.Check))}");
        }

        var rates = runs.Select(r => r.Outcome.MessagesPerSecond).Order().ToList();
        var median = (rates[(rates.Count - 1) / 2] + rates[rates.Count / 2]) / 2;
        var longest = runs.MaxBy(r => r.Outcome.LongestPause.Seconds)!;
        var stalls = runs.Sum(r => r.Outcome.Stalls);
        var reconnects = runs.Sum(r => r.Check.Mqtt.Connects + r.Check.Mqtt.Disconnects);
        var complete = runs.Count == repeat && runs.All(r => r.Complete);
        var summary = $"{runs.Count}/{repeat} runs; {runs.Count(r => r.Complete)} complete; median {N(median)} msg/s [{N(rates[0])}–{N(rates[^1])}]; "
            + $"longest pause {F(longest.Outcome.LongestPause.Seconds)} s (run {longest.Number}); pauses over 2 s: {stalls}; ingest reconnects: {reconnects}";
        lines.Add($"  summary     {summary}");
        lines.Add($"  verdict     {(complete && stalls == 0 ? "complete: every run acknowledged and stored exactly once, no pause over 2 s, no reconnect" : "INCOMPLETE: " + summary)}");
        var worstCpu = runs.Max(r => r.IngestCost.MicrosecondsPer(IngestMessages(r.Check, r.Outcome)));
        return new PhaseReport(
            BenchPhase.E2e,
            lines,
            new SummaryRow($"e2e ×{repeat}", $"{devices}x{messages}", $"{N(runs.Sum(r => r.Outcome.Acknowledged))}/{N(runs.Sum(r => r.Outcome.Sent))}",
                F(runs.Sum(r => r.Outcome.Seconds)), $"{N(median)} (median)", $"≤{N(worstCpu)}", MiB(runs.Max(r => r.IngestCost.ResidentMaxBytes)),
                F(longest.Outcome.LongestPause.Seconds), "", complete && stalls == 0 ? "complete, no stall" : summary),
            new JsonObject
            {
                ["phase"] = "e2e",
                ["repeat"] = repeat,
                ["runs_done"] = runs.Count,
                ["runs_complete"] = runs.Count(r => r.Complete),
                ["msg_per_s_median"] = Math.Round(median),
                ["msg_per_s_min"] = Math.Round(rates[0]),
                ["msg_per_s_max"] = Math.Round(rates[^1]),
                ["longest_pause_s"] = Math.Round(longest.Outcome.LongestPause.Seconds, 3),
                ["stalls_over_2s"] = stalls,
                ["ingest_reconnects"] = reconnects,
                ["complete"] = complete && stalls == 0,
                ["runs"] = new JsonArray([.. runs.Select(r => (JsonNode)Json(r))]),
            },
            complete && stalls == 0);
    }

    private static string Published(Run r) => r.PublishSeconds is { } s
        ? $"  published   {N(r.Outcome.Sent)} messages accepted by the broker in {F(s)} s ({N(r.Outcome.Sent / s)} msg/s), while the ingest consumed"
        : $"  published   the broker had not accepted every message when the bench gave up";

    private static SummaryRow Row(Run r, string load, string notes) => new(
        "e2e", load, $"{N(r.Outcome.Acknowledged)}/{N(r.Outcome.Sent)}", F(r.Outcome.Seconds), N(r.Outcome.MessagesPerSecond),
        N(r.IngestCost.MicrosecondsPer(IngestMessages(r.Check, r.Outcome))), MiB(r.IngestCost.ResidentMaxBytes), Pause(r.Outcome), LatencyCell(r.Outcome.Latency), notes);

    private static JsonObject Json(Run r)
    {
        return Merge(BenchPhase.E2e,
            new JsonObject { ["run"] = r.Number, ["publish_s"] = r.PublishSeconds is { } s ? Math.Round(s, 3) : null },
            ReportText.Json(r.Outcome),
            ReportText.Json(r.Check),
            new JsonObject { ["ingest"] = ReportText.Json(r.IngestCost, IngestMessages(r.Check, r.Outcome)), ["generator"] = ReportText.Json(r.GeneratorCost, GeneratorMessages(r.Outcome)), ["servers"] = ReportText.Json(r.ServersCost), ["complete"] = r.Complete });
    }

    private sealed record Run(int Number, double? PublishSeconds, AckOutcome Outcome, IngestCheck Check, ProcessCost IngestCost, ProcessCost GeneratorCost, IReadOnlyList<(string Name, ProcessCost Cost)> ServersCost)
    {
        public bool Complete => IsComplete(Outcome, Check);
    }
}
