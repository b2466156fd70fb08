namespace AirMonitor.Ingest;

/// <summary>The ingest's own settings (configuration section <c>Ingest</c>).</summary>
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

    /// <summary>How long a graceful stop waits for in-flight messages to be stored and acknowledged.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The SQLite file of every device's seq account (which seq numbers are settled, which are missing).</summary>
    public string SeqLedgerPath { get; set; } = "seq-ledger.db";

    /// <summary>How often the accounts of devices heard from are written to InfluxDB (measurement <c>device_seq</c>).</summary>
    public TimeSpan SeqStatusInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the hourly series, indices and alerts of stations with new readings are derived (docs/storage.md).</summary>
    public TimeSpan DeriveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the derivation waits for a device's missing seq before judging the readings after it without it.</summary>
    public TimeSpan GapPatience { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<string> Validate()
    {
        if (GapPatience < TimeSpan.Zero)
        {
            yield return $"{Section}:GapPatience {GapPatience} must not be negative";
        }

        if (DeriveInterval < TimeSpan.FromMilliseconds(100))
        {
            yield return $"{Section}:DeriveInterval {DeriveInterval} must be at least 100 ms";
        }

        if (!string.IsNullOrEmpty(RegistryPath) && !File.Exists(RegistryPath))
        {
            yield return $"{Section}:RegistryPath '{RegistryPath}' does not exist";
        }

        if (string.IsNullOrWhiteSpace(DeadLetterDirectory))
        {
            yield return $"{Section}:DeadLetterDirectory is required";
        }

        if (string.IsNullOrWhiteSpace(SeqLedgerPath))
        {
            yield return $"{Section}:SeqLedgerPath is required";
        }

        if (SeqStatusInterval < TimeSpan.FromSeconds(1))
        {
            yield return $"{Section}:SeqStatusInterval {SeqStatusInterval} must be at least 1 s";
        }

        if (SharedSubscriptionGroup is { } group && (group.Length == 0 || group.IndexOfAny(['/', '+', '#']) >= 0))
        {
            yield return $"{Section}:SharedSubscriptionGroup '{group}' must be a non-empty name without / + #";
        }

        if (MaxInFlightMessages < 1)
        {
            yield return $"{Section}:MaxInFlightMessages {MaxInFlightMessages} must be positive";
        }
    }
}
