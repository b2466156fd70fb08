namespace AirMonitor.Core.Contract;

/// <summary>The wire contract's device id: <c>[A-Za-z0-9_-]{1,64}</c>, safe in a topic level and a tag.</summary>
public static class DeviceId
{
    public const int MaxLength = 64;

    /// <summary>Not a device: <c>airmon/v1/alerts/…</c> is the alert topics' level (a device so named would collide with them).</summary>
    public const string Reserved = "alerts";

    public static bool IsValid(string? id) => IsWellFormed(id) && id != Reserved;

    /// <summary>The character rule alone, shared by every identifier on the wire (device, sensor, station).</summary>
    public static bool IsWellFormed(string? id) => id is { Length: > 0 and <= MaxLength } && id.All(IsIdChar);

    private static bool IsIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
}
