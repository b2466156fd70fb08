using System.Collections.Concurrent;
using System.Security.Authentication;
using System.Text;
using AirMonitor.Testing;
using AirMonitor.Testing.Servers;
using Microsoft.Extensions.Logging.Abstractions;

namespace AirMonitor.Mqtt.Tests;

/// <summary>
/// A device can only be itself (deploy/README.md, "Identities"): Mosquitto started with deploy/mosquitto's listeners.conf
/// and ACLs and an installation made by identities.sh, and our client over TLS against the installation's CA.
/// </summary>
public sealed class BrokerIdentityTests : IAsyncLifetime
{
    // The ingest's ids as it makes them (Ingest/BrokerIdentity.cs): with a '.', which no device id has.
    private const string IngestClientId = "airmon-ingest.replica-1";
    private const string LeaseClientId = "airmon-alerts.replicas";

    private const int NotAuthorized = 0x87;
    private const int BadUserNameOrPassword = 0x86;

    private SecuredMosquittoServer Broker { get; } = new();
    private readonly List<(MqttConnection Connection, CancellationTokenSource Stop, Task Run)> _running = [];
    private readonly List<MqttConnection> _once = [];

    private readonly Dictionary<(string Device, string Credential), MqttOptions> _devices = [];
    private MqttOptions _ingest = null!;

    /// <summary>The accounts first: the broker reads its password files at start.</summary>
    public Task InitializeAsync()
    {
        var (user, password) = Broker.AddIngestAccount("airmon-ingest");
        _ingest = Tls(Broker.IngestUrl, user, password);
        foreach (var device in (string[])["dev-a", "dev-b"])
        {
            var (name, secret) = Broker.AddDeviceWithPassword(device);
            _devices[(device, "password")] = Tls(Broker.DevicePasswordUrl, name, secret);
            var certificate = Tls(Broker.DeviceCertificateUrl);
            (certificate.CertFile, certificate.KeyFile) = Broker.AddDeviceWithCertificate(device);
            _devices[(device, "certificate")] = certificate;
        }

        return Broker.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var (connection, stop, run) in _running)
        {
            await stop.CancelAsync();
            await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await connection.DisposeAsync();
            stop.Dispose();
        }

        foreach (var connection in _once)
        {
            await connection.DisposeAsync();
        }

        await Broker.DisposeAsync();
    }

    [Fact]
    public async Task Clients_without_credentials_are_refused_on_every_listener_and_a_devices_password_is_refused_on_the_ingests()
    {
        var device = _devices[("dev-a", "password")];

        foreach (var url in new[] { Broker.DevicePasswordUrl, Broker.IngestUrl })
        {
            var refused = await Assert.ThrowsAsync<MqttException>(() => ConnectOnceAsync(Tls(url), "anonymous"));
            Assert.True(refused.ReasonCode is NotAuthorized or BadUserNameOrPassword, $"{url}: {refused.Message}");
        }

        // The certificate listener wants a certificate before any MQTT.
        await AssertConnectionFailsAsync(Tls(Broker.DeviceCertificateUrl), "no-certificate");

        var onIngestListener = await Assert.ThrowsAsync<MqttException>(() => ConnectOnceAsync(Tls(Broker.IngestUrl, device.Username, device.Password), IngestClientId));
        Assert.True(onIngestListener.ReasonCode is NotAuthorized or BadUserNameOrPassword, onIngestListener.Message);
        await ConnectOnceAsync(device, "dev-a");
    }

    [Theory]
    [InlineData("password")]
    [InlineData("certificate")]
    public async Task A_device_publishes_only_its_own_readings_and_reads_only_its_own_acks(string credential)
    {
        var readings = new ConcurrentQueue<string>();
        var ingest = await RunAsync(IngestOptions(), IngestClientId, "airmon/v1/+/readings", (in MqttMessage m) => readings.Enqueue(m.Topic));
        var acks = new ConcurrentQueue<string>();
        var deviceA = await RunAsync(DeviceOptions("dev-a", credential), "dev-a", "airmon/v1/dev-a/ack", (in MqttMessage m) => acks.Enqueue(m.Topic));

        var asB = await Assert.ThrowsAsync<MqttException>(() => deviceA.PublishAsync("airmon/v1/dev-b/readings", "{}"u8.ToArray()));
        Assert.Equal(NotAuthorized, asB.ReasonCode);
        await deviceA.PublishAsync("airmon/v1/dev-a/readings", "{}"u8.ToArray());
        await Poll.UntilAsync(() => readings.Contains("airmon/v1/dev-a/readings"), TimeSpan.FromSeconds(10), "the ingest receives dev-a's own readings");

        // Mosquitto 2.0.11 grants these subscriptions and checks the ACL on each delivery: nothing of dev-b's arrives.
        await deviceA.SubscribeAsync([new("airmon/v1/dev-b/ack"), new("airmon/v1/+/readings"), new("airmon/v1/dev-b/#")], CancellationToken.None);
        var deviceB = await RunAsync(DeviceOptions("dev-b", credential), "dev-b", filter: null);
        await deviceB.PublishAsync("airmon/v1/dev-b/readings", "{}"u8.ToArray());
        await ingest.PublishAsync("airmon/v1/dev-b/ack", "{}"u8.ToArray());
        await ingest.PublishAsync("airmon/v1/dev-a/ack", "{}"u8.ToArray());
        await Poll.UntilAsync(() => acks.Contains("airmon/v1/dev-a/ack") && readings.Contains("airmon/v1/dev-b/readings"), TimeSpan.FromSeconds(10), "dev-a's ack and dev-b's readings are delivered");
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        Assert.Equal(["airmon/v1/dev-a/readings", "airmon/v1/dev-b/readings"], readings);
        Assert.Equal(["airmon/v1/dev-a/ack"], acks);
    }

    [Theory]
    [InlineData("password")]
    [InlineData("certificate")]
    public async Task A_device_that_asks_for_the_ingests_or_the_leases_client_id_gets_its_own_and_the_ingest_stays_connected(string credential)
    {
        var ingestLost = 0;
        var ingest = await RunAsync(IngestOptions(), IngestClientId, filter: null);
        ingest.Disconnected += () => Interlocked.Increment(ref ingestLost);
        var lease = await RunAsync(IngestOptions(), LeaseClientId, filter: null);
        lease.Disconnected += () => Interlocked.Increment(ref ingestLost);

        var asIngest = await ConnectOnceAsync(DeviceOptions("dev-a", credential), IngestClientId);
        var asLease = await ConnectOnceAsync(DeviceOptions("dev-a", credential), LeaseClientId);

        // Both took the client id dev-a (the second replaced the first), neither the ingest's nor the lease's.
        await Poll.UntilAsync(() => !asIngest.IsConnected, TimeSpan.FromSeconds(10), "the device's first connection is taken over by its second, under the one id it has");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.True(asLease.IsConnected);
        Assert.Equal(0, Volatile.Read(ref ingestLost));
        Assert.True(ingest.IsConnected && lease.IsConnected);
        await ingest.PublishAsync("airmon/v1/dev-a/ack", "{}"u8.ToArray());
        await lease.PublishAsync("airmon/v1/ingest/replicas/alert-lease", Encoding.UTF8.GetBytes(IngestClientId));
    }

    [Theory]
    [InlineData("password")]
    [InlineData("certificate")]
    public async Task A_revoked_device_is_refused_once_the_broker_reloads_and_the_others_are_not(string credential)
    {
        var revoked = DeviceOptions("dev-a", credential);
        var kept = DeviceOptions("dev-b", credential);
        await ConnectOnceAsync(revoked, "dev-a");

        Broker.Revoke("dev-a");
        Broker.Reload();

        // The broker takes the signal at its next loop turn: until then the old files hold.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await ConnectsAsync(revoked, "dev-a"))
        {
            await Task.Delay(100, deadline.Token);
        }

        await AssertConnectionFailsAsync(revoked, "dev-a");
        await ConnectOnceAsync(kept, "dev-b");
    }

    [Fact]
    public async Task A_connected_password_device_is_disconnected_when_revoked_and_the_broker_reloads()
    {
        var revoked = await ConnectOnceAsync(DeviceOptions("dev-a", "password"), "dev-a");
        var kept = await ConnectOnceAsync(DeviceOptions("dev-b", "password"), "dev-b");

        Broker.Revoke("dev-a");
        Broker.Reload();

        await Poll.UntilAsync(() => !revoked.IsConnected, TimeSpan.FromSeconds(10), "the revoked device's connection to be closed");
        Assert.True(kept.IsConnected);
    }

    /// <summary>
    /// Mosquitto 2.0.11 checks the CRL only at the handshake, so a revoked certificate's open connection stays; the
    /// certificate listener's ACL names each valid certificate's device (identities.sh), so at the reload it loses its topics.
    /// </summary>
    [Fact]
    public async Task A_connected_certificate_device_may_publish_nothing_once_revoked_and_the_broker_reloads()
    {
        var readings = new ConcurrentQueue<string>();
        await RunAsync(IngestOptions(), IngestClientId, "airmon/v1/+/readings", (in MqttMessage m) => readings.Enqueue(m.Topic));
        var revoked = await RunAsync(DeviceOptions("dev-a", "certificate"), "dev-a", filter: null);
        var kept = await RunAsync(DeviceOptions("dev-b", "certificate"), "dev-b", filter: null);
        await revoked.PublishAsync("airmon/v1/dev-a/readings", "{}"u8.ToArray());

        Broker.Revoke("dev-a");
        Broker.Reload();

        // The broker takes the signal at its next loop turn: until then the old ACL holds.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        MqttException refused;
        while (true)
        {
            try
            {
                await revoked.PublishAsync("airmon/v1/dev-a/readings", "{}"u8.ToArray());
                await Task.Delay(100, deadline.Token);
            }
            catch (MqttException e)
            {
                refused = e;
                break;
            }
        }

        Assert.Equal(NotAuthorized, refused.ReasonCode);
        await kept.PublishAsync("airmon/v1/dev-b/readings", "{}"u8.ToArray());
        await Poll.UntilAsync(() => readings.Contains("airmon/v1/dev-b/readings"), TimeSpan.FromSeconds(10), "the kept device's readings");
    }

    [Fact]
    public async Task Running_identities_sh_again_keeps_the_CA_the_certificates_and_the_passwords()
    {
        string[] files = ["ca.crt", "ca/ca.key", "server.crt", "server.key", "crl.pem", "devices.passwd", "ingest.passwd", "devices/dev-a.crt", "devices/dev-a.credentials"];
        var before = files.ToDictionary(f => f, f => File.ReadAllText(Path.Combine(Broker.Installation, f)));

        Broker.InitAgain();
        Broker.AddIngestAccount("airmon-ingest");
        Broker.AddDeviceWithPassword("dev-a");
        Broker.AddDeviceWithCertificate("dev-a");

        Assert.All(files, f => Assert.Equal(before[f], File.ReadAllText(Path.Combine(Broker.Installation, f))));
        Broker.Reload();
        await ConnectOnceAsync(DeviceOptions("dev-a", "password"), "dev-a");
        await ConnectOnceAsync(DeviceOptions("dev-b", "certificate"), "dev-b");
    }

    private MqttOptions DeviceOptions(string device, string credential) => _devices[(device, credential)];

    private MqttOptions IngestOptions() => _ingest;

    private MqttOptions Tls(Uri url, string? user = null, string? password = null)
    {
        var options = new MqttOptions { Url = url.ToString(), CaFile = Broker.CaFile, Username = user, Password = password };
        Assert.Empty(options.Validate());
        return options;
    }

    private async Task<MqttConnection> ConnectOnceAsync(MqttOptions options, string clientId)
    {
        var connection = new MqttConnection(options, clientId, NullLogger.Instance, MqttSession.Throwaway);
        _once.Add(connection);
        await connection.ConnectOnceAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));
        return connection;
    }

    private static async Task<bool> ConnectsAsync(MqttOptions options, string clientId)
    {
        try
        {
            await using var connection = new MqttConnection(options, clientId, NullLogger.Instance, MqttSession.Throwaway);
            await connection.ConnectOnceAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));
            return true;
        }
        catch (Exception e) when (e is MqttException or AuthenticationException or IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Refused before or after the TLS handshake: with TLS 1.3 a client learns that its certificate was refused only when
    /// it reads (the connection closes instead of a CONNACK), not from the handshake.
    /// </summary>
    private async Task AssertConnectionFailsAsync(MqttOptions options, string clientId)
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => ConnectOnceAsync(options, clientId));
        Assert.True(e is MqttException or AuthenticationException or IOException, $"{e.GetType().Name}: {e.Message}");
    }

    private async Task<MqttConnection> RunAsync(MqttOptions options, string clientId, string? filter, MqttMessageHandler? onMessage = null)
    {
        var connection = new MqttConnection(options, clientId, NullLogger.Instance, MqttSession.Throwaway) { MessageReceived = onMessage };
        var stop = new CancellationTokenSource();
        var run = connection.RunAsync((_, ct) => filter is null ? Task.CompletedTask : connection.SubscribeAsync(filter, ct), stop.Token);
        _running.Add((connection, stop, run));
        await connection.WaitConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));
        return connection;
    }
}
