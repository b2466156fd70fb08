using System.Buffers;
using AirMonitor.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;

namespace AirMonitor.Testing.Servers;

/// <summary>A clean-session subscriber to one topic, so a test sees what crosses the broker independently of the parts under test.</summary>
public abstract class TopicWatcher(Uri broker, string name) : IAsyncDisposable
{
    private readonly MqttConnection _connection = new(new MqttOptions { Url = broker.ToString() }, $"{name}-{Guid.NewGuid():N}", NullLogger.Instance,
        MqttSession.Throwaway);
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    /// <summary>Subscribes (again after every reconnect) and returns once connected.</summary>
    protected async Task StartAsync(string topic)
    {
        _connection.MessageReceived = (in MqttMessage message) => OnMessage(message.Topic, message.Payload.ToArray());
        _run = _connection.RunAsync((_, ct) => _connection.SubscribeAsync(topic, ct), _stop.Token);
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
