using AirMonitor.Core.Contract;
using AirMonitor.Testing;
using AirMonitor.Testing.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace AirMonitor.Ingest.Tests;

/// <summary>The seam after the pipeline: a consumer of settled messages is one class registered beside the ingest's own.</summary>
[Collection(PipelineServers.Name)]
public sealed class SettledMessagesTests(PipelineFixture fixture)
{
    private static readonly string Registry = Path.Combine(RepositoryFiles.Root, "firmware-config", "stations.yaml");

    [Fact]
    public async Task A_registered_subscriber_hears_each_settled_message_before_its_device_has_the_ack()
    {
        var heard = new Heard();
        await using var ingest = await fixture.StartIngestOnAsync($"t{Guid.NewGuid():N}"[..12], s => s.AddSingleton<ISettledMessages>(heard),
            $"--Ingest:RegistryPath={Registry}");
        await using var acks = await fixture.ListenForAcksAsync("bkk-dindaeng-01");
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        string Message(long seq, double pm25) =>
            $$$"""{"device":"bkk-dindaeng-01","seq":{{{seq}}},"samples":[{"ts":{{{ts}}},"sensor":"pms5003","values":{"pm2_5":{{{pm25}}}}}]}""";

        await fixture.MosquittoPubAsync(Topics.Readings("bkk-dindaeng-01"), Message(7, 12.5));
        await fixture.MosquittoPubAsync(Topics.Readings("bkk-dindaeng-01"), Message(8, 20000)); // out_of_range: rejected
        await acks.WaitForAsync(a => a.Stored.Contains(7) && a.Rejected.Any(r => r.Seq == 8));

        // No waiting here: the subscriber was told before the acks were sent.
        var messages = heard.Messages;
        Assert.Equal([("bkk-dindaeng-01", 7L, Settlement.Stored), ("bkk-dindaeng-01", 8L, Settlement.Rejected)],
            messages.Select(m => (m.Device, m.Seq, m.Settlement)));
        Assert.Equal((ts, "bkk-dindaeng", ts, ts), (messages[0].FirstSampleTs, messages[0].Air?.Station, messages[0].Air?.FirstTs, messages[0].Air?.LastTs));
        Assert.Equal((null, null), (messages[1].FirstSampleTs, messages[1].Air));
    }

    private sealed class Heard : ISettledMessages
    {
        private readonly List<SettledMessage> _messages = [];

        public List<SettledMessage> Messages
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages];
                }
            }
        }

        public void Settled(IReadOnlyList<SettledMessage> messages)
        {
            lock (_messages)
            {
                _messages.AddRange(messages);
            }
        }
    }
}
