using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;

namespace AirMonitor.Mqtt;

/// <summary>
/// One MQTT 5 client that stays connected: connects, runs the caller's set-up (subscriptions, status),
/// and on any loss reconnects with a capped, jittered backoff until cancelled.
/// </summary>
public sealed partial class MqttConnection : IAsyncDisposable
{
    private readonly MqttOptions _options;
    private readonly MqttClientOptions _clientOptions;
    private readonly ILogger _logger;
    private TaskCompletionSource _disconnected = NewSignal();
    private TaskCompletionSource _connected = NewSignal();

    /// <param name="configure">Adds to the connect options (a last will, clean start for throw-away clients).</param>
    public MqttConnection(MqttOptions options, string clientId, ILogger logger, Action<MqttClientOptionsBuilder>? configure = null)
    {
        if (!MqttOptions.TryParseUrl(options.Url, out var host, out var port, out var tls))
        {
            throw new ArgumentException($"Mqtt:Url '{options.Url}' is not mqtt://host:port or mqtts://host:port", nameof(options));
        }

        _options = options;
        _logger = logger;
        ClientId = clientId;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)options.SessionExpiry.TotalSeconds)
            .WithKeepAlivePeriod(options.KeepAlive)
            .WithReceiveMaximum((ushort)options.ReceiveMaximum)
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (tls)
        {
            builder.WithTlsOptions(o => o.UseTls());
        }

        if (options.Username is not null)
        {
            builder.WithCredentials(options.Username, options.Password);
        }

        configure?.Invoke(builder);
        _clientOptions = builder.Build();
        Client = new MqttClientFactory().CreateMqttClient();
        Client.DisconnectedAsync += e =>
        {
            // MQTTnet raises this for failed connect attempts too; a late one must not end the next, good connection.
            if (e.ClientWasConnected)
            {
                _disconnected.TrySetResult();
            }

            return Task.CompletedTask;
        };
    }

    public IMqttClient Client { get; }

    public string ClientId { get; }

    public bool IsConnected => Client.IsConnected;

    /// <summary>Completes when the client is connected now (after the set-up ran).</summary>
    public Task WaitConnectedAsync(CancellationToken cancellationToken) => _connected.Task.WaitAsync(cancellationToken);

    /// <summary>Keeps the connection up until <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="onConnected">Runs after every (re)connect; told whether the broker still had our session.</param>
    public async Task RunAsync(Func<bool, CancellationToken, Task> onConnected, CancellationToken cancellationToken)
    {
        var delay = _options.ReconnectDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                _disconnected = NewSignal();
                var result = await Client.ConnectAsync(_clientOptions, cancellationToken);
                await onConnected(result.IsSessionPresent, cancellationToken);
                LogConnected(ClientId, result.IsSessionPresent);
                delay = _options.ReconnectDelay;
                _connected.TrySetResult();
                await _disconnected.Task.WaitAsync(cancellationToken);
                ResetConnected();
                LogDisconnected(ClientId);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is MqttCommunicationException or MqttProtocolViolationException or InvalidOperationException or OperationCanceledException or System.Net.Sockets.SocketException)
            {
                ResetConnected();
                LogConnectFailed(ClientId, e.Message, delay);
            }

            await Task.Delay(Jitter(delay), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
        }
    }

    /// <summary>
    /// PUBACKs a message received with <c>AutoAcknowledge = false</c>; false when the connection it came on is gone
    /// (the broker then delivers it again to the next session).
    /// </summary>
    public async Task<bool> TryAcknowledgeAsync(MqttApplicationMessageReceivedEventArgs message, CancellationToken cancellationToken)
    {
        if (!Client.IsConnected)
        {
            return false;
        }

        try
        {
            await message.AcknowledgeAsync(cancellationToken);
            return true;
        }
        // MQTTnet 5.2 throws NullReferenceException from AcknowledgeAsync when the connection went away meanwhile.
        catch (Exception e) when (e is MqttCommunicationException or InvalidOperationException or ObjectDisposedException or NullReferenceException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Client.IsConnected)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await Client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), timeout.Token);
            }
            catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException)
            {
                // the broker is gone already; nothing to say goodbye to
            }
        }

        Client.Dispose();
    }

    // Only a completed signal is replaced: whoever waits on the pending one must be woken by the next connect.
    private void ResetConnected()
    {
        if (_connected.Task.IsCompleted)
        {
            _connected = NewSignal();
        }
    }

    // Spread reconnects of many clients after a broker restart instead of hitting it in one instant.
    private static TimeSpan Jitter(TimeSpan delay) => delay * (0.5 + Random.Shared.NextDouble() / 2);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT client {ClientId} connected (session present: {SessionPresent})")]
    private partial void LogConnected(string clientId, bool sessionPresent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT client {ClientId} disconnected; reconnecting")]
    private partial void LogDisconnected(string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT client {ClientId} could not connect: {Reason}; retrying in about {Delay}")]
    private partial void LogConnectFailed(string clientId, string reason, TimeSpan delay);
}
