namespace AirMonitor.Influx;

/// <summary>Writes one group's lines into <paramref name="lines"/> (see <see cref="InfluxBatchWriter.Append{TState}"/>).</summary>
public delegate void LineWriterAction<TState>(LineWriter lines, TState state)
    where TState : allows ref struct;

/// <summary>
/// Appends lines of line protocol (each ending with a line feed) to a growable buffer rented from the shared array pool.
/// Two ways to write a line: <see cref="Point"/> (an <see cref="InfluxPoint"/>), or without any point object:
/// <see cref="Series"/> with a key from <see cref="LineProtocol.EncodeSeriesKey"/>, then <see cref="Tag"/>s, then
/// <see cref="Field(string, double)"/>s, then <see cref="End"/>. Both validate and escape exactly as <see cref="LineProtocol"/>
/// does (one implementation); what cannot be written throws <see cref="ArgumentException"/>.
/// </summary>
/// <remarks>
/// <para>A rejected <see cref="Point"/> writes nothing. A rejected tag or field leaves its line unfinished: inside
/// <see cref="InfluxBatchWriter.Append{TState}"/> the writer rolls the whole group back.</para>
/// <para>Tags given to <see cref="Tag"/> follow the series key's tags in call order. InfluxDB sorts a line's tags itself,
/// so the same series is stored either way; the bytes equal <see cref="Point"/>'s only when those keys sort after the
/// series key's (or put every tag in the series key).</para>
/// </remarks>
public sealed class LineWriter : IDisposable
{
    private readonly PooledBuffer _buffer;
    private readonly LineMeasurement _measurement;
    private string[] _keys = new string[8]; // tag keys, then field keys, given for the open line
    private int _tagKeyCount;
    private int _fieldKeyCount;
    private int _lineStart = NoLine;
    private int _seriesEnd;

    private const int NoLine = -1;

    /// <param name="initialCapacity">Bytes rented at first; the buffer grows by doubling.</param>
    public LineWriter(int initialCapacity = 4096)
    {
        _buffer = new PooledBuffer(initialCapacity);
        _measurement = new LineMeasurement(this);
    }

    /// <summary>Lines ended so far.</summary>
    public int Points { get; private set; }

    /// <summary>Bytes written so far (an unfinished line included).</summary>
    public int WrittenCount => _buffer.WrittenCount;

    /// <summary>The lines written; valid until the next write or <see cref="Dispose"/>.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    /// <inheritdoc cref="WrittenSpan"/>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.WrittenMemory;

    /// <summary>Whether a line was started with <see cref="Series"/> and not yet ended.</summary>
    public bool IsLineOpen => _lineStart != NoLine;

    /// <summary>Writes the point as one line.</summary>
    /// <exception cref="ArgumentException">The point cannot be written; nothing was written.</exception>
    public void Point(InfluxPoint point)
    {
        ThrowIfLineOpen();
        LineProtocol.Append(point, _buffer);
        _buffer.Write((byte)'\n');
        Points++;
    }

    /// <summary>Starts a line with a series key made by <see cref="LineProtocol.EncodeSeriesKey"/>.</summary>
    /// <exception cref="ArgumentException">The key is empty or holds a line break (so it did not come from EncodeSeriesKey).</exception>
    public void Series(ReadOnlySpan<byte> encodedSeriesKey)
    {
        ThrowIfLineOpen();
        if (encodedSeriesKey.IsEmpty || encodedSeriesKey.ContainsAny((byte)'\n', (byte)'\r'))
        {
            throw new ArgumentException("A series key is not empty and has no line break; make it with LineProtocol.EncodeSeriesKey", nameof(encodedSeriesKey));
        }

        _lineStart = _buffer.WrittenCount;
        _buffer.Write(encodedSeriesKey);
        _seriesEnd = _buffer.WrittenCount;
        _tagKeyCount = 0;
        _fieldKeyCount = 0;
    }

    /// <summary>Adds a tag to the open line (before its fields). An empty value leaves the tag out, as <see cref="Point"/> does.</summary>
    /// <exception cref="ArgumentException">The tag cannot be written, or its key is already on the line.</exception>
    public void Tag(string key, string value)
    {
        ThrowIfNoLine();
        if (_fieldKeyCount > 0)
        {
            throw new InvalidOperationException("Tags come before the fields of a line");
        }

        LineProtocol.CheckTagKey(key, _measurement);
        LineProtocol.CheckTagValue(key, value, _measurement);
        CheckNewKey(key, 0, _tagKeyCount, "tag");
        var start = _buffer.WrittenCount;
        LineProtocol.WriteTagKey(_buffer, key);
        if (SeriesKeyHasTag(_buffer.WrittenSpan[start..]))
        {
            _buffer.Truncate(start);
            throw LineProtocol.DuplicateKey("tag", key, _measurement);
        }

        if (value.Length == 0)
        {
            _buffer.Truncate(start);
        }
        else
        {
            LineProtocol.WriteTagValue(_buffer, value);
        }

        AddKey(key);
        _tagKeyCount++;
    }

    /// <summary>Adds a float field (written in the shortest form that reads back as the same double).</summary>
    /// <exception cref="ArgumentException">The value is not finite, the key cannot be written or is already on the line.</exception>
    public void Field(string key, double value) => Field(key, new FieldValue(value));

    /// <summary>Adds an integer field (<c>3i</c>).</summary>
    public void Field(string key, long value) => Field(key, new FieldValue(value));

    /// <summary>Adds a boolean field.</summary>
    public void Field(string key, bool value) => Field(key, new FieldValue(value));

    /// <summary>Adds a string field.</summary>
    public void Field(string key, string value) => Field(key, new FieldValue(value));

    /// <summary>Adds a field to the open line.</summary>
    /// <exception cref="ArgumentException">The field cannot be written, or its key is already on the line.</exception>
    public void Field(string key, FieldValue value)
    {
        ThrowIfNoLine();
        LineProtocol.CheckField(key, value, _measurement);
        CheckNewKey(key, _tagKeyCount, _tagKeyCount + _fieldKeyCount, "field");
        LineProtocol.WriteField(_buffer, first: _fieldKeyCount == 0, key, value);
        AddKey(key);
        _fieldKeyCount++;
    }

    /// <summary>Ends the open line with its time (epoch milliseconds) and a line feed.</summary>
    /// <exception cref="ArgumentException">The line has no field, or the time is outside InfluxDB's range.</exception>
    public void End(long timestampMs)
    {
        ThrowIfNoLine();
        if (_fieldKeyCount == 0)
        {
            throw LineProtocol.NoFields(_measurement);
        }

        LineProtocol.CheckTime(timestampMs, _measurement);
        LineProtocol.WriteTimestamp(_buffer, timestampMs);
        _buffer.Write((byte)'\n');
        _lineStart = NoLine;
        Points++;
    }

    /// <summary>Returns the buffer to the pool; the writer is unusable after.</summary>
    public void Dispose() => _buffer.Dispose();

    /// <summary>Forgets everything after the first <paramref name="byteCount"/> bytes (which held <paramref name="points"/> lines), an open line included.</summary>
    internal void Truncate(int byteCount, int points)
    {
        _buffer.Truncate(byteCount);
        Points = points;
        _lineStart = NoLine;
    }

    /// <summary>Appends whole lines written by another <see cref="LineWriter"/>.</summary>
    internal void AppendLines(ReadOnlySpan<byte> lines, int points)
    {
        ThrowIfLineOpen();
        _buffer.Write(lines);
        Points += points;
    }

    private void ThrowIfLineOpen()
    {
        if (IsLineOpen)
        {
            throw new InvalidOperationException("The line started by Series was not ended with End");
        }
    }

    private void ThrowIfNoLine()
    {
        if (!IsLineOpen)
        {
            throw new InvalidOperationException("Start a line with Series first");
        }
    }

    private void CheckNewKey(string key, int from, int to, string what)
    {
        for (var i = from; i < to; i++)
        {
            if (string.Equals(_keys[i], key, StringComparison.Ordinal))
            {
                throw LineProtocol.DuplicateKey(what, key, _measurement);
            }
        }
    }

    private void AddKey(string key)
    {
        var count = _tagKeyCount + _fieldKeyCount;
        if (count == _keys.Length)
        {
            Array.Resize(ref _keys, count * 2);
        }

        _keys[count] = key;
    }

    /// <summary>Whether the series key holds the tag key <paramref name="tagKey"/> (written as <c>,key=</c>).</summary>
    private bool SeriesKeyHasTag(ReadOnlySpan<byte> tagKey)
    {
        var series = _buffer.WrittenSpan[_lineStart.._seriesEnd];
        for (var from = 0; ;)
        {
            var at = series[from..].IndexOf(tagKey);
            if (at < 0)
            {
                return false;
            }

            at += from;

            // An escaped comma (\,) inside a name is not a tag separator; LineProtocol refuses a backslash before it otherwise.
            if (at == 0 || series[at - 1] != '\\')
            {
                return true;
            }

            from = at + 1;
        }
    }

    /// <summary>Names the open line's measurement in a message, decoding it from the series key only then.</summary>
    private sealed class LineMeasurement(LineWriter lines)
    {
        public override string ToString()
        {
            if (!lines.IsLineOpen)
            {
                return "";
            }

            var name = System.Text.Encoding.UTF8.GetString(lines._buffer.WrittenSpan[lines._lineStart..lines._seriesEnd]);
            var text = new System.Text.StringBuilder(name.Length);
            for (var i = 0; i < name.Length && name[i] != ','; i++)
            {
                // the measurement escapes only comma and space
                if (name[i] == '\\' && i + 1 < name.Length && name[i + 1] is ',' or ' ')
                {
                    i++;
                }

                text.Append(name[i]);
            }

            return text.ToString();
        }
    }
}
