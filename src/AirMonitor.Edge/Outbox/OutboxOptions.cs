namespace AirMonitor.Edge.Outbox;

/// <summary>Configuration of the edge's durable outbox; the edge host fills it from the station profile's <c>outbox</c> section.</summary>
public sealed class OutboxOptions
{
    public const long DefaultMaxBytes = 256L * 1024 * 1024;

    /// <summary>
    /// The most payload bytes the outbox keeps (sum of the stored readings messages). When an added message
    /// would pass it, the oldest messages are evicted, counted and logged. A bound in bytes because what an
    /// operator has to fit is the SD card; the file on disk is this plus SQLite page overhead (README).
    /// </summary>
    public long MaxBytes { get; set; } = DefaultMaxBytes;

    /// <exception cref="ArgumentOutOfRangeException">A bound that cannot hold anything.</exception>
    public void Validate()
    {
        if (MaxBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBytes), MaxBytes, "the outbox's MaxBytes must be a positive number of bytes");
        }
    }
}
