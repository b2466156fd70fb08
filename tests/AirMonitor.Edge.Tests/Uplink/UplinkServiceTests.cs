using AirMonitor.Core.Contract;
using AirMonitor.Edge.Outbox;
using AirMonitor.Edge.Tests.Outbox;
using AirMonitor.Testing.Servers;
using Microsoft.Extensions.Hosting;

namespace AirMonitor.Edge.Tests.Uplink;

/// <summary>The uplink against a real Mosquitto; no ingest, so nothing is acknowledged and the backlog keeps draining.</summary>
public sealed class UplinkServiceTests : IAsyncLifetime, IDisposable
{
    private const string Device = "uplink-test-01";
    private const int Backlog = 300;
    private readonly MosquittoServer _broker = new();
    private readonly TempDirectory _directory = new();

    public Task InitializeAsync() => _broker.StartAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Readings_taken_now_go_out_ahead_of_a_backlog_that_drains_oldest_first_at_the_configured_rate()
    {
        var outboxPath = _directory.Combine("outbox.db");
        using (var outbox = OutboxStore.Open(outboxPath, new OutboxOptions(), TimeProvider.System))
        {
            var old = DateTimeOffset.UtcNow.AddDays(-2).ToUnixTimeMilliseconds();
            for (var i = 0; i < Backlog; i++)
            {
                outbox.Add(Device, [new Sample(old + (i * 60_000L), "pm", new Dictionary<string, double> { ["pm2_5"] = 10 })]);
            }
        }

        var profile = _directory.Combine("profile.yaml");
        await File.WriteAllTextAsync(profile, $$"""
            device: {id: {{Device}}, simulated: true}
            mqtt: {url: "{{_broker.Url}}"}
            outbox: {path: "{{outboxPath}}", resend_after: 10m}
            sensors:
              - {name: pm, model: pms5003, bus: uart, port: /dev/ttyUSB0, interval: 1s}
            """);
        await using var recorder = await ReadingsRecorder.StartAsync(_broker.Url, Device);
        var arrivals = new List<long>();
        using var edge = EdgeHost.Build([$"--Edge:ProfilePath={profile}", "--Edge:ClockSyncFile=", "--Edge:SamplesPerMessage=1",
            "--Edge:MaxMessagesPerSecond=10", "--Logging:LogLevel:Default=Warning"]);
        recorder.Arrived += seq => { lock (arrivals) { arrivals.Add(seq); } };

        await edge.StartAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Count(arrivals, seq => seq > Backlog) < 3)
        {
            await Task.Delay(100, deadline.Token);
        }

        await edge.StopAsync();
        long[] seen;
        lock (arrivals)
        {
            seen = [.. arrivals];
        }

        var backlog = seen.Where(seq => seq <= Backlog).ToList();
        var live = seen.Where(seq => seq > Backlog).ToList();

        // Three live messages arrived within a few seconds, while at 10 messages a second most of the backlog still waits.
        Assert.InRange(backlog.Count, 1, Backlog / 2);
        Assert.Equal(Enumerable.Range(1, backlog.Count).Select(i => (long)i), backlog);
        Assert.Equal(live.Order(), live);
    }

    private static int Count(List<long> arrivals, Func<long, bool> predicate)
    {
        lock (arrivals)
        {
            return arrivals.Count(predicate);
        }
    }
}
