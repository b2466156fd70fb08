using AirMonitor.Edge.Outbox;
using AirMonitor.Edge.Tests.Outbox;
using AirMonitor.Testing;
using AirMonitor.Testing.Servers;
using Microsoft.Extensions.DependencyInjection;

namespace AirMonitor.Edge.Tests.Uplink;

/// <summary>
/// An edge whose profile names one device and whose credentials are another's, on the broker as deployed: the broker
/// refuses every readings publish (0x87, the ACL), and the edge says so instead of taking it for a lost connection.
/// </summary>
public sealed class UplinkRefusalTests : IAsyncLifetime, IDisposable
{
    private readonly SecuredMosquittoServer _broker = new();
    private readonly TempDirectory _directory = new();
    private (string Username, string Password) _otherDevice;

    public Task InitializeAsync()
    {
        _otherDevice = _broker.AddDeviceWithPassword("refused-b");
        return _broker.StartAsync();
    }

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Publishes_the_broker_refuses_are_counted_as_refused_and_not_as_published_and_stay_in_the_outbox()
    {
        var credentials = _directory.Combine("mqtt.credentials");
        await File.WriteAllTextAsync(credentials, $"{_otherDevice.Username}:{_otherDevice.Password}");
        var profile = _directory.Combine("profile.yaml");
        await File.WriteAllTextAsync(profile, $$"""
            device: {id: refused-a, simulated: true}
            mqtt: {url: "{{_broker.DevicePasswordUrl}}", credentials_file: "{{credentials}}", ca_file: "{{_broker.CaFile}}"}
            outbox: {path: "{{_directory.Combine("outbox.db")}}"}
            sensors:
              - {name: env, model: bme280, bus: i2c, address: 0x76, interval: 1s}
            """);
        using var edge = EdgeHost.Build([$"--Edge:ProfilePath={profile}", "--Edge:ClockSyncFile=", "--Edge:SamplesPerMessage=1",
            "--Edge:FlushInterval=00:00:00.500", "--Logging:LogLevel:Default=Critical"]);
        var metrics = edge.Services.GetRequiredService<EdgeMetrics>();
        await edge.StartAsync();
        try
        {
            await Poll.UntilAsync(() => metrics.PublishesRefused >= 2, TimeSpan.FromSeconds(30), "the broker to refuse the edge's readings");
        }
        finally
        {
            await edge.StopAsync();
        }

        Assert.Equal(0, metrics.MessagesPublished);
        Assert.Equal(metrics.MessagesStored, edge.Services.GetRequiredService<OutboxStore>().Depth);
    }
}
