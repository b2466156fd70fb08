using System.Diagnostics;
using AirMonitor.Core.Contract;
using AirMonitor.Core.Stations;
using AirMonitor.Mqtt;
using Microsoft.Extensions.Logging;

namespace AirMonitor.Cli.Simulation;

/// <summary>A device of the simulated fleet and the station facts its readings depend on.</summary>
/// <param name="Sensors">What the registry declares the device may write; null: the generator's own sensors.</param>
public sealed record FleetDevice(string Id, StationKind Kind, string City, DeclaredSensors? Sensors = null)
{
    /// <summary>The registry's devices, first <paramref name="count"/>; beyond those, unregistered <c>sim-0001</c> ….</summary>
    public static IReadOnlyList<FleetDevice> Pick(StationRegistry registry, int count)
    {
        var registered = registry.Stations
            .SelectMany(s => s.Devices.Select(d => new FleetDevice(d, s.Kind, s.City, registry.DeclarationOf(d))))
            .Take(count);
        var extra = Enumerable.Range(1, Math.Max(0, count - registry.Stations.Sum(s => s.Devices.Count)))
            .Select(i => new FleetDevice($"sim-{i:D4}", StationKind.Ambient, "bangkok"));
        return [.. registered, .. extra];
    }
}

public sealed class FleetOptions
{
    /// <summary>Exactly this many messages per device, sent as fast as acks allow; null: live until cancelled.</summary>
    public int? Messages { get; init; }

    /// <summary>The sampling interval: the time between a device's messages (live) or their timestamps (backlog).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>An unacknowledged message is sent again after this long.</summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Messages a device may have unacknowledged at once.</summary>
    public int Window { get; init; } = 100;

    /// <summary>A haze episode over some of the devices' PM readings (the demo's, so that alerts fire and resolve).</summary>
    public HazeEpisode? Haze { get; init; }

    /// <summary>A device's own readings (a plant's analysers, with its day as a backlog); null, or null for a device: a <see cref="ReadingGenerator"/>.</summary>
    public Func<FleetDevice, IDeviceReadings?>? Readings { get; init; }

    /// <summary>Called with every message as it is made, before it is sent: a test keeps the exact readings generated.</summary>
    public Action<ReadingBatch>? Generated { get; init; }
}

public sealed record FleetResult(int Devices, long Sent, long Stored, long Rejected, long Resent, long Unacknowledged, TimeSpan Elapsed)
{
    public bool AllAcknowledged => Unacknowledged == 0 && Stored + Rejected == Sent;
}

/// <summary>Runs simulated devices side by side, each on its own MQTT connection.</summary>
public sealed class Fleet(IReadOnlyList<FleetDevice> devices, MqttOptions mqtt, FleetOptions options, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly SimulatedDevice[] _devices = [.. devices.Select(d => new SimulatedDevice(d, mqtt, options, loggers.CreateLogger("sim")))];

    public IReadOnlyList<SimulatedDevice> Devices => _devices;

    /// <summary>
    /// With a message count: returns when all are acknowledged or <paramref name="cancellationToken"/> fires.
    /// Live: runs until cancelled, then waits up to <paramref name="settleTimeout"/> for the last acks.
    /// </summary>
    public async Task<FleetResult> RunAsync(CancellationToken cancellationToken, TimeSpan? settleTimeout = null)
    {
        // Connected first, so that the clock measures sending and acknowledgement, not 50 TCP and MQTT handshakes.
        await Task.WhenAll(_devices.Select(d => d.ConnectAsync(cancellationToken))).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var clock = Stopwatch.StartNew();
        if (options.Messages is null)
        {
            using var settle = new CancellationTokenSource();
            await using var _ = cancellationToken.Register(() => settle.CancelAfter(settleTimeout ?? options.AckTimeout));
            await Task.WhenAll(_devices.Select(d => d.RunAsync(cancellationToken, settle.Token))).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        else
        {
            await Task.WhenAll(_devices.Select(d => d.RunAsync(cancellationToken, cancellationToken))).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        return Result(clock.Elapsed);
    }

    public FleetResult Result(TimeSpan elapsed) => new(
        _devices.Length,
        _devices.Sum(d => d.Sent),
        _devices.Sum(d => d.Stored),
        _devices.Sum(d => d.Rejected),
        _devices.Sum(d => d.Resent),
        _devices.Sum(d => d.Unacknowledged),
        elapsed);

    public async ValueTask DisposeAsync()
    {
        foreach (var device in _devices)
        {
            await device.DisposeAsync();
        }
    }
}
