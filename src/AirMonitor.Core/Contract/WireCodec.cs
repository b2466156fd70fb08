using System.Text.Json;
using System.Text.Json.Serialization;

namespace AirMonitor.Core.Contract;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(ReadingBatch))]
[JsonSerializable(typeof(AckMessage))]
[JsonSerializable(typeof(DeviceStatus))]
internal sealed partial class WireJsonContext : JsonSerializerContext;

/// <summary>UTF-8 JSON encoding of the v1 payloads, source-generated (no reflection, trim-safe).</summary>
public static class WireCodec
{
    public static byte[] Encode(ReadingBatch batch) => JsonSerializer.SerializeToUtf8Bytes(batch, WireJsonContext.Default.ReadingBatch);

    public static byte[] Encode(AckMessage ack) => JsonSerializer.SerializeToUtf8Bytes(ack, WireJsonContext.Default.AckMessage);

    public static byte[] Encode(DeviceStatus status) => JsonSerializer.SerializeToUtf8Bytes(status, WireJsonContext.Default.DeviceStatus);

    /// <exception cref="JsonException">
    /// Not a status payload: not JSON, a missing or null member, a wrong type, or a value outside the contract
    /// (<see cref="DeviceStatus.Problem"/>).
    /// </exception>
    public static DeviceStatus DecodeStatus(ReadOnlySpan<byte> utf8)
    {
        var status = JsonSerializer.Deserialize(utf8, WireJsonContext.Default.DeviceStatus) ?? throw new JsonException("payload is null");
        if (status.Sensors is { } sensors)
        {
            ThrowOnNullElement(sensors, "sensors");
        }

        return status.Problem() is { } problem ? throw new JsonException(problem) : status;
    }

    /// <exception cref="JsonException">Not JSON, or not a readings payload (missing or null member, wrong type).</exception>
    public static ReadingBatch DecodeReadings(ReadOnlySpan<byte> utf8) => ReadingsReader.Read(utf8);

    /// <exception cref="JsonException">Not an ack payload.</exception>
    public static AckMessage DecodeAck(ReadOnlySpan<byte> utf8)
    {
        var ack = JsonSerializer.Deserialize(utf8, WireJsonContext.Default.AckMessage) ?? throw new JsonException("payload is null");
        ThrowOnNullElement(ack.Rejected, "rejected");
        return ack;
    }

    // RespectNullableAnnotations covers members but not collection elements: `"samples":[null]` would decode.
    private static void ThrowOnNullElement<T>(IReadOnlyList<T> items, string member)
        where T : class
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is null)
            {
                throw new JsonException($"{member}[{i}] is null");
            }
        }
    }
}
