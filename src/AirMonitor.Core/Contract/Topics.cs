namespace AirMonitor.Core.Contract;

/// <summary>The MQTT topics of wire contract v1 (docs/architecture.md). New versions go beside these, never in place.</summary>
public static class Topics
{
    public const string Prefix = "airmon/v1/";

    /// <summary>Every device's readings; the ingest subscribes here, optionally as <c>$share/{group}/…</c>.</summary>
    public const string AllReadings = Prefix + "+/readings";

    /// <summary>Every device's acks; each ingest replica reads the others' here to keep its seq accounts whole.</summary>
    public const string AllAcks = Prefix + "+/ack";

    /// <summary>Every device's retained status; each ingest replica reads all of them (not shared) for the fleet dashboard.</summary>
    public const string AllStatus = Prefix + "+/status";

    public static string Readings(string device) => $"{Prefix}{device}/readings";

    public static string Ack(string device) => $"{Prefix}{device}/ack";

    public static string Status(string device) => $"{Prefix}{device}/status";

    public static string Alerts(string station) => $"{Prefix}alerts/{station}";

    public static string SharedReadings(string group) => $"$share/{group}/{AllReadings}";

    /// <summary>The <c>{device}</c> level of a readings topic, as it stands (it may still be an invalid id).</summary>
    public static bool TryParseReadings(string topic, out string device) => TryParse(topic, "/readings", out device);

    /// <summary>The <c>{device}</c> level of an ack topic.</summary>
    public static bool TryParseAck(string topic, out string device) => TryParse(topic, "/ack", out device);

    /// <summary>The <c>{device}</c> level of a status topic.</summary>
    public static bool TryParseStatus(string topic, out string device) => TryParse(topic, "/status", out device);

    private static bool TryParse(string topic, string suffix, out string device)
    {
        device = "";
        if (!topic.StartsWith(Prefix, StringComparison.Ordinal) || !topic.EndsWith(suffix, StringComparison.Ordinal)
            || topic.Length <= Prefix.Length + suffix.Length)
        {
            return false;
        }

        device = topic[Prefix.Length..^suffix.Length];
        return !device.Contains('/', StringComparison.Ordinal);
    }
}
