using System.Text;
using AirMonitor.Testing;
using AirMonitor.Testing.Servers;
using Microsoft.Extensions.Logging.Abstractions;

namespace AirMonitor.Mqtt.Tests;

/// <summary>The client against Debian's Mosquitto 2.0, started with the deployed settings.</summary>
public sealed class MqttConnectionTests : IAsyncLifetime
{
    private MosquittoServer Broker { get; } = new();

    private readonly List<(MqttConnection Connection, CancellationTokenSource Stop, Task Run)> _clients = [];

    public Task InitializeAsync() => Broker.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var (connection, stop, run) in _clients)
        {
            await stop.CancelAsync();
            await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await connection.DisposeAsync();
            stop.Dispose();
        }

        await Broker.DisposeAsync();
    }

    [Fact]
    public async Task Messages_arrive_with_their_topic_payload_qos_and_retain_flag()
    {
        var received = new List<(string Topic, string Payload, MqttQos Qos, bool Retain)>();
        await StartAsync("retainer", onMessage: null);
        var publisher = _clients[0].Connection;
        await publisher.PublishAsync("t/retained", "kept"u8.ToArray(), MqttQos.AtLeastOnce, retain: true);

        await StartAsync("receiver", (in MqttMessage m) => Add(received, (m.Topic, Encoding.UTF8.GetString(m.Payload), m.Qos, m.Retain)), "t/#");
        await publisher.PublishAsync("t/one", "q1"u8.ToArray());
        await publisher.PublishAsync("t/zero", "q0"u8.ToArray(), MqttQos.AtMostOnce);
        await Poll.UntilAsync(() => Count(received) == 3, TimeSpan.FromSeconds(10), "Count(received) == 3");

        Assert.Equal([("t/retained", "kept", MqttQos.AtLeastOnce, true), ("t/one", "q1", MqttQos.AtLeastOnce, false), ("t/zero", "q0", MqttQos.AtMostOnce, false)], received);
    }

    [Fact]
    public async Task A_message_larger_than_the_read_buffer_arrives_whole()
    {
        var payload = new byte[1_000_000];
        Random.Shared.NextBytes(payload);
        byte[]? received = null;
        await StartAsync("big-receiver", (in MqttMessage m) => received = m.Payload.ToArray(), "big");
        await StartAsync("big-sender", null);
        await _clients[1].Connection.PublishAsync("big", payload);
        await Poll.UntilAsync(() => Volatile.Read(ref received) is not null, TimeSpan.FromSeconds(10), "Volatile.Read(ref received) is not null");
        Assert.Equal(payload, received);
    }

    [Fact]
    public async Task What_is_not_acknowledged_by_hand_comes_again_in_the_next_session_and_what_is_does_not()
    {
        var deliveries = new List<(string Payload, MqttDelivery Delivery)>();
        var session = new MqttSession { ManualAcknowledge = true };
        var consumer = await StartAsync("manual", (in MqttMessage m) => Add(deliveries, (Encoding.UTF8.GetString(m.Payload), m.Delivery)), "m/#", session);
        var publisher = await StartAsync("manual-publisher", null);
        for (var i = 0; i < 4; i++)
        {
            await publisher.PublishAsync("m/x", Encoding.UTF8.GetBytes($"m{i}"));
        }

        await Poll.UntilAsync(() => Count(deliveries) == 4, TimeSpan.FromSeconds(10), "Count(deliveries) == 4");
        Assert.Equal(2, consumer.Acknowledge([deliveries[0].Delivery, deliveries[1].Delivery]));
        await Task.Delay(300);
        await StopAsync(consumer);

        lock (deliveries)
        {
            deliveries.Clear();
        }

        var again = await StartAsync("manual", (in MqttMessage m) => Add(deliveries, (Encoding.UTF8.GetString(m.Payload), m.Delivery)), "m/#", session);
        await Poll.UntilAsync(() => Count(deliveries) == 2, TimeSpan.FromSeconds(10), "Count(deliveries) == 2");
        await Task.Delay(300);
        Assert.Equal(["m2", "m3"], deliveries.Select(d => d.Payload));

        // A delivery of the connection before is not acknowledged on this one: its packet identifier means nothing here.
        Assert.Equal(0, again.Acknowledge([new MqttDelivery(deliveries[0].Delivery.Link - 1, deliveries[0].Delivery.PacketId, MqttQos.AtLeastOnce)]));
    }

    [Fact]
    public async Task A_closed_read_gate_stops_the_reading_and_theBroker_keeps_the_rest_until_it_opens()
    {
        var handled = 0;
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new MqttConnection(Options(), "gated", NullLogger.Instance, MqttSession.Throwaway)
        {
            MessageReceived = (in MqttMessage _) => Interlocked.Increment(ref handled),
            ReadGate = _ => Volatile.Read(ref handled) < 10 ? ValueTask.CompletedTask : new ValueTask(open.Task),
        };
        await StartAsync(consumer, "g/#");
        var publisher = await StartAsync("gated-publisher", null);
        for (var i = 0; i < 2000; i++)
        {
            publisher.TryPublish("g/x", new byte[200]);
        }

        await Poll.UntilAsync(() => Volatile.Read(ref handled) >= 10, TimeSpan.FromSeconds(10), "Volatile.Read(ref handled) >= 10");
        await Task.Delay(500);
        var whileClosed = Volatile.Read(ref handled);
        await Task.Delay(500);
        Assert.Equal(whileClosed, Volatile.Read(ref handled));
        Assert.InRange(whileClosed, 10, 1999);

        open.SetResult();
        await Poll.UntilAsync(() => Volatile.Read(ref handled) == 2000, TimeSpan.FromSeconds(10), "Volatile.Read(ref handled) == 2000");
    }

    [Fact]
    public async Task The_will_is_published_when_the_connection_dies_without_a_disconnect_and_not_after_a_disconnect()
    {
        var wills = new List<string>();
        await StartAsync("will-watcher", (in MqttMessage m) => Add(wills, Encoding.UTF8.GetString(m.Payload)), "will/#");
        await using var proxy = new TcpProxy(Broker.Port);
        var options = new MqttOptions { Url = proxy.MqttUrl.ToString(), KeepAlive = TimeSpan.FromSeconds(60) };
        await StartAsync(new MqttConnection(options, "dying", NullLogger.Instance, MqttSession.Throwaway with { Will = new("will/dying", "gone"u8.ToArray(), Retain: false) }), null);
        var leaving = await StartAsync(new MqttConnection(Options(), "leaving", NullLogger.Instance, MqttSession.Throwaway with { Will = new("will/leaving", "left"u8.ToArray(), Retain: false) }), null);

        await StopAsync(leaving);
        proxy.Cut();
        await Poll.UntilAsync(() => Count(wills) == 1, TimeSpan.FromSeconds(10), "Count(wills) == 1");
        await Task.Delay(500);
        Assert.Equal(["gone"], wills);
    }

    [Fact]
    public async Task ABroker_that_stops_answering_is_left_after_one_and_a_half_keep_alives_and_found_again()
    {
        var disconnected = 0;
        var options = new MqttOptions { Url = Broker.Url.ToString(), KeepAlive = TimeSpan.FromSeconds(2), ReconnectDelay = TimeSpan.FromMilliseconds(100), ReconnectMaxDelay = TimeSpan.FromMilliseconds(200) };
        var client = new MqttConnection(options, "keepalive", NullLogger.Instance, MqttSession.Throwaway);
        client.Disconnected += () => Interlocked.Increment(ref disconnected);
        await StartAsync(client, null);

        Broker.Pause();
        var paused = DateTime.UtcNow;
        await Poll.UntilAsync(() => Volatile.Read(ref disconnected) == 1, TimeSpan.FromSeconds(10), "Volatile.Read(ref disconnected) == 1");
        Assert.InRange(DateTime.UtcNow - paused, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5));
        Broker.Resume();
        await client.WaitConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await client.PublishAsync("alive", "yes"u8.ToArray());
    }

    [Fact]
    public async Task Connected_follows_every_connect_and_says_whether_the_broker_kept_the_session()
    {
        var connects = new List<bool>();
        var options = new MqttOptions { Url = Broker.Url.ToString(), ReconnectDelay = TimeSpan.FromMilliseconds(100), ReconnectMaxDelay = TimeSpan.FromMilliseconds(200) };
        var client = new MqttConnection(options, "connected-event", NullLogger.Instance, new MqttSession());
        client.Connected += present => Add(connects, present);
        await StartAsync(client, null);
        await Poll.UntilAsync(() => Count(connects) == 1, TimeSpan.FromSeconds(10), "a Connected after the first connect");

        // kill -9 before the broker's autosave loses the session; a graceful stop saves it.
        Broker.Kill();
        await Broker.StartAsync();
        await Poll.UntilAsync(() => Count(connects) == 2, TimeSpan.FromSeconds(10), "a Connected after the broker's kill -9");
        await Broker.StopAsync();
        await Broker.StartAsync();
        await Poll.UntilAsync(() => Count(connects) == 3, TimeSpan.FromSeconds(10), "a Connected after the broker's graceful restart");
        lock (connects)
        {
            Assert.Equal([false, false, true], connects);
        }
    }

    [Fact]
    public async Task Publishing_while_disconnected_fails_at_once_and_a_lost_connection_fails_what_waits()
    {
        var client = new MqttConnection(Options(), "never-connected", NullLogger.Instance);
        var e = await Assert.ThrowsAsync<MqttException>(() => client.PublishAsync("x", "y"u8.ToArray()));
        Assert.Contains("not connected", e.Message);
        Assert.False(client.TryPublish("x", "y"u8.ToArray()));
        Assert.Throws<ArgumentException>(() => client.TryPublish("a/+", "y"u8.ToArray()));
    }

    private MqttOptions Options() => new() { Url = Broker.Url.ToString() };

    private Task<MqttConnection> StartAsync(string clientId, MqttMessageHandler? onMessage, string? filter = null, MqttSession? session = null) =>
        StartAsync(new MqttConnection(Options(), clientId, NullLogger.Instance, session ?? MqttSession.Throwaway) { MessageReceived = onMessage }, filter);

    private async Task<MqttConnection> StartAsync(MqttConnection connection, string? filter)
    {
        var stop = new CancellationTokenSource();
        var run = connection.RunAsync((_, ct) => filter is null ? Task.CompletedTask : connection.SubscribeAsync(filter, ct), stop.Token);
        _clients.Add((connection, stop, run));
        await connection.WaitConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        return connection;
    }

    private async Task StopAsync(MqttConnection connection)
    {
        var (_, stop, run) = _clients.Single(c => c.Connection == connection);
        await stop.CancelAsync();
        await run;
        await connection.DisposeAsync();
    }

    private static void Add<T>(List<T> list, T item)
    {
        lock (list)
        {
            list.Add(item);
        }
    }

    private static int Count<T>(List<T> list)
    {
        lock (list)
        {
            return list.Count;
        }
    }
}
