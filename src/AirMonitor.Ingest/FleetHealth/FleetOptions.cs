namespace AirMonitor.Ingest.FleetHealth;

/// <summary>What the ingest writes for the fleet dashboard besides the readings (configuration section <c>Fleet</c>).</summary>
public sealed class FleetOptions
{
    public const string Section = "Fleet";

    /// <summary>
    /// The least time between two <c>device_status</c> points of one device: statuses arriving faster replace the one
    /// waiting, and the latest is written when the interval is over.
    /// </summary>
    public TimeSpan StatusMinInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest status payload taken; a larger one is rejected unread (the edge's are under 4 KiB).</summary>
    public int MaxStatusBytes { get; set; } = 16 * 1024;

    /// <summary>How often this replica's message and reject counters are written (measurement <c>ingest</c>).</summary>
    public TimeSpan CountersInterval { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<string> Validate()
    {
        if (StatusMinInterval < TimeSpan.FromSeconds(1))
        {
            yield return $"{Section}:StatusMinInterval {StatusMinInterval} must be at least 1 s";
        }

        if (MaxStatusBytes is < 1024 or > 1024 * 1024)
        {
            yield return $"{Section}:MaxStatusBytes {MaxStatusBytes} must be between 1024 and 1048576";
        }

        if (CountersInterval < TimeSpan.FromSeconds(1))
        {
            yield return $"{Section}:CountersInterval {CountersInterval} must be at least 1 s";
        }
    }
}
