using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Microsoft.Extensions.Logging;

namespace AirMonitor.Mqtt;

/// <summary>
/// One MQTT 5 client that stays connected: connects, runs the caller's set-up (subscriptions, status), and on any loss
/// reconnects with a capped, jittered backoff until cancelled. Every host (ingest, edge, CLI) talks MQTT through it.
/// </summary>
/// <remarks>
/// The project's own client (README in this folder): a general library costs the ingest its per-message budget (one
/// task and 4 KB of garbage per message, a socket write per PUBACK, reads of 2–3 messages per wake-up, an unbounded
/// queue between the socket and the handler). Here a received message is a slice of the read buffer handed to a
/// synchronous handler, a batch of PUBACKs is one write, and a consumer that cannot keep up stops the reading.
/// </remarks>
public sealed partial class MqttConnection : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DisconnectTimeout = TimeSpan.FromSeconds(2);

    private readonly MqttOptions _options;
    private readonly MqttSession _session;
    private readonly ILogger _logger;
    private readonly string _host;
    private readonly int _port;
    private readonly bool _tls;
    private volatile MqttLink? _link;
    private TaskCompletionSource _connected = NewSignal();

    /// <param name="session">How this connection presents itself (clean start, will, manual acknowledgement); default: a persistent session under <paramref name="clientId"/>.</param>
    public MqttConnection(MqttOptions options, string clientId, ILogger logger, MqttSession? session = null)
    {
        if (!MqttOptions.TryParseUrl(options.Url, out _host, out _port, out _tls))
        {
            throw new ArgumentException($"Mqtt:Url '{options.Url}' is not mqtt://host:port or mqtts://host:port", nameof(options));
        }

        _options = options;
        _session = session ?? new MqttSession();
        _logger = logger;
        ClientId = clientId;
    }

    public string ClientId { get; }

    public bool IsConnected => _link is { IsOpen: true };

    /// <summary>Receives every message (on the receive loop: must not block). Set before <see cref="RunAsync"/>.</summary>
    public MqttMessageHandler? MessageReceived { get; set; }

    /// <summary>
    /// Awaited before each read from the socket: a consumer that cannot take more returns a pending task, and the
    /// connection stops reading until it completes, so the broker keeps what is not yet read. Set before <see cref="RunAsync"/>.
    /// </summary>
    public Func<CancellationToken, ValueTask>? ReadGate { get; set; }

    /// <summary>Raised when a connection that was up is lost (not when an attempt to connect fails).</summary>
    public event Action? Disconnected;

    /// <summary>
    /// Raised after every (re)connect, once the set-up ran, with whether the broker still had our session; on the
    /// connecting task: a handler must not block. A broker that crashed may have lost retained messages and sessions.
    /// </summary>
    public event Action<bool>? Connected;

    /// <summary>Completes when the client is connected now (after the set-up ran).</summary>
    public Task WaitConnectedAsync(CancellationToken cancellationToken) => _connected.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Keeps the connection up until <paramref name="cancellationToken"/> fires, and returns then with the connection still
    /// open (so what is in hand can still be acknowledged); <see cref="DisposeAsync"/> disconnects.
    /// </summary>
    /// <param name="onConnected">Runs after every (re)connect; told whether the broker still had our session.</param>
    public async Task RunAsync(Func<bool, CancellationToken, Task> onConnected, CancellationToken cancellationToken)
    {
        var delay = _options.ReconnectDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            MqttLink? link = null;
            var wasConnected = false;
            try
            {
                link = await MqttLink.ConnectAsync(LinkSettings(), cancellationToken);
                _link = link;
                await onConnected(link.SessionPresent, cancellationToken);
                LogConnected(ClientId, link.SessionPresent);
                wasConnected = true;
                delay = _options.ReconnectDelay;
                _connected.TrySetResult();
                Connected?.Invoke(link.SessionPresent);
                var reason = await link.Closed.WaitAsync(cancellationToken);
                LogDisconnected(ClientId, reason);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is MqttException or SocketException or IOException or AuthenticationException or OperationCanceledException)
            {
                link?.Close(e.Message);
                LogConnectFailed(ClientId, e.Message, delay);
            }
            finally
            {
                if (!wasConnected && !cancellationToken.IsCancellationRequested)
                {
                    link?.Close("the set-up after connecting failed");
                }

                if (link is not null && !link.IsOpen)
                {
                    link.Dispose();
                    ResetConnected();
                    if (wasConnected)
                    {
                        Disconnected?.Invoke();
                    }
                }
            }

            await Task.Delay(Jitter(delay), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
        }
    }

    /// <summary>
    /// One attempt to connect, without the set-up and without reconnecting: what the broker says to these credentials and
    /// this client id (the tests of the deployed broker's identities). <see cref="DisposeAsync"/> disconnects.
    /// </summary>
    /// <exception cref="MqttException">The broker refused the connection, with its reason code.</exception>
    internal async Task ConnectOnceAsync(CancellationToken cancellationToken)
    {
        _link = await MqttLink.ConnectAsync(LinkSettings(), cancellationToken);
        _connected.TrySetResult();
    }

    /// <summary>Subscribes with QoS 1.</summary>
    public Task SubscribeAsync(string filter, CancellationToken cancellationToken) => SubscribeAsync([new MqttSubscription(filter)], cancellationToken);

    /// <exception cref="MqttException">Not connected, the connection was lost, or the broker refused a filter.</exception>
    public async Task SubscribeAsync(IReadOnlyList<MqttSubscription> subscriptions, CancellationToken cancellationToken)
    {
        var reasons = await Link().SubscribeAsync(subscriptions, cancellationToken);
        for (var i = 0; i < subscriptions.Count; i++)
        {
            var reason = i < reasons.Length ? reasons[i] : (byte)0x80;
            if (reason >= 0x80)
            {
                throw new MqttException($"the broker refused the subscription '{subscriptions[i].Filter}': {MqttReasons.Describe(reason)}") { ReasonCode = reason };
            }
        }
    }

    /// <summary>
    /// Publishes; a QoS 1 message completes when the broker's PUBACK arrives (waiting in a bounded queue while the
    /// broker's receive maximum is used up), QoS 0 when it is queued for sending.
    /// </summary>
    /// <exception cref="MqttException">Not connected, the connection was lost, the queue is full, or the broker refused (with its reason code, e.g. 0x87 not authorized).</exception>
    public async Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQos qos = MqttQos.AtLeastOnce, bool retain = false, CancellationToken cancellationToken = default)
    {
        var topicUtf8 = Topic(topic);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!Link().TryPublish(topicUtf8, payload, qos, retain, done) && !done.Task.IsCompleted)
        {
            done.TrySetException(new MqttException($"{ClientId} cannot queue more messages for the broker ({MqttLink.MaxQueuedPublishes} wait already)"));
        }

        await done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Completes once a QoS 1 publish would go to the broker at once rather than wait in the queue (fewer than the broker's
    /// receive maximum unacknowledged), or the connection is lost; while not connected, once it is.
    /// </summary>
    public async Task WaitForPublishRoomAsync(CancellationToken cancellationToken)
    {
        if (_link is not { IsOpen: true } link)
        {
            await WaitConnectedAsync(cancellationToken);
            return;
        }

        await link.WaitForPublishRoomAsync(cancellationToken);
    }

    /// <summary>Publishes without waiting for the broker; false when not connected or the send queue is full (nothing was sent).</summary>
    public bool TryPublish(string topic, ReadOnlyMemory<byte> payload, MqttQos qos = MqttQos.AtLeastOnce, bool retain = false)
    {
        var topicUtf8 = Topic(topic);
        return _link is { IsOpen: true } link && link.TryPublish(topicUtf8, payload, qos, retain, done: null);
    }

    /// <summary>
    /// PUBACKs messages received with <see cref="MqttSession.ManualAcknowledge"/>, in one write; the caller keeps the
    /// order they were received in (4.6). Deliveries of a connection since lost are skipped (the broker sends those again).
    /// </summary>
    /// <returns>How many were acknowledged.</returns>
    public int Acknowledge(ReadOnlySpan<MqttDelivery> deliveries) => _link is { } link ? link.Acknowledge(deliveries) : 0;

    public async ValueTask DisposeAsync()
    {
        if (_link is { } link)
        {
            await link.DisconnectAsync(DisconnectTimeout);
            link.Dispose();
        }
    }

    private MqttLink Link() => _link is { IsOpen: true } link ? link : throw new MqttException($"{ClientId} is not connected to the broker");

    private MqttLinkSettings LinkSettings() => new(
        _host,
        _port,
        _tls ? () => MqttTls.ClientOptions(_host, _options) : null,
        new MqttConnectFields(
            ClientId,
            _session.CleanStart,
            (ushort)_options.KeepAlive.TotalSeconds,
            (uint)(_session.SessionExpiry ?? _options.SessionExpiry).TotalSeconds,
            (ushort)_options.ReceiveMaximum,
            _options.MaxPacketSize,
            _session.Will,
            _options.Username,
            _options.Password),
        ConnectTimeout,
        MessageReceived,
        ReadGate,
        _session.ManualAcknowledge,
        _session.ReadInterval,
        _logger);

    private static byte[] Topic(string topic)
    {
        if (topic.Length == 0 || topic.AsSpan().IndexOfAny('+', '#', '\0') >= 0)
        {
            throw new ArgumentException($"'{topic}' is not a topic name to publish to (empty, or with a wildcard or NUL)", nameof(topic));
        }

        return Encoding.UTF8.GetBytes(topic);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT client {ClientId} disconnected ({Reason}); reconnecting")]
    private partial void LogDisconnected(string clientId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT client {ClientId} could not connect: {Reason}; retrying in about {Delay}")]
    private partial void LogConnectFailed(string clientId, string reason, TimeSpan delay);
}
