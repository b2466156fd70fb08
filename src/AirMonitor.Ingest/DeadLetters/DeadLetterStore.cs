using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using AirMonitor.Core.Contract;
using AirMonitor.Core.Diagnostics;
using AirMonitor.Ingest.Observability;
using AirMonitor.Ingest.Validation;
using Microsoft.Win32.SafeHandles;

namespace AirMonitor.Ingest.DeadLetters;

/// <summary>One rejected message with every reason (docs/storage.md, "Dead letters").</summary>
/// <param name="PayloadBytes">The whole payload's length.</param>
/// <param name="PayloadSha256">The whole payload's SHA-256, lowercase hex.</param>
/// <param name="Truncated">True when only the payload's first bytes are kept; null when it is whole.</param>
/// <param name="Payload">The kept bytes as text when they are valid UTF-8, else null and <paramref name="PayloadBase64"/> holds them.</param>
public sealed record DeadLetter(
    DateTimeOffset ReceivedAt,
    string Topic,
    string Device,
    long? Seq,
    IReadOnlyList<DeadLetterReason> Reasons,
    int PayloadBytes,
    string PayloadSha256,
    bool? Truncated,
    string? Payload,
    string? PayloadBase64);

public sealed record DeadLetterReason(string Reason, string Detail, int? SampleIndex = null)
{
    public static DeadLetterReason From(Rejection rejection) => new(rejection.Code, rejection.Detail, rejection.SampleIndex);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DeadLetter))]
internal sealed partial class DeadLetterJsonContext : JsonSerializerContext
{
    /// <summary>
    /// What the files are written with: the files are never embedded in HTML, and the default encoder's escapes would make
    /// each '+' of base64 and each non-ASCII character of a text payload six bytes.
    /// </summary>
    public static DeadLetterJsonContext Relaxed { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

/// <summary>
/// Appends rejected messages to <c>{directory}/deadletter-YYYY-MM-DD.jsonl</c> (UTC day), one JSON object a line, within
/// <see cref="DeadLetterOptions"/>: a payload's first bytes only, the directory's total bytes and age, a rate per device.
/// A letter past a bound is dropped, counted and logged; its message is rejected all the same. The caller acknowledges a
/// message only after <see cref="Sync"/> has put its letter on disk. A write or fsync that fails (a full disk) throws,
/// leaves no part of a line behind, and is reported to <see cref="LocalStoreHealth"/> until a letter is on disk again
/// or, with none waiting, the day's file opens and has room for one (checked every <see cref="ProbeInterval"/>).
/// </summary>
public sealed partial class DeadLetterStore : IDisposable
{
    /// <summary>Dropped: the device's letters per minute were spent.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>Dropped: the letter would take the directory past its total bytes, with only the current day's file left to delete.</summary>
    public const string OverSizeCap = "over_size_cap";

    private const string MaxAgeReason = "max_age";
    private const string MaxTotalBytesReason = "max_total_bytes";
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(5);
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly string _directory;
    private readonly DeadLetterOptions _options;
    private readonly IngestMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<DeadLetterStore> _logger;
    private readonly LocalStoreHealth? _health;
    private readonly DeviceLetterQuota _quota;
    private readonly Lock _lock = new();

    // Every day's file in the directory, oldest first, with its size: read once at start, then kept up to date by each write.
    private readonly List<DayFile> _files = [];
    private readonly Dictionary<string, LogThrottle> _dropLogs;
    // The letters written to the open file since its last fsync, from _syncedEnd: written again should an fsync fail.
    private readonly List<byte[]> _unsyncedLines = [];
    private long _totalBytes;
    private SafeFileHandle? _file;
    private DayFile? _current;
    private long _end;
    private long _syncedEnd;
    private bool _unsynced;
    private long _dropped;
    private bool _rewrite;
    private ITimer? _probe;

    public DeadLetterStore(string directory, DeadLetterOptions options, IngestMetrics metrics, TimeProvider time, ILogger<DeadLetterStore> logger, LocalStoreHealth? health = null)
    {
        (_directory, _options, _metrics, _time, _logger, _health) = (directory, options, metrics, time, logger, health);
        _dropLogs = new(StringComparer.Ordinal) { [RateLimited] = new(time, LogThrottle.Minute), [OverSizeCap] = new(time, LogThrottle.Minute) };
        _quota = new DeviceLetterQuota(options.PerDevicePerMinute, options.MaxTrackedDevices, time);
        Directory.CreateDirectory(directory);
        foreach (var path in Directory.GetFiles(directory, "deadletter-*.jsonl"))
        {
            if (TryParseDay(path, out var day))
            {
                _files.Add(new DayFile(day, path) { Bytes = new FileInfo(path).Length });
            }
        }

        _files.Sort((a, b) => a.Day.CompareTo(b.Day));
        _totalBytes = _files.Sum(f => f.Bytes);
        lock (_lock)
        {
            MakeRoom(0, null);
        }

        _metrics.DeadLetterBytes(_totalBytes);
    }

    /// <summary>Letters dropped by a bound since the start.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>The bytes of every dead-letter file in the directory, as this store counts them.</summary>
    public long TotalBytes
    {
        get
        {
            lock (_lock)
            {
                return _totalBytes;
            }
        }
    }

    /// <summary>Devices whose rate this store remembers (at most <see cref="DeadLetterOptions.MaxTrackedDevices"/>).</summary>
    public int TrackedDevices
    {
        get
        {
            lock (_lock)
            {
                return _quota.Tracked;
            }
        }
    }

    /// <summary>
    /// The letter as it is kept: the payload's length and SHA-256, and its first <paramref name="prefixBytes"/> bytes at most,
    /// as text when they are valid UTF-8 (cut at a character's start), else as base64.
    /// </summary>
    public static DeadLetter Create(DateTimeOffset receivedAt, string topic, string device, long? seq, IReadOnlyList<DeadLetterReason> reasons, ReadOnlySpan<byte> payload, int prefixBytes)
    {
        var kept = Math.Min(payload.Length, prefixBytes);
        var textCut = kept;
        for (var back = 0; back < 3 && textCut > 0 && textCut < payload.Length && (payload[textCut] & 0xC0) == 0x80; back++)
        {
            textCut--;
        }

        string? text = null;
        string? base64 = null;
        try
        {
            text = StrictUtf8.GetString(payload[..textCut]);
            kept = textCut;
        }
        catch (DecoderFallbackException)
        {
            base64 = Convert.ToBase64String(payload[..kept]);
        }

        var digest = Convert.ToHexStringLower(SHA256.HashData(payload));
        return new DeadLetter(receivedAt, topic, device, seq, reasons, payload.Length, digest, kept < payload.Length ? true : null, text, base64);
    }

    /// <summary>
    /// Writes the letter of a rejected message to its day's file, in one write to the operating system (not yet to disk:
    /// <see cref="Sync"/>). False when a bound dropped it (counted and logged here). Throws when the file cannot be opened
    /// or written, leaving the file as it was.
    /// </summary>
    public bool Add(DateTimeOffset receivedAt, string topic, string device, long? seq, IReadOnlyList<DeadLetterReason> reasons, ReadOnlySpan<byte> payload)
    {
        // Invalid ids share one bucket: a topic level can be any text, and a new one each time must not buy more letters.
        var key = DeviceId.IsValid(device) ? device : "";
        lock (_lock)
        {
            if (!_quota.TryTake(key))
            {
                Dropped(RateLimited, device);
                return false;
            }
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(
            Create(receivedAt, topic, device, seq, reasons, payload, _options.PayloadPrefixBytes), DeadLetterJsonContext.Relaxed.DeadLetter);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        var day = DateOnly.FromDateTime(receivedAt.UtcDateTime);
        lock (_lock)
        {
            if (!MakeRoom(line.Length, day))
            {
                Dropped(OverSizeCap, device);
                return false;
            }

            try
            {
                RandomAccess.Write(FileFor(day), line, _end);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                CutBack();
                Failed(e);
                _quota.GiveBack(key); // the message comes again (redelivered, or its group retried): it must not pay twice
                throw;
            }

            _end += line.Length;
            _unsyncedLines.Add(line);
            _unsynced = true;
            _current!.Bytes += line.Length;
            _totalBytes += line.Length;
            _metrics.DeadLetterWritten(_totalBytes);
        }

        return true;
    }

    /// <summary>Puts every letter written so far on disk (fsync); nothing to do when none was written since the last call.</summary>
    public void Sync()
    {
        // Called for every settled group: no lock while nothing waits (the intake's write happens before its message is queued).
        if (!Volatile.Read(ref _unsynced))
        {
            return;
        }

        lock (_lock)
        {
            SyncLocked();
        }
    }

    private void SyncLocked()
    {
        if (!_unsynced || _file is null)
        {
            return;
        }

        try
        {
            if (_rewrite)
            {
                RandomAccess.SetLength(_file, _syncedEnd);
                _end = _syncedEnd;
                foreach (var line in _unsyncedLines)
                {
                    RandomAccess.Write(_file, line, _end);
                    _end += line.Length;
                }

                _rewrite = false;
            }

            RandomAccess.FlushToDisk(_file);
        }
        catch (IOException e)
        {
            // After a failed fsync Linux may mark the unwritten pages clean and report the next fsync as done: write them again first.
            _rewrite = true;
            Failed(e);
            throw;
        }

        _syncedEnd = _end;
        _unsyncedLines.Clear();
        _unsynced = false;
        Recovered();
    }

    /// <summary>Takes off what a failed write left of its line; should that fail too, the next letter is written over it.</summary>
    private void CutBack()
    {
        try
        {
            if (_file is not null)
            {
                RandomAccess.SetLength(_file, _end);
            }
        }
        catch (IOException)
        {
            // the next write starts at _end all the same
        }
    }

    private void Failed(Exception error)
    {
        _health?.Failed(LocalStoreHealth.DeadLetters, error);
        _probe ??= _time.CreateTimer(_ => Probe(), null, ProbeInterval, ProbeInterval);
    }

    private void Recovered()
    {
        if (_probe is null)
        {
            return;
        }

        _probe.Dispose();
        _probe = null;
        _health?.Recovered(LocalStoreHealth.DeadLetters);
    }

    /// <summary>
    /// While failing with no letter waiting for its fsync (whose retry tells): recovered once the day's file opens and
    /// the file system has room for a letter of <see cref="DeadLetterOptions.PayloadPrefixBytes"/>.
    /// </summary>
    private void Probe()
    {
        lock (_lock)
        {
            if (_probe is null || _unsynced)
            {
                return;
            }

            try
            {
                FileFor(DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime));
                if (new DriveInfo(_directory).AvailableFreeSpace < 2L * _options.PayloadPrefixBytes + 4096)
                {
                    return;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return;
            }

            Recovered();
        }
    }

    /// <summary>Every dead letter kept in <paramref name="directory"/>, oldest file first.</summary>
    public static IEnumerable<DeadLetter> ReadAll(string directory)
    {
        foreach (var path in Directory.GetFiles(directory, "deadletter-*.jsonl").Order(StringComparer.Ordinal))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (line.Length > 0 && JsonSerializer.Deserialize(line, DeadLetterJsonContext.Default.DeadLetter) is { } letter)
                {
                    yield return letter;
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _probe?.Dispose();
            _probe = null;
            _file?.Dispose();
            _file = null;
            _current = null;
        }
    }

    /// <summary>
    /// Deletes the files past <see cref="DeadLetterOptions.MaxAge"/>, then the oldest ones until <paramref name="needed"/> more
    /// bytes fit in <see cref="DeadLetterOptions.MaxTotalBytes"/>; never the open file nor <paramref name="day"/>'s. False
    /// when they still do not fit. Costs nothing when no file is due: the oldest file is first in the list.
    /// </summary>
    private bool MakeRoom(long needed, DateOnly? day)
    {
        var oldestKept = DateOnly.FromDateTime((_time.GetUtcNow() - _options.MaxAge).UtcDateTime);
        while (_files.Count > 0 && _files[0].Day < oldestKept && Deletable(_files[0], day))
        {
            Delete(0, MaxAgeReason);
        }

        var i = 0;
        while (_totalBytes + needed > _options.MaxTotalBytes && i < _files.Count)
        {
            if (Deletable(_files[i], day))
            {
                Delete(i, MaxTotalBytesReason);
            }
            else
            {
                i++;
            }
        }

        return _totalBytes + needed <= _options.MaxTotalBytes;
    }

    private bool Deletable(DayFile file, DateOnly? day) => file != _current && file.Day != day;

    private void Delete(int index, string reason)
    {
        var file = _files[index];
        _files.RemoveAt(index);
        _totalBytes -= file.Bytes;
        try
        {
            File.Delete(file.Path);
            LogDeleted(file.Path, file.Bytes, reason);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Counted no more, so a file that cannot go does not stop every later letter.
            LogNotDeleted(file.Path, reason, e.Message);
        }

        _metrics.DeadLetterFileDeleted(reason, _totalBytes);
    }

    private SafeFileHandle FileFor(DateOnly day)
    {
        if (_file is not null && _current!.Day == day)
        {
            return _file;
        }

        if (_file is not null)
        {
            // The letters written since the last Sync belong to messages not yet acknowledged: on disk before the file goes.
            SyncLocked();

            _file.Dispose();
            _file = null;
            _current = null;
        }

        var path = Path.Combine(_directory, $"deadletter-{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.jsonl");
        var file = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read | FileShare.Delete);
        _end = _syncedEnd = RandomAccess.GetLength(file);
        var tracked = _files.Find(f => f.Day == day);
        if (tracked is null)
        {
            tracked = new DayFile(day, path) { Bytes = _end };
            _totalBytes += _end;
            var at = _files.FindIndex(f => f.Day > day);
            _files.Insert(at < 0 ? _files.Count : at, tracked);
        }

        (_file, _current) = (file, tracked);
        return file;
    }

    private void Dropped(string reason, string device)
    {
        _metrics.DeadLetterDropped(reason);
        Interlocked.Increment(ref _dropped);
        if (_dropLogs[reason].Due(out var count))
        {
            LogDropped(count, reason, device);
        }
    }

    private static bool TryParseDay(string path, out DateOnly day) =>
        DateOnly.TryParseExact(Path.GetFileName(path).AsSpan()["deadletter-".Length..^".jsonl".Length], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleted dead-letter file {Path} ({Bytes} bytes): {Reason}")]
    private partial void LogDeleted(string path, long bytes, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not delete dead-letter file {Path} ({Reason}): {Error}; no longer counted")]
    private partial void LogNotDeleted(string path, string reason, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} dead letter(s) dropped, {Reason}, since this was last logged (at most once a minute); the latest from {Device}. The messages were still rejected and acknowledged")]
    private partial void LogDropped(int count, string reason, string device);

    private sealed class DayFile(DateOnly day, string path)
    {
        public DateOnly Day { get; } = day;

        public string Path { get; } = path;

        public long Bytes { get; set; }
    }
}
