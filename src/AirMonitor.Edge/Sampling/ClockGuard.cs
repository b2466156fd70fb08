namespace AirMonitor.Edge.Sampling;

/// <summary>
/// Says whether the wall clock can be trusted. A Raspberry Pi has no RTC: it boots at a stale time and jumps when NTP
/// syncs. Readings are timed by the monotonic clock and stamped only once this says the wall clock is right, so a
/// reading is never stored as 1970 (or last week), and one taken before the sync gets its true time afterwards.
/// </summary>
public sealed class ClockGuard(TimeProvider time, Func<bool> ntpSynchronized, DateTimeOffset notBefore)
{
    /// <summary>systemd-timesyncd creates this file once the clock is synchronised (chrony users point ClockSyncFile elsewhere).</summary>
    public const string TimesyncdFlag = "/run/systemd/timesync/synchronized";

    /// <summary>A clock earlier than this (the build date) is wrong whatever NTP says.</summary>
    public DateTimeOffset NotBefore { get; } = notBefore;

    public bool IsSynchronized => time.GetUtcNow() >= NotBefore && ntpSynchronized();

    /// <summary>The wall-clock time of a moment taken as <paramref name="monotonicTimestamp"/>, or null while the clock is not trusted.</summary>
    public DateTimeOffset? Stamp(long monotonicTimestamp) =>
        IsSynchronized ? time.GetUtcNow() - time.GetElapsedTime(monotonicTimestamp) : null;

    /// <summary>A guard that trusts the clock when the sync flag file exists (or always, for a null path).</summary>
    public static ClockGuard FromFlagFile(TimeProvider time, string? flagFile, DateTimeOffset notBefore) =>
        new(time, flagFile is null ? () => true : () => File.Exists(flagFile), notBefore);
}
