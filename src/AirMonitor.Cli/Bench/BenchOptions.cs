namespace AirMonitor.Cli.Bench;

/// <summary>The bench's phases, in the order they run.</summary>
internal enum BenchPhase
{
    /// <summary>Points straight into InfluxDB: the storage limit.</summary>
    Storage,

    /// <summary>QoS 1 publish → subscribe through Mosquitto, nothing stored: the broker limit.</summary>
    Broker,

    /// <summary>The ingest paused while its session queues the load, then resumed and timed until all is acknowledged.</summary>
    Drain,

    /// <summary>The load published while the ingest runs, timed from the first publish until all is acknowledged.</summary>
    E2e,

    /// <summary>Many devices at a fixed total rate: acknowledgement latency.</summary>
    Steady,

    /// <summary>Ten thousand devices, each its own connection, one message per interval each.</summary>
    Fleet,
}

/// <summary>What <c>airmon bench</c> was asked to run.</summary>
internal sealed record BenchOptions
{
    public required IReadOnlyList<BenchPhase> Phases { get; init; }

    /// <summary>Where the ingest of each phase keeps its log and state files, and where the report is written.</summary>
    public required string WorkDir { get; init; }

    /// <summary>Devices of the storage, broker, drain and e2e phases.</summary>
    public int Devices { get; init; } = 50;

    /// <summary>Messages per device of the storage, broker, drain and e2e phases.</summary>
    public int Messages { get; init; } = 2000;

    /// <summary>Publishes a device may have unacknowledged by the broker (the peer harness's loadgen: 16).</summary>
    public int Window { get; init; } = 16;

    /// <summary>Back-to-back runs of the e2e phase.</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>An unreported run after each ingest start, so the measured ones do not pay for JIT; 0 devices: none.</summary>
    public int WarmUpDevices { get; init; } = 50;

    public int WarmUpMessages { get; init; } = 100;

    public int SteadyDevices { get; init; } = 1000;

    /// <summary>Messages per second in total; null: half the drain rate measured in this run.</summary>
    public double? SteadyRate { get; init; }

    public TimeSpan SteadyDuration { get; init; } = TimeSpan.FromSeconds(60);

    public int FleetDevices { get; init; } = 10_000;

    /// <summary>The time between two messages of one fleet device.</summary>
    public TimeSpan FleetInterval { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan FleetDuration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Device connections opened at once while connecting a phase's devices.</summary>
    public int ConnectConcurrency { get; init; } = 200;

    /// <summary>The longest wait for a phase's acks (after its publishing).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Stop waiting once no ack arrived for this long (longer than the ingest's MQTT keep-alive, 30 s, as in the peer harness).</summary>
    public TimeSpan Stall { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The steady rate when neither given nor measured (no drain phase in this run).</summary>
    public const double FallbackSteadyRate = 1000;
}
