using System.Diagnostics;
using System.Text.Json.Nodes;
using AirMonitor.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;
using static AirMonitor.Cli.Bench.ReportText;

namespace AirMonitor.Cli.Bench;

/// <summary>
/// The broker limit, a reference for the other phases: the same devices and payloads published with QoS 1 through
/// the broker to one subscriber that only counts them, nothing stored (the peer harness's broker phase). On topics of
/// its own, so that no ingest session queues them.
/// </summary>
internal static class BrokerPhase
{
    public static async Task<PhaseReport> RunAsync(BenchRun run, CancellationToken cancellationToken)
    {
        var (devices, messages) = (run.Options.Devices, run.Options.Messages);
        var total = (long)devices * messages;
        var received = 0L;
        var lastReceivedAt = 0L;
        await using var subscriber = new MqttConnection(run.Mqtt, $"airmon-bench-sub-{Environment.ProcessId}", NullLogger.Instance, MqttSession.Throwaway);
        subscriber.MessageReceived = (in MqttMessage _) =>
        {
            Interlocked.Increment(ref received);
            Volatile.Write(ref lastReceivedAt, Stopwatch.GetTimestamp());
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var subscribed = subscriber.RunAsync((_, ct) => subscriber.SubscribeAsync("airmon/bench/+/readings", ct), stop.Token);
        try
        {
            await subscriber.WaitConnectedAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            await using var load = new LoadGenerator(run.Mqtt, "dev", devices, id => $"airmon/bench/{id}/readings", listenForAcks: false);
            await run.ConnectAsync(load, cancellationToken);
            load.Prepare(0, messages);

            BenchLog.Say($"broker: publishing {N(total)} messages to one subscriber");
            using var generatorCost = ProcessSampler.Start(Environment.ProcessId);
            var clock = Stopwatch.GetTimestamp();
            var publishing = load.PublishAllAsync(run.Options.Window, cancellationToken);
            var ending = await WaitReceivedAsync(() => Interlocked.Read(ref received), total, run.Options, cancellationToken);
            await publishing.WaitAsync(run.Options.Timeout, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var generatorUsed = generatorCost.Stop();
            var count = Interlocked.Read(ref received);
            var seconds = count > 0 ? Stopwatch.GetElapsedTime(clock, Volatile.Read(ref lastReceivedAt)).TotalSeconds : 0;
            var rate = seconds > 0 ? count / seconds : 0;
            var complete = count == total;
            run.BrokerRate = complete ? rate : null;
            return new PhaseReport(
                BenchPhase.Broker,
                [
                    $"## broker: the broker limit, {devices} devices × {N(messages)} messages, QoS 1 publish → Mosquitto → one subscriber, nothing stored",
                    "   timed from the first publish until the subscriber received the last message",
                    $"  received    {N(count)}/{N(total)} messages {F(seconds)} s after the first publish => {N(rate)} msg/s"
                        + (complete ? "" : $"; GAVE UP ({Ending(ending)})") + (count > total ? $"; {N(count - total)} more than published" : ""),
                    $"  generator   CPU {F(generatorUsed.CpuSeconds)} s = {N(generatorUsed.MicrosecondsPer(Math.Max(1, count)))} µs/msg "
                        + $"({N(generatorUsed.PercentOfCore)} % of a core; it publishes and, here, also subscribes), RSS max {MiB(generatorUsed.ResidentMaxBytes)} MiB",
                ],
                new SummaryRow("broker", $"{devices}x{messages}", $"{N(count)}/{N(total)}", F(seconds), N(rate), "", "", "", "", complete ? "no ingest: the broker's limit" : "INCOMPLETE"),
                new JsonObject
                {
                    ["phase"] = "broker",
                    ["devices"] = devices,
                    ["messages"] = total,
                    ["received"] = count,
                    ["seconds"] = Math.Round(seconds, 3),
                    ["msg_per_s"] = Math.Round(rate),
                    ["generator"] = Json(generatorUsed, Math.Max(1, count)),
                    ["complete"] = complete,
                },
                complete);
        }
        catch (TimeoutException)
        {
            throw new BenchException($"the subscriber could not connect to {run.Mqtt.Url} within 30 s");
        }
        finally
        {
            await stop.CancelAsync();
            await subscribed.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task<WaitResult> WaitReceivedAsync(Func<long> received, long total, BenchOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var (last, lastChange) = (-1L, TimeSpan.Zero);
        while (true)
        {
            var count = received();
            if (count >= total)
            {
                return WaitResult.Complete;
            }

            if (count != last)
            {
                (last, lastChange) = (count, clock.Elapsed);
            }
            else if (clock.Elapsed - lastChange >= options.Stall)
            {
                return WaitResult.Stalled;
            }

            if (clock.Elapsed >= options.Timeout)
            {
                return WaitResult.TimedOut;
            }

            await Task.Delay(10, cancellationToken);
        }
    }
}
