using System.Collections.Concurrent;
using AirMonitor.Core.Contract;
using AirMonitor.Influx;
using AirMonitor.Ingest.DeadLetters;
using AirMonitor.Ingest.Alerts;
using AirMonitor.Ingest.Observability;
using AirMonitor.Mqtt;
using AirMonitor.Testing;
using AirMonitor.Testing.Servers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace AirMonitor.Ingest.Tests;

/// <summary>
/// The ingest and a device on the broker as deployed (deploy/mosquitto listeners.conf, ACLs and identities.sh; deploy/README.md,
/// "Identities"): both over TLS, the device with its client certificate, the ingest with its own account on its own listener.
/// </summary>
public sealed class BrokerIdentityPipelineTests : IAsyncLifetime
{
    private SecuredMosquittoServer Broker { get; } = new();
    private InfluxServer Influx { get; } = new();
    private readonly string _state = Directory.CreateTempSubdirectory("airmon-identity-").FullName;

    private (string User, string Password) _ingestAccount;
    private (string CertFile, string KeyFile) _device;

    /// <summary>The accounts first: the broker reads its password files at start.</summary>
    public Task InitializeAsync()
    {
        _ingestAccount = Broker.AddIngestAccount("airmon-ingest");
        _device = Broker.AddDeviceWithCertificate("dev-a");
        return Task.WhenAll(Broker.StartAsync(), Influx.StartAsync());
    }

    public async Task DisposeAsync()
    {
        await Broker.DisposeAsync();
        await Influx.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public async Task A_devices_own_readings_over_TLS_are_stored_and_readings_in_another_devices_name_are_rejected()
    {
        var (user, password) = _ingestAccount;
        var database = $"identity{Guid.NewGuid():N}"[..16];
        var app = IngestHost.Build(
        [
            $"--Mqtt:Url={Broker.IngestUrl}",
            $"--Mqtt:Username={user}",
            $"--Mqtt:Password={password}",
            $"--Mqtt:CaFile={Broker.CaFile}",
            "--Ingest:SharedSubscriptionGroup=identity",
            $"--Influx:Url={Influx.Url}",
            $"--Influx:Database={database}",
            "--Influx:FlushInterval=00:00:00.100",
            $"--Ingest:DeadLetterDirectory={Path.Combine(_state, "deadletter")}",
            $"--Accounting:LedgerPath={Path.Combine(_state, "seq-ledger.db")}",
            $"--Alerts:StatePath={Path.Combine(_state, "alerts.db")}",
            "--Urls=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        try
        {
            // Its default client ids (airmon-ingest.{hostname}) and the lease's (airmon-alerts.identity) on the ingest's listener.
            var lease = app.Services.GetRequiredService<AlertLease>();
            await lease.WaitHeldAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            await WaitHealthyAsync(await app.Services.GetRequiredService<StatusEndpoints>().Url);

            var (certFile, keyFile) = _device;
            var acks = new ConcurrentQueue<AckMessage>();
            await using var device = new MqttConnection(
                new MqttOptions { Url = Broker.DeviceCertificateUrl.ToString(), CaFile = Broker.CaFile, CertFile = certFile, KeyFile = keyFile },
                "dev-a",
                NullLogger.Instance,
                MqttSession.Throwaway) { MessageReceived = (in MqttMessage m) => acks.Enqueue(WireCodec.DecodeAck(m.Payload.ToArray())) };
            using var stop = new CancellationTokenSource();
            var running = device.RunAsync((_, ct) => device.SubscribeAsync(Topics.Ack("dev-a"), ct), stop.Token);
            await device.WaitConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));

            var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
            Sample[] samples = [new(ts, "pms5003", new Dictionary<string, double> { ["pm2_5"] = 17.5 })];
            await device.PublishAsync(Topics.Readings("dev-a"), WireCodec.Encode(new ReadingBatch("dev-a", 1, samples)));
            await device.PublishAsync(Topics.Readings("dev-a"), WireCodec.Encode(new ReadingBatch("dev-b", 2, samples)));
            await Poll.UntilAsync(() => acks.Any(a => a.Stored.Contains(1)), TimeSpan.FromSeconds(30), "dev-a's own message is acknowledged as stored");

            // The other is dead-lettered without a seq (a message whose device is not its topic's has none to acknowledge).
            var deadLetters = Path.Combine(_state, "deadletter");
            await Poll.UntilAsync(() => Directory.Exists(deadLetters) && DeadLetterStore.ReadAll(deadLetters).Any(), TimeSpan.FromSeconds(10), "the message in dev-b's name is dead-lettered");
            var letter = Assert.Single(DeadLetterStore.ReadAll(deadLetters));
            Assert.Equal((Topics.Readings("dev-a"), "device_mismatch"), (letter.Topic, letter.Reasons.Single().Reason));
            Assert.Equal([1L], acks.SelectMany(a => a.Stored));
            Assert.Empty(acks.SelectMany(a => a.Rejected));
            using var http = new HttpClient();
            var stored = Assert.Single(await new InfluxQueryClient(http, new InfluxOptions { Url = Influx.Url.ToString(), Database = database }).QueryAsync("SELECT pm2_5, device FROM air"));
            Assert.Single(stored.Values);
            Assert.Equal(17.5, stored.GetDouble(0, "pm2_5"));
            Assert.Equal("dev-a", stored.GetString(0, "device"));
            Assert.Equal(ts, stored.GetTime(0).ToUnixTimeMilliseconds());

            await stop.CancelAsync();
            await running;
        }
        finally
        {
            await app.StopAsync();
            await ((IAsyncDisposable)app).DisposeAsync();
        }
    }

    private static async Task WaitHealthyAsync(Uri url)
    {
        using var http = new HttpClient();
        await Poll.UntilAsync(async () => (await http.GetAsync(new Uri(url, "/health"))).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "the ingest is connected");
        await Task.Delay(200); // subscribed a moment after connecting
    }
}
