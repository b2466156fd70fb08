using System.Security.Cryptography;
using System.Text;
using AirMonitor.Core.Contract;
using AirMonitor.Ingest.DeadLetters;
using AirMonitor.Ingest.Observability;
using AirMonitor.Testing;
using AirMonitor.Testing.Pipeline;

namespace AirMonitor.Ingest.Tests.DeadLetters;

/// <summary>The dead-letter bounds through the real broker and ingest: every message is still settled, only the letters are bounded.</summary>
[Collection(PipelineServers.Name)]
public sealed class DeadLetterBoundsPipelineTests(PipelineFixture fixture)
{
    [Fact]
    public async Task A_flooding_device_is_told_of_every_rejection_while_its_letters_are_rate_limited_and_an_oversized_one_keeps_only_its_first_bytes()
    {
        await using var ingest = await fixture.StartIngestAsync("--DeadLetters:PerDevicePerMinute=5", "--Alerts:OfflineCheckInterval=00:00:01");
        await using var floodAcks = await fixture.ListenForAcksAsync("flood-05");
        await using var calmAcks = await fixture.ListenForAcksAsync("calm-05");
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1_000;
        string OutOfRange(string device, int seq) =>
            $$$"""{"device":"{{{device}}}","seq":{{{seq}}},"samples":[{"ts":{{{ts}}},"sensor":"pms5003","values":{"pm2_5":65000}}]}""";

        for (var seq = 1; seq <= 20; seq++)
        {
            await fixture.MosquittoPubAsync(Topics.Readings("flood-05"), OutOfRange("flood-05", seq));
        }

        // Over Validation:MaxPayloadBytes (256 KiB): too_large, kept as its length, digest and first 8 KiB.
        var oversized = "{\"device\":\"calm-05\",\"seq\":" + new string('9', 300_000) + "}";
        await fixture.MosquittoPubAsync(Topics.Readings("calm-05"), oversized);
        await fixture.MosquittoPubAsync(Topics.Readings("calm-05"), OutOfRange("calm-05", 1));

        await floodAcks.WaitForAsync(a => a.Rejected.Select(r => r.Seq).Distinct().Count() == 20);
        await calmAcks.WaitForAsync(a => a.Rejected.Any());

        var letters = DeadLetterStore.ReadAll(ingest.DeadLetterDirectory).ToList();
        Assert.Equal([1L, 2, 3, 4, 5], letters.Where(l => l.Device == "flood-05").Select(l => l.Seq!.Value));
        var calm = letters.Where(l => l.Device == "calm-05").ToList();
        Assert.Equal(["too_large", "out_of_range"], calm.Select(l => l.Reasons.Single().Reason));
        var big = calm[0];
        Assert.Equal((oversized.Length, (bool?)true), (big.PayloadBytes, big.Truncated));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(oversized))), big.PayloadSha256);
        Assert.Equal(oversized[..8192], big.Payload);

        var metrics = PrometheusExporter.ParseSamples(await ingest.MetricsAsync());
        Assert.Equal(15, metrics["airmon_ingest_deadletters_dropped_total{reason=\"rate_limited\"}"]);
        Assert.Equal(7, metrics["airmon_ingest_deadletters_written_total"]);
        Assert.Equal(22, metrics["airmon_ingest_messages_total{outcome=\"rejected\"}"]);
        var onDisk = Directory.GetFiles(ingest.DeadLetterDirectory).Sum(f => new FileInfo(f).Length);
        Assert.Equal(onDisk, metrics["airmon_ingest_deadletters_size_bytes"]);

        // Alerted on this replica (its client id is the station), and resolved at the first check without drops.
        const string Query = "SELECT station, subject, \"value\" FROM alert_event WHERE \"rule\" = 'deadletters-dropped' GROUP BY \"state\"";
        await Poll.UntilAsync(async () => (await ingest.QueryAsync(Query)).Count == 2, TimeSpan.FromSeconds(30), "the deadletters-dropped alert to fire and resolve");
        var states = (await ingest.QueryAsync(Query)).ToDictionary(s => s.Tags["state"]);
        var replica = $"ingest-{ingest.Database}";
        Assert.Equal((replica, $"{replica}/dead-letters"), (states["firing"].GetString(0, "station"), states["firing"].GetString(0, "subject")));
        Assert.InRange(states["firing"].GetDouble(0, "value")!.Value, 1, 15);
        Assert.Equal(0, states["resolved"].GetDouble(0, "value"));
    }
}
