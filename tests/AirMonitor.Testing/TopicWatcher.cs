using System.Buffers;
using AirMonitor.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;

namespace AirMonitor.Testing;

/// <summary>A clean-session subscriber to one topic, so a test sees what crosses the broker independently of the parts under test.</summary>
public abstract class TopicWatcher(Uri broker, string name) : IAsyncDisposable
{
    private readonly MqttConnection _connection = new(new MqttOptions { Url = broker.ToString() }, $"{name}-{Guid.NewGuid():N}", NullLogger.Instance,
        b => b.WithCleanStart(true).WithSessionExpiryInterval(0));
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    /// <summary>Subscribes (again after every reconnect) and returns once connected.</summary>
    protected async Task StartAsync(string topic)
    {
        _connection.Client.ApplicationMessageReceivedAsync += e =>
        {
            OnMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
        _run = _connection.RunAsync((_, ct) => _connection.Client.SubscribeAsync(topic, MqttQualityOfServiceLevel.AtLeastOnce, ct), _stop.Token);
        await _connection.WaitConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
    }

    protected abstract void OnMessage(string topic, byte[] payload);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _connection.DisposeAsync();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
