using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace AirMonitor.Influx;

/// <summary>
/// Writes <see cref="InfluxPoint"/>s as InfluxDB line protocol (UTF-8), one line per point:
/// <c>measurement,tag=value field=1.5,count=3i,ok=true,note="text" 1700000000000</c>.
/// </summary>
/// <remarks>
/// Escaping (backslash before the character): measurement: comma, space; tag keys, tag values: comma,
/// equals sign, space; field keys: comma, equals sign, space, double quote (InfluxDB unescapes <c>\"</c> in
/// field keys, so a quote left bare would lose a preceding backslash); string field values: double quote,
/// backslash. Tags are written in ordinal key order; a tag whose value is empty is left out (InfluxDB
/// rejects empty tag values). Floats use the shortest round-trip form in the invariant culture; integers get
/// the <c>i</c> suffix.
/// Rejected with <see cref="ArgumentException"/> (the whole point; nothing is written):
/// a line break (\n or \r) anywhere (line protocol has no escape for it, so it would end the line and let
/// the rest be read as another point); in a measurement, tag key, tag value or field key, a backslash at the
/// end or just before a character escaped there (InfluxDB's parser reads <c>\\,</c> both as "backslash, escaped
/// comma" and as "escaped backslash, bare comma", so such text cannot round-trip and can corrupt the lines
/// after it; in measurements this includes <c>=</c> and <c>"</c>, which InfluxDB unescapes there too;
/// other backslashes are written and read back as they are); an empty measurement,
/// tag key or field key; a measurement starting with <c>#</c> (a comment line, silently ignored); a measurement
/// or field key starting with a tab or NUL (skipped as whitespace);
/// the keys <c>time</c> (InfluxDB refuses them); duplicate tag or field keys; no fields; unpaired UTF-16
/// surrogates; a time outside InfluxDB's range.
/// </remarks>
public static class LineProtocol
{
    /// <summary>The earliest time InfluxDB stores (its minimum nanosecond time, in milliseconds).</summary>
    public const long MinTimestampMs = -9_223_372_036_854;

    /// <summary>The latest time InfluxDB stores (its maximum nanosecond time, in milliseconds).</summary>
    public const long MaxTimestampMs = 9_223_372_036_854;

    private static readonly SearchValues<char> MeasurementEscapes = SearchValues.Create(", ");
    private static readonly SearchValues<char> TagEscapes = SearchValues.Create(",= ");
    private static readonly SearchValues<char> FieldKeyEscapes = SearchValues.Create(",= \"");
    private static readonly SearchValues<char> StringValueEscapes = SearchValues.Create("\"\\");

    // InfluxDB unescapes \= and \" in measurements too, so a backslash may not precede them there either.
    private static readonly SearchValues<char> MeasurementUnescapes = SearchValues.Create(",= \"");
    private static readonly SearchValues<char> LineBreaks = SearchValues.Create("\n\r");

    /// <summary>Writes the point as one line, without a line feed. A rejected point writes nothing.</summary>
    /// <exception cref="ArgumentException">The point cannot be written (see the remarks on <see cref="LineProtocol"/>).</exception>
    public static void Append(InfluxPoint point, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(output);
        var tagOrder = Validate(point);

        WriteEscaped(output, point.Measurement, MeasurementEscapes);
        foreach (var index in tagOrder)
        {
            var tag = point.Tags[index];
            WriteByte(output, (byte)',');
            WriteEscaped(output, tag.Key, TagEscapes);
            WriteByte(output, (byte)'=');
            WriteEscaped(output, tag.Value, TagEscapes);
        }

        for (var i = 0; i < point.Fields.Count; i++)
        {
            WriteByte(output, i == 0 ? (byte)' ' : (byte)',');
            WriteEscaped(output, point.Fields[i].Key, FieldKeyEscapes);
            WriteByte(output, (byte)'=');
            WriteFieldValue(output, point.Fields[i].Value);
        }

        WriteByte(output, (byte)' ');
        WriteInt64(output, point.TimestampMs);
    }

    /// <summary>The point as one line of line protocol, without a line feed.</summary>
    /// <exception cref="ArgumentException">The point cannot be written (see the remarks on <see cref="LineProtocol"/>).</exception>
    public static string Format(InfluxPoint point)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        Append(point, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Encodes the points into one exact-size array and returns one slice per line (no line feeds).</summary>
    internal static ReadOnlyMemory<byte>[] EncodeLines(IReadOnlyList<InfluxPoint> points)
    {
        var buffer = new ArrayBufferWriter<byte>(points.Count * 96);
        var ends = new int[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            Append(points[i], buffer);
            ends[i] = buffer.WrittenCount;
        }

        ReadOnlyMemory<byte> all = buffer.WrittenSpan.ToArray();
        var lines = new ReadOnlyMemory<byte>[points.Count];
        var start = 0;
        for (var i = 0; i < ends.Length; i++)
        {
            lines[i] = all[start..ends[i]];
            start = ends[i];
        }

        return lines;
    }

    internal static string FormatFieldValue(FieldValue value)
    {
        var buffer = new ArrayBufferWriter<byte>(32);
        WriteFieldValue(buffer, value);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Checks the whole point before anything is written; returns the written tags' indexes in key order.</summary>
    private static int[] Validate(InfluxPoint point)
    {
        var measurement = point.Measurement;
        if (string.IsNullOrEmpty(measurement))
        {
            throw Invalid("The measurement is empty");
        }

        CheckText(measurement, $"Measurement '{measurement}'", MeasurementUnescapes);
        if (measurement[0] == '#')
        {
            throw Invalid($"Measurement '{measurement}' starts with '#', which makes the line a comment that InfluxDB ignores");
        }

        CheckNoSkippedStart(measurement, $"Measurement '{measurement}'");

        if (point.Fields is null || point.Fields.Count == 0)
        {
            throw Invalid($"Point of measurement '{measurement}' has no fields; InfluxDB requires at least one");
        }

        if (point.TimestampMs is < MinTimestampMs or > MaxTimestampMs)
        {
            throw Invalid($"Point of measurement '{measurement}' has time {point.TimestampMs} ms, outside InfluxDB's range {MinTimestampMs}..{MaxTimestampMs}");
        }

        var tags = point.Tags ?? [];
        var written = 0;
        for (var i = 0; i < tags.Count; i++)
        {
            var (key, value) = (tags[i].Key, tags[i].Value);
            CheckKey(key, "Tag key", measurement, TagEscapes);
            if (value is null)
            {
                throw Invalid($"Tag '{key}' of measurement '{measurement}' has a null value");
            }

            CheckText(value, $"Tag '{key}' value", TagEscapes);
            if (value.Length > 0)
            {
                written++;
            }
        }

        var order = new int[written];
        written = 0;
        for (var i = 0; i < tags.Count; i++)
        {
            if (tags[i].Value.Length > 0)
            {
                order[written++] = i;
            }
        }

        Array.Sort(order, (a, b) => string.CompareOrdinal(tags[a].Key, tags[b].Key));
        CheckDuplicates(tags, static t => t.Key, "tag", measurement);

        foreach (var field in point.Fields)
        {
            CheckKey(field.Key, "Field key", measurement, FieldKeyEscapes);
            CheckNoSkippedStart(field.Key, $"Field key '{field.Key}'");
            switch (field.Value.Kind)
            {
                case FieldValueKind.None:
                    throw Invalid($"Field '{field.Key}' of measurement '{measurement}' has no value (default FieldValue)");
                case FieldValueKind.String:
                    CheckText(field.Value.AsString(), $"Field '{field.Key}' string value", escapes: null);
                    break;
            }
        }

        CheckDuplicates(point.Fields, static f => f.Key, "field", measurement);
        return order;
    }

    private static void CheckKey(string key, string what, string measurement, SearchValues<char> escapes)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw Invalid($"{what} is empty (measurement '{measurement}')");
        }

        CheckText(key, $"{what} '{key}'", escapes);
        if (key == "time")
        {
            throw Invalid($"{what} 'time' (measurement '{measurement}') is reserved; InfluxDB rejects it");
        }
    }

    /// <param name="escapes">The characters InfluxDB unescapes in this position (null for string field values).</param>
    private static void CheckText(string text, string what, SearchValues<char>? escapes)
    {
        if (text.AsSpan().ContainsAny(LineBreaks))
        {
            throw Invalid($"{what} contains a line break (\\n or \\r); line protocol cannot escape it");
        }

        if (escapes is not null)
        {
            // InfluxDB reads the bytes \\, two ways: its line scanner as an escaped backslash and a bare comma,
            // its tag scanner as a backslash and an escaped comma. So such text cannot round-trip, and the
            // disagreement can upset the line scanner's quote tracking and merge lines.
            for (var i = text.IndexOf('\\'); i >= 0; i = text.IndexOf('\\', i + 1))
            {
                if (i == text.Length - 1)
                {
                    throw Invalid($"{what} ends with a backslash, which line protocol reads as escaping the delimiter after it");
                }

                if (escapes.Contains(text[i + 1]))
                {
                    throw Invalid($"{what} has a backslash before '{text[i + 1]}', which InfluxDB cannot read back unambiguously");
                }
            }
        }

        if (text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF') && !IsWellFormedUtf16(text))
        {
            throw Invalid($"{what} contains an unpaired UTF-16 surrogate, which has no UTF-8 form");
        }
    }

    /// <summary>InfluxDB skips tabs and NULs as whitespace at the start of a line and of the field set.</summary>
    private static void CheckNoSkippedStart(string text, string what)
    {
        if (text[0] is '\t' or '\0')
        {
            throw Invalid($"{what} starts with a tab or NUL, which InfluxDB skips as whitespace");
        }
    }

    private static void CheckDuplicates<T>(IReadOnlyList<T> items, Func<T, string> key, string what, string measurement)
    {
        if (items.Count < 2)
        {
            return;
        }

        var seen = new HashSet<string>(items.Count, StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!seen.Add(key(item)))
            {
                throw Invalid($"Duplicate {what} key '{key(item)}' (measurement '{measurement}')");
            }
        }
    }

    private static bool IsWellFormedUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static ArgumentException Invalid(string message) => new(message);

    private static void WriteFieldValue(IBufferWriter<byte> output, FieldValue value)
    {
        switch (value.Kind)
        {
            case FieldValueKind.Float:
                {
                    var span = output.GetSpan(32);
                    // "R" is the shortest string that parses back to the same double; Utf8Formatter has no "R".
                    if (!value.AsDouble().TryFormat(span, out var written, "R", System.Globalization.CultureInfo.InvariantCulture))
                    {
                        throw new InvalidOperationException("A double did not fit in 32 bytes");
                    }

                    output.Advance(written);
                    break;
                }

            case FieldValueKind.Integer:
                WriteInt64(output, value.AsInt64());
                WriteByte(output, (byte)'i');
                break;
            case FieldValueKind.Boolean:
                WriteAscii(output, value.AsBoolean() ? "true"u8 : "false"u8);
                break;
            case FieldValueKind.String:
                WriteByte(output, (byte)'"');
                WriteEscaped(output, value.AsString(), StringValueEscapes);
                WriteByte(output, (byte)'"');
                break;
            default:
                throw new ArgumentException("A field value holds nothing", nameof(value));
        }
    }

    private static void WriteEscaped(IBufferWriter<byte> output, ReadOnlySpan<char> text, SearchValues<char> escapes)
    {
        while (true)
        {
            var next = text.IndexOfAny(escapes);
            WriteUtf8(output, next < 0 ? text : text[..next]);
            if (next < 0)
            {
                return;
            }

            var span = output.GetSpan(2);
            span[0] = (byte)'\\';
            span[1] = (byte)text[next];
            output.Advance(2);
            text = text[(next + 1)..];
        }
    }

    private static void WriteUtf8(IBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private static void WriteInt64(IBufferWriter<byte> output, long value)
    {
        var span = output.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        output.Advance(written);
    }

    private static void WriteAscii(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    private static void WriteByte(IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }
}
