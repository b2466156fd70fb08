using System.Text.Json;
using System.Text.Json.Serialization;

namespace AirMonitor.AirQuality.Alerts;

/// <summary>
/// A station's alert state as published retained on <c>airmon/v1/alerts/{station}</c>: the latest event and the
/// alerts firing at the station after it.
/// </summary>
/// <param name="Active">The station's firing alerts; empty once the last one is resolved.</param>
public sealed record AlertStationState(string Station, AlertEvent Event, IReadOnlyList<AlertEvent> Active);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    Converters = [typeof(LowercaseEnumConverter<AlertState>), typeof(LowercaseEnumConverter<AlertSeverity>), typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(AlertEvent))]
[JsonSerializable(typeof(AlertStationState))]
[JsonSerializable(typeof(IReadOnlyList<AlertEvent>))]
internal sealed partial class AlertJsonContext : JsonSerializerContext;

/// <summary>
/// The one JSON form of alert events, shared by every sink (MQTT, webhook, InfluxDB): camelCase members, states and
/// severities as their lowercase names (<see cref="AlertNames.TagValue(AlertState)"/>), timestamps ISO 8601 in UTC
/// (<c>2025-11-22T02:00:00Z</c>). Source-generated: no reflection, trim-safe.
/// </summary>
public static class AlertJson
{
    public static byte[] EncodeEvent(AlertEvent e) => JsonSerializer.SerializeToUtf8Bytes(e, AlertJsonContext.Default.AlertEvent);

    /// <summary><c>{"station":…,"event":{…},"active":[…]}</c>, the payload of the retained topic <c>airmon/v1/alerts/{station}</c>.</summary>
    /// <exception cref="ArgumentException">An active alert is not firing, or not at <paramref name="e"/>'s station.</exception>
    public static byte[] EncodeStationState(AlertEvent e, IReadOnlyList<AlertEvent> active)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(active);
        if (FindInconsistency(e.Station, active) is { } problem)
        {
            throw new ArgumentException(problem, nameof(active));
        }

        return JsonSerializer.SerializeToUtf8Bytes(new AlertStationState(e.Station, e, active), AlertJsonContext.Default.AlertStationState);
    }

    /// <exception cref="JsonException">Not JSON, or not an alert event (missing or null member, wrong type, unknown state or severity, timestamp without a zone).</exception>
    public static AlertEvent DecodeEvent(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(utf8, AlertJsonContext.Default.AlertEvent) ?? throw new JsonException("payload is null");

    /// <summary>A JSON array of events, e.g. the alerts firing now (the ingest's <c>/alerts</c>).</summary>
    public static byte[] EncodeList(IReadOnlyList<AlertEvent> events) =>
        JsonSerializer.SerializeToUtf8Bytes(events, AlertJsonContext.Default.IReadOnlyListAlertEvent);

    /// <exception cref="JsonException">Not a JSON array of alert events.</exception>
    public static IReadOnlyList<AlertEvent> DecodeList(ReadOnlySpan<byte> utf8)
    {
        var events = JsonSerializer.Deserialize(utf8, AlertJsonContext.Default.IReadOnlyListAlertEvent) ?? throw new JsonException("payload is null");
        return events.Any(e => e is null) ? throw new JsonException("the list holds a null event") : events;
    }

    /// <exception cref="JsonException">Not a station state, or one whose event or active alerts belong to another station.</exception>
    public static AlertStationState DecodeStationState(ReadOnlySpan<byte> utf8)
    {
        var state = JsonSerializer.Deserialize(utf8, AlertJsonContext.Default.AlertStationState) ?? throw new JsonException("payload is null");
        if (state.Event.Station != state.Station)
        {
            throw new JsonException($"event.station '{state.Event.Station}' is not station '{state.Station}'");
        }

        return FindInconsistency(state.Station, state.Active) is { } problem ? throw new JsonException(problem) : state;
    }

    private static string? FindInconsistency(string station, IReadOnlyList<AlertEvent> active)
    {
        for (var i = 0; i < active.Count; i++)
        {
            // RespectNullableAnnotations covers members but not collection elements: `"active":[null]` would decode.
            if (active[i] is not { } alert)
            {
                return $"active[{i}] is null";
            }

            if (alert.Station != station || alert.State != AlertState.Firing)
            {
                return $"active[{i}] ({alert.Id}) is {alert.State.TagValue()} at station '{alert.Station}', not firing at '{station}'";
            }
        }

        return null;
    }
}

/// <summary>Enum values as their lowercase names; numbers are refused, so a reordered enum cannot change a meaning.</summary>
internal sealed class LowercaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;

/// <summary>Writes every instant in UTC with <c>Z</c>; reads any ISO 8601 time that names its zone.</summary>
internal sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // A time without Z or an offset would be taken in this machine's zone: refuse it rather than guess.
        if (!reader.TryGetDateTime(out var parsed) || parsed.Kind == DateTimeKind.Unspecified || !reader.TryGetDateTimeOffset(out var at))
        {
            throw new JsonException($"'{reader.GetString()}' is not an ISO 8601 time with Z or an offset");
        }

        return at.ToUniversalTime();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime);
}
