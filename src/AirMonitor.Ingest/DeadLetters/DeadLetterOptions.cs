namespace AirMonitor.Ingest.DeadLetters;

/// <summary>The dead-letter store's bounds (configuration section <c>DeadLetters</c>; the directory is <c>Ingest:DeadLetterDirectory</c>).</summary>
public sealed class DeadLetterOptions
{
    public const string Section = "DeadLetters";

    /// <summary>
    /// A payload longer than this keeps only its first bytes (with its length and SHA-256). 8 KiB holds a whole edge
    /// message of 20 samples, so an ordinary rejected message is kept whole; a 1 MiB one costs 8 KiB.
    /// </summary>
    public int PayloadPrefixBytes { get; set; } = 8192;

    /// <summary>The directory's dead-letter files together: past it the oldest day's file is deleted, and a letter that still does not fit is dropped.</summary>
    public long MaxTotalBytes { get; set; } = 1L << 30;

    /// <summary>A day's file is deleted once its newest possible letter is older than this.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Dead letters written per device per minute (a token bucket of this size, refilled evenly); past it they are dropped, the message still rejected.</summary>
    public int PerDevicePerMinute { get; set; } = 60;

    /// <summary>Devices whose bucket is remembered; the one heard from least recently is forgotten first.</summary>
    public int MaxTrackedDevices { get; set; } = 10_000;

    public IEnumerable<string> Validate()
    {
        if (PayloadPrefixBytes is < 64 or > 1 << 20)
        {
            yield return $"{Section}:PayloadPrefixBytes {PayloadPrefixBytes} must be 64 to 1048576";
        }

        if (MaxTotalBytes < 1 << 20)
        {
            yield return $"{Section}:MaxTotalBytes {MaxTotalBytes} must be at least 1048576 (1 MiB)";
        }

        if (MaxAge < TimeSpan.FromHours(1))
        {
            yield return $"{Section}:MaxAge {MaxAge} must be at least 1 h";
        }

        if (PerDevicePerMinute < 1)
        {
            yield return $"{Section}:PerDevicePerMinute {PerDevicePerMinute} must be positive";
        }

        if (MaxTrackedDevices < 1)
        {
            yield return $"{Section}:MaxTrackedDevices {MaxTrackedDevices} must be positive";
        }
    }
}
