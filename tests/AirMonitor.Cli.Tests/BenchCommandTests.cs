using System.Text.Json.Nodes;
using AirMonitor.Testing.Pipeline;

namespace AirMonitor.Cli.Tests;

/// <summary>
/// <c>airmon bench</c> as a user runs it, with tiny loads against the real servers: the numbers of its report must agree
/// with each other and with what was asked (timings are not judged).
/// </summary>
[Collection(PipelineServers.Name)]
public sealed class BenchCommandTests(PipelineFixture fixture)
{
    [Fact]
    public async Task Every_phase_reports_each_message_acknowledged_once_and_stored_once()
    {
        var dir = Directory.CreateTempSubdirectory("airmon-bench-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["AIRMON_Mqtt__Url"] = fixture.Broker.Url.ToString(),
            ["AIRMON_Influx__Url"] = fixture.Influx.Url.ToString(),
        };

        var run = await AirmonCommand.RunAsync(environment, TimeSpan.FromMinutes(5),
            "bench", "--phases", "fleet,broker,drain,e2e,steady", "--devices", "3", "--messages", "20", "--repeat", "2", "--warmup", "2x5",
            "--steady-devices", "10", "--steady-rate", "50", "--steady-duration", "2s",
            "--fleet-devices", "40", "--fleet-interval", "1s", "--fleet-duration", "2s",
            "--timeout", "60s", "--stall", "30s", "--work-dir", dir);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var results = run.Stdout.Split('\n').Where(l => l.StartsWith("RESULT ", StringComparison.Ordinal)).Select(l => JsonNode.Parse(l["RESULT ".Length..])!).ToList();
        Assert.Equal(["broker", "drain", "e2e", "steady", "fleet"], results.Select(r => Text(r, "phase")));
        var phase = results.ToDictionary(r => Text(r, "phase"));

        Assert.Equal((60L, 60L, true), (Number(phase["broker"], "messages"), Number(phase["broker"], "received"), Flag(phase["broker"], "complete")));
        AssertEveryMessageAcknowledgedAndStoredOnce(phase["drain"], 60);
        var e2e = phase["e2e"];
        Assert.Equal((2L, 2L, 0L, true), (Number(e2e, "runs_done"), Number(e2e, "runs_complete"), Number(e2e, "ingest_reconnects"), Flag(e2e, "complete")));
        Assert.All(e2e["runs"]!.AsArray(), r => AssertEveryMessageAcknowledgedAndStoredOnce(r!, 60));
        AssertEveryMessageAcknowledgedAndStoredOnce(phase["steady"], 10 * 10);
        Assert.Equal((10L, 50L, "--steady-rate"), (Number(phase["steady"], "messages_per_device"), Number(phase["steady"], "rate_msg_per_s"), Text(phase["steady"], "rate_source")));
        AssertEveryMessageAcknowledgedAndStoredOnce(phase["fleet"], 40 * 2);

        // The same report, with its summary table of one row per phase, is written to the work directory.
        var report = await File.ReadAllTextAsync(Path.Combine(dir, "bench-report.txt"));
        Assert.Equal(run.Stdout.TrimEnd(), report.TrimEnd());
        Assert.Equal(5, report.Split('\n').SkipWhile(l => !l.StartsWith("## summary", StringComparison.Ordinal)).Skip(3).Count(l => l.StartsWith('|')));
        Directory.Delete(dir, recursive: true);
    }

    private static void AssertEveryMessageAcknowledgedAndStoredOnce(JsonNode result, long messages)
    {
        Assert.Equal(
            (messages, messages, 0L, 0L, 0L, 0L, 0L, "complete"),
            (Number(result, "sent"), Number(result, "acked"), Number(result, "unacked"), Number(result, "unsent"), Number(result, "rejected"),
                Number(result, "duplicate_acks"), Number(result, "unexpected_acks"), Text(result, "ending")));
        var points = result["influx_points"]!;
        Assert.Equal((messages, messages, messages), (Number(points, "pms5003"), Number(points, "bme280"), Number(points, "expected_each")));
        Assert.Equal((messages, 0L, 0L, 0L), (Number(result, "ingest_stored"), Number(result, "ingest_repeats"), Number(result, "ingest_reconnects"), Number(result, "ingest_ack_failures")));
        Assert.Equal(messages, Number(result["latency_ms"]!, "count"));
        // The kernel counts CPU time in 10 ms ticks, which a run of 60 messages may not reach: only its presence is checked.
        Assert.True(Number(result["ingest"]!, "rss_max_mib") > 0 && Number(result["ingest"]!, "rss_hwm_mib") > 0 && result["ingest"]!["cpu_us_per_msg"]!.GetValue<double>() >= 0, result.ToJsonString());
        Assert.True(Flag(result, "complete"), result.ToJsonString());
    }

    private static long Number(JsonNode node, string key) => (long)Math.Round(node[key]!.GetValue<double>());

    private static string Text(JsonNode node, string key) => node[key]!.GetValue<string>();

    private static bool Flag(JsonNode node, string key) => node[key]!.GetValue<bool>();
}
