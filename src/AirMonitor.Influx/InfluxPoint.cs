namespace AirMonitor.Influx;

/// <summary>
/// One point: measurement, tags (a tag with an empty value is omitted when written), fields (at least one)
/// and the time in Unix epoch milliseconds (written with <c>precision=ms</c>).
/// </summary>
/// <remarks>A point is identified by measurement + tag set + time: writing it again overwrites its fields.</remarks>
public sealed record InfluxPoint(
    string Measurement,
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    IReadOnlyList<KeyValuePair<string, FieldValue>> Fields,
    long TimestampMs);
