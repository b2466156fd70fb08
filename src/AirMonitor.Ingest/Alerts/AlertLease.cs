using System.Buffers;
using System.Globalization;
using AirMonitor.AirQuality.Alerts;
using AirMonitor.Core.Contract;
using AirMonitor.Mqtt;
using Microsoft.Extensions.Options;

namespace AirMonitor.Ingest.Alerts;

/// <summary>
/// Which replica sends alert events. Every replica judges the rules (the judgements follow from the stored data, so
/// they agree); only the holder of the lease delivers. The lease is an MQTT connection under one client id per
/// replica group, <c>airmon-alerts.{group}</c> (<see cref="BrokerIdentity"/>): the broker lets one connection hold a client id, and a newcomer's
/// takes it over. The holder publishes its name retained on <c>airmon/v1/ingest/{group}/alert-lease</c>, with a will
/// that clears it, and the others try for the lease only while that topic is empty, so they never take it from a
/// live holder. A replica that does not hold the lease drops from its outbox each event it sees the holder publish on
/// <c>airmon/v1/alerts/#</c>, so a new holder delivers only what the old one had not. The holder renews its
/// announcement every <see cref="Renewal"/>: one older than <see cref="Stale"/> is free too, for a broker that crashed
/// and came back with a holder that has no connection any more (it fires no will then).
/// Without <see cref="IngestOptions.SharedSubscriptionGroup"/> there are no replicas: the lease is always held.
/// </summary>
internal sealed partial class AlertLease(
    IOptions<MqttOptions> mqtt,
    IOptions<IngestOptions> ingest,
    AlertStore store,
    TimeProvider time,
    ILogger<AlertLease> logger) : BackgroundService
{
    private readonly string? _group = ingest.Value.SharedSubscriptionGroup;
    private readonly string _name = BrokerIdentity.ClientId(mqtt.Value);
    private TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _holderChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static readonly TimeSpan Renewal = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Stale = TimeSpan.FromSeconds(20);

    private volatile Holder _holder = Holder.None;
    private long _otherHolderHeardAtMs = long.MinValue;

    public bool IsHeld => _group is null || _held.Task.IsCompleted;

    private string LeaseTopic => $"{Topics.Prefix}ingest/{_group}/alert-lease";

    /// <summary>
    /// Whether another replica announced itself as the holder after <paramref name="since"/> (this replica's clock),
    /// live: a broker's retained copy of an old announcement does not count.
    /// </summary>
    public bool HeldElsewhereSince(DateTimeOffset since) => Interlocked.Read(ref _otherHolderHeardAtMs) > since.ToUnixTimeMilliseconds();

    /// <summary>Completes when this replica holds the lease (at once without replicas).</summary>
    public Task WaitHeldAsync(CancellationToken cancellationToken) =>
        _group is null ? Task.CompletedTask : _held.Task.WaitAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_group is null)
        {
            return;
        }

        await using var watch = new MqttConnection(mqtt.Value, $"{_name}-lease-watch", logger, MqttSession.Throwaway);
        watch.MessageReceived = (in MqttMessage message) => OnWatched(message.Topic, message.Payload, message.Retain);
        var watching = watch.RunAsync((_, ct) => watch.SubscribeAsync([new(LeaseTopic), new($"{Topics.Prefix}alerts/#")], ct), stoppingToken);
        try
        {
            await watch.WaitConnectedAsync(stoppingToken);

            // The retained holder, if any, arrives with the subscription.
            await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                var changed = _holderChanged.Task;
                if (IsFree())
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 500)), time, stoppingToken);
                    if (IsFree())
                    {
                        await HoldAsync(stoppingToken);
                        continue;
                    }
                }

                await changed.WaitAsync(Renewal, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }

        await watching;
    }

    /// <summary>Takes the lease and holds it until the connection is lost or taken over, or the ingest stops.</summary>
    private async Task HoldAsync(CancellationToken stoppingToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var lease = new MqttConnection(mqtt.Value, BrokerIdentity.AlertLease(_group!), logger,
            MqttSession.Throwaway with { Will = new MqttWill(LeaseTopic, ReadOnlyMemory<byte>.Empty, Retain: true) });
        lease.Disconnected += () => lost.TrySetResult();
        Task AnnounceAsync(CancellationToken ct) => lease.PublishAsync(
            LeaseTopic,
            System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{_name} {time.GetUtcNow().ToUnixTimeSeconds()}")),
            MqttQos.AtLeastOnce,
            retain: true,
            ct);
        var running = lease.RunAsync((_, ct) => AnnounceAsync(ct), attempt.Token);
        try
        {
            await lease.WaitConnectedAsync(attempt.Token).WaitAsync(TimeSpan.FromSeconds(10), time, attempt.Token);

            // Another replica that connected at the same moment takes it over within this second, or not at all.
            await Task.WhenAny(lost.Task, Task.Delay(TimeSpan.FromSeconds(1), time, attempt.Token));
            if (!lost.Task.IsCompleted && _holder.Name == _name)
            {
                _held.TrySetResult();
                LogHeld(_name, _group!);
                while (await Task.WhenAny(lost.Task, Task.Delay(Renewal, time, attempt.Token)) != lost.Task)
                {
                    await AnnounceAsync(attempt.Token);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or MqttException)
        {
            // Stopping, or the broker is out of reach: try again once the holder topic says the lease is free.
        }
        finally
        {
            var wasHeld = _held.Task.IsCompleted;
            _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (wasHeld)
            {
                LogLost(_name, stoppingToken.IsCancellationRequested ? "stopping" : "connection lost or taken over");
            }

            if (stoppingToken.IsCancellationRequested && lease.IsConnected)
            {
                // A clean disconnect sends no will: clear the holder ourselves so another replica takes over at once.
                Task clear = lease.PublishAsync(LeaseTopic, ReadOnlyMemory<byte>.Empty, MqttQos.AtLeastOnce, retain: true, CancellationToken.None);
                await clear.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await attempt.CancelAsync();
            await running;
        }
    }

    private void OnWatched(string topic, ReadOnlySpan<byte> payload, bool retained)
    {
        if (topic == LeaseTopic)
        {
            _holder = Holder.Parse(System.Text.Encoding.UTF8.GetString(payload));
            if (!retained && _holder != Holder.None && _holder.Name != _name)
            {
                Interlocked.Exchange(ref _otherHolderHeardAtMs, time.GetUtcNow().ToUnixTimeMilliseconds());
            }

            Interlocked.Exchange(ref _holderChanged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            return;
        }

        if (IsHeld || payload.Length == 0)
        {
            return;
        }

        try
        {
            // The holder delivered this event: it is not this replica's to deliver should it take over.
            var state = AlertJson.DecodeStationState(payload);
            store.DeliveredElsewhere(state.Event.Id, state.Event.State, time.GetUtcNow());
            if (!retained)
            {
                // The holder's state as it sends it now (not what a restarted broker kept): this replica's to republish should it take over.
                store.SaveRetained(state.Station, payload);
            }
        }
        catch (System.Text.Json.JsonException e)
        {
            LogUnreadable(topic, e.Message);
        }
    }

    private bool IsFree() => _holder == Holder.None || time.GetUtcNow() - _holder.AnnouncedAt > Stale;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name} holds the alert lease of group {Group}: it delivers the alert events")]
    private partial void LogHeld(string name, string group);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Name} no longer holds the alert lease: {Reason}")]
    private partial void LogLost(string name, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unreadable alert state on {Topic}: {Reason}")]
    private partial void LogUnreadable(string topic, string reason);

    /// <summary>The holder as announced: its name and when (<c>"{name} {unix seconds}"</c>).</summary>
    private sealed record Holder(string Name, DateTimeOffset AnnouncedAt)
    {
        public static readonly Holder None = new("", DateTimeOffset.MinValue);

        public static Holder Parse(string text) =>
            text.LastIndexOf(' ') is > 0 and var space && long.TryParse(text[(space + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? new Holder(text[..space], DateTimeOffset.FromUnixTimeSeconds(seconds))
                : None;
    }
}
