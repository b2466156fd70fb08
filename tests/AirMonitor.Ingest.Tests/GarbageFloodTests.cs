using System.Globalization;
using System.Text.RegularExpressions;
using AirMonitor.Cli.Simulation;
using AirMonitor.Core.Contract;
using AirMonitor.Core.Stations;
using AirMonitor.Mqtt;
using AirMonitor.Testing;
using AirMonitor.Testing.Pipeline;
using CsCheck;
using Microsoft.Extensions.Logging.Abstractions;

namespace AirMonitor.Ingest.Tests;

/// <summary>One device floods its topic with mutated and random payloads while others report: the others lose nothing.</summary>
[Collection(PipelineServers.Name)]
public sealed partial class GarbageFloodTests(PipelineFixture fixture)
{
    private const int Garbage = 3000;

    [Fact]
    public async Task A_device_flooding_garbage_never_holds_up_the_others_and_every_garbage_message_is_accounted_for()
    {
        await using var ingest = await fixture.StartIngestAsync();
        var devices = FleetDevice.Pick(StationRegistry.Empty, 4);
        var mqtt = new MqttOptions { Url = fixture.Broker.Url.ToString() };
        await using var fleet = new Fleet(devices, mqtt, new FleetOptions { Messages = 40 }, NullLoggerFactory.Instance);
        var payloads = PayloadMutations.AnyFor("flood-01").Array[Garbage].Single();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));

        var flood = FloodAsync("flood-01", payloads, mqtt, timeout.Token);
        var result = await fleet.RunAsync(timeout.Token);
        await flood;

        Assert.True(result.AllAcknowledged, result.ToString());
        var perDevice = await ingest.QueryAsync("SELECT count(pm2_5) FROM air WHERE device =~ /^sim-/ GROUP BY device");
        Assert.Equal(devices.Select(d => d.Id).Order(), perDevice.Select(s => s.Tags["device"]).Order());
        Assert.All(perDevice, s => Assert.Equal(40, s.GetInt64(0, "count")));

        // Every flood message was settled one way or the other: stored (a mutation can still be valid) or rejected with a reason.
        long settled;
        do
        {
            await Task.Delay(200, timeout.Token);
            var metrics = await ingest.MetricsAsync();
            settled = Messages(metrics, "stored") + Messages(metrics, "rejected");
        }
        while (settled < result.Sent + Garbage);

        Assert.Equal(result.Sent + Garbage, settled);
    }

    private static async Task FloodAsync(string device, byte[][] payloads, MqttOptions mqtt, CancellationToken cancellationToken)
    {
        await using var connection = new MqttConnection(mqtt, $"flood-{Guid.NewGuid():N}", NullLogger.Instance, MqttSession.Throwaway);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var run = connection.RunAsync((_, _) => Task.CompletedTask, stop.Token);
        await connection.WaitConnectedAsync(cancellationToken);
        foreach (var payload in payloads)
        {
            await connection.PublishAsync(Topics.Readings(device), payload, cancellationToken: cancellationToken);
        }

        await stop.CancelAsync();
        await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static long Messages(string metrics, string outcome) =>
        MessagesLine().Matches(metrics).Where(m => m.Groups[1].Value == outcome).Sum(m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"airmon_ingest_messages_total\{outcome=""(\w+)""\} (\d+)")]
    private static partial Regex MessagesLine();
}
