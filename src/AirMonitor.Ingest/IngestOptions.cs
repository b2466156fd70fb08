namespace AirMonitor.Ingest;

/// <summary>The pipeline's settings and what the features share: the registry, the replicas' group (configuration section <c>Ingest</c>).</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>The station registry (YAML). Empty: every device is stored as unregistered.</summary>
    public string? RegistryPath { get; set; }

    /// <summary>Where rejected messages are kept, one JSON Lines file per UTC day.</summary>
    public string DeadLetterDirectory { get; set; } = "deadletter";

    /// <summary>Set to share the readings among replicas: <c>$share/{group}/airmon/v1/+/readings</c>.</summary>
    public string? SharedSubscriptionGroup { get; set; }

    /// <summary>
    /// Messages received and not yet acknowledged: at the limit the intake stops reading from the broker, which keeps the
    /// rest. About 1 KiB each (the message, a copy of its payload for a dead letter, its lines in the batch), so 10,000 hold
    /// ~10 MiB; four batches of 5,000 points of two-sample messages keep both InfluxDB writes busy.
    /// </summary>
    public int MaxInFlightMessages { get; set; } = 10_000;

    /// <summary>
    /// Devices besides the registry's that the ingest keeps state for (seq ledger, liveness, acks, derivation, alerts),
    /// counting those the ledger already holds; a message of a device past it is deferred (the device sends it again).
    /// </summary>
    public int MaxDevices { get; set; } = 10_000;

    /// <summary>How long a graceful stop waits for in-flight messages to be stored and acknowledged.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public IEnumerable<string> Validate()
    {
        if (!string.IsNullOrEmpty(RegistryPath) && !File.Exists(RegistryPath))
        {
            yield return $"{Section}:RegistryPath '{RegistryPath}' does not exist";
        }

        if (string.IsNullOrWhiteSpace(DeadLetterDirectory))
        {
            yield return $"{Section}:DeadLetterDirectory is required";
        }

        if (SharedSubscriptionGroup is { } group && (group.Length == 0 || group.IndexOfAny(['/', '+', '#']) >= 0))
        {
            yield return $"{Section}:SharedSubscriptionGroup '{group}' must be a non-empty name without / + #";
        }

        if (MaxInFlightMessages < 1)
        {
            yield return $"{Section}:MaxInFlightMessages {MaxInFlightMessages} must be positive";
        }

        if (MaxDevices < 1)
        {
            yield return $"{Section}:MaxDevices {MaxDevices} must be positive";
        }
    }
}
