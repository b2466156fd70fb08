using System.Diagnostics;
using System.Text.Json.Nodes;
using static AirMonitor.Cli.Bench.ReportText;

namespace AirMonitor.Cli.Bench;

/// <summary>
/// The ingest alone: paused (SIGSTOP) while the load is published into its persistent session (the broker queues it),
/// then resumed (SIGCONT) and timed until every message is acknowledged to its device. The load generator is idle
/// meanwhile, so it does not compete with the ingest for the CPU (the peer harness's airmon-drain).
/// </summary>
internal static class DrainPhase
{
    public const string Database = "airmon_bench_drain";

    public static async Task<PhaseReport> RunAsync(BenchRun run, CancellationToken cancellationToken)
    {
        var (devices, messages) = (run.Options.Devices, run.Options.Messages);
        await using var ingest = await run.StartIngestAsync("drain", Database, cancellationToken);
        await using var load = run.Devices(devices);
        await run.ConnectAsync(load, cancellationToken);
        load.Prepare(0, messages);
        var countersBefore = await ingest.CountersAsync(cancellationToken);
        var mqttBefore = ingest.MqttEvents();

        BenchLog.Say($"drain: ingest paused, publishing {N(load.Expected)} messages into its session");
        double publishSeconds;
        ingest.Pause();
        try
        {
            var publishing = Stopwatch.StartNew();
            await load.PublishAllAsync(run.Options.Window, cancellationToken).WaitAsync(run.Options.Timeout, cancellationToken);
            publishSeconds = publishing.Elapsed.TotalSeconds;
        }
        catch (TimeoutException)
        {
            ingest.Resume();
            throw new BenchException($"the broker did not accept the {N(load.Expected)} messages within {run.Options.Timeout.TotalSeconds:0} s");
        }
        catch
        {
            ingest.Resume();
            throw;
        }

        BenchLog.Say($"drain: published in {publishSeconds:0.00} s; resuming the ingest");
        using var ingestCost = ProcessSampler.Start(ingest.ProcessId);
        using var generatorCost = ProcessSampler.Start(Environment.ProcessId);
        using var serverCost = ServerSamplers.Start();
        var clock = Stopwatch.GetTimestamp();
        ingest.Resume();
        var ending = await load.WaitAcknowledgedAsync(clock, Task.CompletedTask, run.Options.Timeout, run.Options.Stall, cancellationToken);
        var ingestUsed = ingestCost.Stop();
        var generatorUsed = generatorCost.Stop();
        var serversUsed = serverCost.Stop();
        var outcome = load.Outcome(clock, ending);
        var check = await run.CheckAsync(ingest, Database, 0, messages, outcome.Sent, countersBefore, mqttBefore, cancellationToken);
        if (outcome.Ending == WaitResult.Complete)
        {
            run.DrainRate = outcome.MessagesPerSecond;
        }

        var complete = IsComplete(outcome, check);
        return new PhaseReport(
            BenchPhase.Drain,
            [
                $"## drain: the ingest paused (SIGSTOP) while {devices} devices × {N(messages)} messages were queued in its persistent session, then resumed (SIGCONT)",
                "   timed from the resume until every message was acknowledged to its device (the generator is idle meanwhile)",
                $"  published   {N(outcome.Sent)} messages accepted by the broker in {F(publishSeconds)} s ({N(outcome.Sent / publishSeconds)} msg/s), the ingest paused meanwhile",
                Acknowledged(outcome, "the resume"),
                Pauses(outcome),
                .. Closing(outcome, check, ingestUsed, generatorUsed, serversUsed),
            ],
            new SummaryRow("drain", $"{devices}x{messages}", $"{N(outcome.Acknowledged)}/{N(outcome.Sent)}", F(outcome.Seconds), N(outcome.MessagesPerSecond),
                N(ingestUsed.MicrosecondsPer(IngestMessages(check, outcome))), MiB(ingestUsed.ResidentMaxBytes), Pause(outcome), "", complete ? "complete" : Verdict(outcome, check)),
            Merge(BenchPhase.Drain,
                new JsonObject { ["publish_s"] = Math.Round(publishSeconds, 3) },
                Json(outcome),
                Json(check),
                new JsonObject { ["ingest"] = Json(ingestUsed, IngestMessages(check, outcome)), ["generator"] = Json(generatorUsed, GeneratorMessages(outcome)), ["servers"] = Json(serversUsed), ["complete"] = complete }),
            complete);
    }
}
