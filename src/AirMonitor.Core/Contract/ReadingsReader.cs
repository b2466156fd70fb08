using System.Text.Json;

namespace AirMonitor.Core.Contract;

/// <summary>
/// Reads a <c>readings</c> payload with <see cref="Utf8JsonReader"/> directly: the ingest's hot path. It accepts and
/// refuses exactly what the source-generated reader of <see cref="WireJsonContext"/> does (camelCase member names,
/// unknown members skipped at every level, every member but <c>flags</c> required and non-null, integers where the record
/// has <c>long</c>, numbers for values, a duplicate member's last value, no comments or trailing commas, one JSON value);
/// a test compares the two on valid, mutated and random payloads. Measured in a drain of 100,000 messages, the
/// serializer's converters (argument caching for the records' constructors, a read stack) took a quarter of the ingest's
/// CPU.
/// </summary>
internal static class ReadingsReader
{
    public static ReadingBatch Read(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return ReadBatch(utf8);
        }
        catch (InvalidOperationException e)
        {
            // GetString on a string that is not valid UTF-8.
            throw new JsonException(e.Message, e);
        }
    }

    private static ReadingBatch ReadBatch(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        if (!reader.Read())
        {
            throw new JsonException("payload is empty");
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException(reader.TokenType == JsonTokenType.Null ? "payload is null" : "payload is not an object");
        }

        string? device = null;
        long? seq = null;
        List<Sample>? samples = null;
        while (NextMember(ref reader))
        {
            if (reader.ValueTextEquals("device"u8))
            {
                device = String(ref reader, Batch, "device");
            }
            else if (reader.ValueTextEquals("seq"u8))
            {
                seq = Int64(ref reader, Batch, "seq");
            }
            else if (reader.ValueTextEquals("samples"u8))
            {
                samples = Samples(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        // Anything but whitespace after the value: Read throws.
        if (reader.Read())
        {
            throw new JsonException("content after the payload");
        }

        return new ReadingBatch(
            device ?? throw Missing(Batch, "device"), seq ?? throw Missing(Batch, "seq"), samples ?? throw Missing(Batch, "samples"));
    }

    private static List<Sample> Samples(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartArray, Batch, "samples");
        var samples = new List<Sample>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            samples.Add(reader.TokenType switch
            {
                JsonTokenType.StartObject => Sample(ref reader, samples.Count),
                JsonTokenType.Null => throw new JsonException($"samples[{samples.Count}] is null"),
                _ => throw new JsonException($"$.samples[{samples.Count}] is not an object"),
            });
        }

        return samples;
    }

    private static Sample Sample(ref Utf8JsonReader reader, int index)
    {
        long? ts = null;
        string? sensor = null;
        Dictionary<string, double>? values = null;
        List<string>? flags = null;
        while (NextMember(ref reader))
        {
            if (reader.ValueTextEquals("ts"u8))
            {
                ts = Int64(ref reader, index, "ts");
            }
            else if (reader.ValueTextEquals("sensor"u8))
            {
                sensor = String(ref reader, index, "sensor");
            }
            else if (reader.ValueTextEquals("values"u8))
            {
                values = Values(ref reader, index);
            }
            else if (reader.ValueTextEquals("flags"u8))
            {
                flags = Flags(ref reader, index);
            }
            else
            {
                reader.Skip();
            }
        }

        return new Sample(
            ts ?? throw Missing(index, "ts"), sensor ?? throw Missing(index, "sensor"), values ?? throw Missing(index, "values"), flags);
    }

    private static Dictionary<string, double> Values(ref Utf8JsonReader reader, int sample)
    {
        Expect(ref reader, JsonTokenType.StartObject, sample, "values");
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        while (NextMember(ref reader))
        {
            var metric = reader.GetString()!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.Number)
            {
                throw Wrong(reader.TokenType, JsonTokenType.Number, sample, $"values.{metric}");
            }

            values[metric] = reader.GetDouble();
        }

        return values;
    }

    // Like the serializer, null elements are kept: nullability is checked on members, not on collection elements.
    private static List<string>? Flags(ref Utf8JsonReader reader, int sample)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Wrong(reader.TokenType, JsonTokenType.StartArray, sample, "flags");
        }

        var flags = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            flags.Add(reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString()!,
                JsonTokenType.Null => null!,
                _ => throw Wrong(reader.TokenType, JsonTokenType.String, sample, $"flags[{flags.Count}]"),
            });
        }

        return flags;
    }

    private static string String(ref Utf8JsonReader reader, int sample, string member)
    {
        Expect(ref reader, JsonTokenType.String, sample, member);
        return reader.GetString()!;
    }

    private static long Int64(ref Utf8JsonReader reader, int sample, string member)
    {
        Expect(ref reader, JsonTokenType.Number, sample, member);
        return reader.TryGetInt64(out var value) ? value : throw new JsonException($"{Path(sample, member)} is not a 64-bit integer");
    }

    /// <summary>Reads the next token, which must be <paramref name="type"/> (null, where a member is required, is not).</summary>
    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, int sample, string member)
    {
        reader.Read();
        if (reader.TokenType != type)
        {
            throw Wrong(reader.TokenType, type, sample, member);
        }
    }

    /// <summary>Moves to the next member's name; false at the end of the object.</summary>
    private static bool NextMember(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    // The member's JSON path in messages, e.g. $.samples[2].values.pm2_5: a dead letter's detail says where the problem is.
    private const int Batch = -1;

    private static string Path(int sample, string member) => sample == Batch ? $"$.{member}" : $"$.samples[{sample}].{member}";

    private static JsonException Missing(int sample, string member) => new($"{Path(sample, member)} is missing");

    private static JsonException Wrong(JsonTokenType found, JsonTokenType expected, int sample, string member) =>
        new(found == JsonTokenType.Null ? $"{Path(sample, member)} is null" : $"{Path(sample, member)} is not {Describe(expected)}");

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.Number => "a number",
        _ => "a string",
    };
}
