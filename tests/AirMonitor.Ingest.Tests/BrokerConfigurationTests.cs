using System.Buffers;
using AirMonitor.Mqtt;
using AirMonitor.Testing;
using AirMonitor.Testing.Servers;
using Microsoft.Extensions.Logging.Abstractions;

namespace AirMonitor.Ingest.Tests;

/// <summary>deploy/mosquitto/airmon.conf: every setting has its reason, and the broker the tests run keeps what it promises.</summary>
public sealed class BrokerConfigurationTests
{
    private static readonly string[] Lines = File.ReadAllLines(RepositoryFiles.PathOf("deploy/mosquitto/airmon.conf"));

    [Fact]
    public void Every_setting_is_preceded_by_a_comment_giving_its_reason()
    {
        // A setting, or a group of settings on consecutive lines, sits right below its comment.
        for (var i = 0; i < Lines.Length; i++)
        {
            if (Lines[i].Length > 0 && !Lines[i].StartsWith('#'))
            {
                var above = i - 1;
                while (above >= 0 && Lines[above].Length > 0 && !Lines[above].StartsWith('#'))
                {
                    above--;
                }

                Assert.True(above >= 0 && Lines[above].StartsWith('#'), $"line {i + 1} '{Lines[i]}' has no comment above it");
            }
        }

        Assert.Contains("persistence true", Lines);
        Assert.Contains("max_queued_messages 200000", Lines);
    }

    [Fact]
    public async Task A_persistent_session_keeps_the_messages_queued_for_it_across_a_broker_restart()
    {
        await using var broker = new MosquittoServer();
        await broker.StartAsync();
        var received = new List<string>();

        // A consumer subscribes with a persistent session and goes away; three messages are queued for it.
        await WhileConnectedAsync(broker, "restart-consumer", TimeSpan.FromHours(1),
            c => c.SubscribeAsync("airmon/v1/+/readings", CancellationToken.None));
        await WhileConnectedAsync(broker, "restart-publisher", TimeSpan.Zero, async c =>
        {
            for (var i = 0; i < 3; i++)
            {
                await c.PublishAsync("airmon/v1/dev-01/readings", System.Text.Encoding.UTF8.GetBytes($"m{i}"));
            }
        });

        // A graceful stop saves the in-memory database (after a kill -9, what the last autosave wrote survives).
        await broker.StopAsync();
        await broker.StartAsync();

        await WhileConnectedAsync(broker, "restart-consumer", TimeSpan.FromHours(1), async c =>
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (Count(received) < 3)
            {
                await Task.Delay(50, deadline.Token);
            }
        }, payload => { lock (received) { received.Add(payload); } });

        Assert.Equal(["m0", "m1", "m2"], received);
    }

    [Fact]
    public async Task While_nothing_is_acknowledged_the_broker_sends_no_more_than_the_consumer_s_receive_maximum()
    {
        await using var broker = new MosquittoServer();
        await broker.StartAsync();
        var held = new List<MqttDelivery>();
        await using var consumer = new MqttConnection(new MqttOptions { Url = broker.Url.ToString(), ReceiveMaximum = 10 }, "flow-consumer", NullLogger.Instance,
            new MqttSession { ManualAcknowledge = true });
        consumer.MessageReceived = (in MqttMessage message) =>
        {
            lock (held)
            {
                held.Add(message.Delivery);
            }
        };
        using var stop = new CancellationTokenSource();
        var run = consumer.RunAsync((_, ct) => consumer.SubscribeAsync("flow/#", ct), stop.Token);
        await consumer.WaitConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        await WhileConnectedAsync(broker, "flow-publisher", TimeSpan.Zero, async c =>
        {
            for (var i = 0; i < 50; i++)
            {
                await c.PublishAsync("flow/x", System.Text.Encoding.UTF8.GetBytes($"m{i}"));
            }
        });
        await Task.Delay(1000);
        var first = Count(held);
        await Task.Delay(1000);
        await stop.CancelAsync();
        await run;

        // While nothing is acknowledged (InfluxDB down), the broker holds the rest. Mosquitto 2.0.11 sends a whole new
        // window on each PUBACK, though, so in full flow a consumer can hold more than its receive maximum (docs/delivery.md, "Known limits").
        Assert.Equal((10, 10), (first, Count(held)));
    }

    private static int Count<T>(List<T> received)
    {
        lock (received)
        {
            return received.Count;
        }
    }

    private static async Task WhileConnectedAsync(MosquittoServer broker, string clientId, TimeSpan sessionExpiry, Func<MqttConnection, Task> action, Action<string>? onMessage = null)
    {
        await using var connection = new MqttConnection(new MqttOptions { Url = broker.Url.ToString(), SessionExpiry = sessionExpiry }, clientId, NullLogger.Instance);
        connection.MessageReceived = (in MqttMessage message) => onMessage?.Invoke(System.Text.Encoding.UTF8.GetString(message.Payload));
        using var stop = new CancellationTokenSource();
        var run = connection.RunAsync((_, _) => Task.CompletedTask, stop.Token);
        await connection.WaitConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await action(connection);
        await Task.Delay(200);
        await stop.CancelAsync();
        await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
