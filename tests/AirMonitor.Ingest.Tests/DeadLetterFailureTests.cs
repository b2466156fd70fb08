using AirMonitor.Core.Contract;
using AirMonitor.Ingest.Observability;
using AirMonitor.Ingest.Pipeline;
using AirMonitor.Testing.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace AirMonitor.Ingest.Tests;

/// <summary>A dead letter that cannot be written (a full or broken disk): the message stays the broker's, nothing else stops.</summary>
[Collection(PipelineServers.Name)]
public sealed class DeadLetterFailureTests(PipelineFixture fixture)
{
    [Fact]
    public async Task A_dead_letter_that_cannot_be_written_takes_no_in_flight_slot_and_good_messages_flow()
    {
        await using var ingest = await fixture.StartIngestAsync();

        // Directories where today's (and, near midnight, tomorrow's) dead-letter file would go: opening one fails, even for root.
        var today = DateTimeOffset.UtcNow;
        foreach (var day in new[] { today, today.AddDays(1) })
        {
            Directory.CreateDirectory(Path.Combine(ingest.DeadLetterDirectory, $"deadletter-{day:yyyy-MM-dd}.jsonl"));
        }

        await using var acks = await fixture.ListenForAcksAsync("good-03");
        var ts = today.ToUnixTimeMilliseconds() - 1_000;

        await fixture.MosquittoPubAsync(Topics.Readings("bad-03"), "{\"device\":\"bad-03\",\"seq\":");
        await fixture.MosquittoPubAsync(Topics.Readings("good-03"),
            $$$"""{"device":"good-03","seq":1,"samples":[{"ts":{{{ts}}},"sensor":"pms5003","values":{"pm2_5":10.5}}]}""");
        await acks.WaitForAsync(a => a.Stored.Contains(1));

        // The bad message came first on the same connection; had it taken a slot, one would still be counted in flight.
        var window = ingest.App.Services.GetRequiredService<InFlightWindow>();
        var metrics = ingest.App.Services.GetRequiredService<IngestMetrics>();
        Assert.Equal((0L, 0L), (window.Count, metrics.InFlight));
        Assert.Empty(Directory.GetFiles(ingest.DeadLetterDirectory));
    }
}
