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

    // Printable ASCII without the backslash: text made only of these has nothing CheckText could reject.
    private static readonly SearchValues<char> PlainText = SearchValues.Create(
        string.Concat(Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c).Where(c => c != '\\')));

    private const int MaxTagsOnStack = 32;
    private const int MaxKeysComparedPairwise = 16;

    /// <summary>Writes the point as one line, without a line feed. A rejected point writes nothing.</summary>
    /// <exception cref="ArgumentException">The point cannot be written (see the remarks on <see cref="LineProtocol"/>).</exception>
    public static void Append(InfluxPoint point, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(output);
        var measurement = point.Measurement;
        var tags = point.Tags ?? [];
        var fields = point.Fields;
        CheckMeasurement(measurement);
        if (fields is null || fields.Count == 0)
        {
            throw NoFields(measurement);
        }

        CheckTime(point.TimestampMs, measurement);
        Span<int> order = tags.Count <= MaxTagsOnStack ? stackalloc int[tags.Count] : new int[tags.Count];
        order = order[..CheckTags(measurement, tags, order)];
        for (var i = 0; i < fields.Count; i++)
        {
            CheckField(fields[i].Key, fields[i].Value, measurement);
        }

        CheckDuplicates(fields, static f => f.Key, "field", measurement);

        WriteSeries(output, measurement, tags, order);
        for (var i = 0; i < fields.Count; i++)
        {
            WriteField(output, first: i == 0, fields[i].Key, fields[i].Value);
        }

        WriteTimestamp(output, point.TimestampMs);
    }

    /// <summary>The point as one line of line protocol, without a line feed.</summary>
    /// <exception cref="ArgumentException">The point cannot be written (see the remarks on <see cref="LineProtocol"/>).</exception>
    public static string Format(InfluxPoint point)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        Append(point, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// The start of a line, <c>measurement,tag=value,…</c>, validated and escaped once (tags in ordinal key order,
    /// empty values left out), for <see cref="LineWriter.Series"/>: a caller writing many points of one series keeps it.
    /// </summary>
    /// <exception cref="ArgumentException">The measurement or a tag cannot be written (see the remarks on <see cref="LineProtocol"/>).</exception>
    public static byte[] EncodeSeriesKey(string measurement, IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        CheckMeasurement(measurement);
        var order = new int[tags.Count];
        var written = CheckTags(measurement, tags, order);
        var buffer = new ArrayBufferWriter<byte>(64);
        WriteSeries(buffer, measurement, tags, order.AsSpan(0, written));
        return buffer.WrittenSpan.ToArray();
    }

    internal static string FormatFieldValue(FieldValue value)
    {
        var buffer = new ArrayBufferWriter<byte>(32);
        WriteFieldValue(buffer, value);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void CheckMeasurement(string measurement)
    {
        if (string.IsNullOrEmpty(measurement))
        {
            throw Invalid("The measurement is empty");
        }

        CheckText(measurement, new Subject("Measurement", measurement), MeasurementUnescapes);
        if (measurement[0] == '#')
        {
            throw Invalid($"Measurement '{measurement}' starts with '#', which makes the line a comment that InfluxDB ignores");
        }

        CheckNoSkippedStart(measurement, new Subject("Measurement", measurement));
    }

    /// <summary>Checks every tag and fills <paramref name="order"/> with the written tags' indexes in key order; returns how many.</summary>
    private static int CheckTags(string measurement, IReadOnlyList<KeyValuePair<string, string>> tags, Span<int> order)
    {
        var written = 0;
        for (var i = 0; i < tags.Count; i++)
        {
            var (key, value) = (tags[i].Key, tags[i].Value);
            CheckTagKey(key, measurement);
            CheckTagValue(key, value, measurement);
            if (value.Length > 0)
            {
                order[written++] = i;
            }
        }

        // insertion sort: a point has a handful of tags, and this allocates nothing
        for (var i = 1; i < written; i++)
        {
            var index = order[i];
            var j = i - 1;
            for (; j >= 0 && string.CompareOrdinal(tags[order[j]].Key, tags[index].Key) > 0; j--)
            {
                order[j + 1] = order[j];
            }

            order[j + 1] = index;
        }

        CheckDuplicates(tags, static t => t.Key, "tag", measurement);
        return written;
    }

    /// <param name="measurement">The measurement's name, or an object whose ToString names it (read only to build a message).</param>
    internal static void CheckTagKey(string key, object measurement) => CheckKey(key, "Tag key", measurement, TagEscapes);

    internal static void CheckTagValue(string key, string? value, object measurement)
    {
        if (value is null)
        {
            throw Invalid($"Tag '{key}' of measurement '{measurement}' has a null value");
        }

        CheckText(value, new Subject("Tag", key, " value"), TagEscapes);
    }

    internal static void CheckField(string key, FieldValue value, object measurement)
    {
        CheckKey(key, "Field key", measurement, FieldKeyEscapes);
        CheckNoSkippedStart(key, new Subject("Field key", key));
        switch (value.Kind)
        {
            case FieldValueKind.None:
                throw Invalid($"Field '{key}' of measurement '{measurement}' has no value (default FieldValue)");
            case FieldValueKind.String:
                CheckText(value.AsString(), new Subject("Field", key, " string value"), escapes: null);
                break;
        }
    }

    internal static void CheckTime(long timestampMs, object measurement)
    {
        if (timestampMs is < MinTimestampMs or > MaxTimestampMs)
        {
            throw Invalid($"Point of measurement '{measurement}' has time {timestampMs} ms, outside InfluxDB's range {MinTimestampMs}..{MaxTimestampMs}");
        }
    }

    internal static ArgumentException NoFields(object measurement) => Invalid($"Point of measurement '{measurement}' has no fields; InfluxDB requires at least one");

    internal static ArgumentException DuplicateKey(string what, string key, object measurement) => Invalid($"Duplicate {what} key '{key}' (measurement '{measurement}')");

    private static void CheckKey(string key, string what, object measurement, SearchValues<char> escapes)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw Invalid($"{what} is empty (measurement '{measurement}')");
        }

        CheckText(key, new Subject(what, key), escapes);
        if (key == "time")
        {
            throw Invalid($"{what} 'time' (measurement '{measurement}') is reserved; InfluxDB rejects it");
        }
    }

    /// <param name="escapes">The characters InfluxDB unescapes in this position (null for string field values).</param>
    private static void CheckText(string text, Subject what, SearchValues<char>? escapes)
    {
        if (!text.AsSpan().ContainsAnyExcept(PlainText))
        {
            return;
        }

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
    private static void CheckNoSkippedStart(string text, Subject what)
    {
        if (text[0] is '\t' or '\0')
        {
            throw Invalid($"{what} starts with a tab or NUL, which InfluxDB skips as whitespace");
        }
    }

    private static void CheckDuplicates<T>(IReadOnlyList<T> items, Func<T, string> key, string what, string measurement)
    {
        if (items.Count > MaxKeysComparedPairwise)
        {
            var seen = new HashSet<string>(items.Count, StringComparer.Ordinal);
            foreach (var item in items)
            {
                if (!seen.Add(key(item)))
                {
                    throw DuplicateKey(what, key(item), measurement);
                }
            }

            return;
        }

        // a few keys: comparing pairs allocates nothing
        for (var i = 1; i < items.Count; i++)
        {
            var current = key(items[i]);
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(key(items[j]), current, StringComparison.Ordinal))
                {
                    throw DuplicateKey(what, current, measurement);
                }
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

    /// <summary>Writes <c>measurement,tag=value,…</c> with the tags in the given order.</summary>
    private static void WriteSeries(IBufferWriter<byte> output, string measurement, IReadOnlyList<KeyValuePair<string, string>> tags, ReadOnlySpan<int> order)
    {
        WriteEscaped(output, measurement, MeasurementEscapes);
        foreach (var index in order)
        {
            WriteTagKey(output, tags[index].Key);
            WriteTagValue(output, tags[index].Value);
        }
    }

    /// <summary>Writes <c>,key=</c>.</summary>
    internal static void WriteTagKey(IBufferWriter<byte> output, string key)
    {
        WriteByte(output, (byte)',');
        WriteEscaped(output, key, TagEscapes);
        WriteByte(output, (byte)'=');
    }

    internal static void WriteTagValue(IBufferWriter<byte> output, string value) => WriteEscaped(output, value, TagEscapes);

    /// <summary>Writes <c> key=value</c> for the first field of a line, <c>,key=value</c> for the others.</summary>
    internal static void WriteField(IBufferWriter<byte> output, bool first, string key, FieldValue value)
    {
        WriteByte(output, first ? (byte)' ' : (byte)',');
        WriteEscaped(output, key, FieldKeyEscapes);
        WriteByte(output, (byte)'=');
        WriteFieldValue(output, value);
    }

    /// <summary>Writes <c> timestamp</c>.</summary>
    internal static void WriteTimestamp(IBufferWriter<byte> output, long timestampMs)
    {
        WriteByte(output, (byte)' ');
        WriteInt64(output, timestampMs);
    }

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

    /// <summary>What a checked text is, for messages ("Tag key 'k'", "Field 'f' string value"); spelled out only when a check fails.</summary>
    private readonly struct Subject(string kind, string name, string suffix = "")
    {
        public override string ToString() => $"{kind} '{name}'{suffix}";
    }
}
