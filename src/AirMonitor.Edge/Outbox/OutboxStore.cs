using AirMonitor.Hosting;
using System.Globalization;
using AirMonitor.Core.Contract;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AirMonitor.Edge.Outbox;

/// <summary>
/// The edge's durable outbox: every readings message is stored here, with its <c>seq</c>, before it is sent,
/// and leaves only when the ingest acknowledges it (stored or rejected). SQLite in WAL mode on the SD card;
/// bounded by <see cref="OutboxOptions.MaxBytes"/> with counted, oldest-first eviction. Thread-safe: one
/// connection behind one lock. See README.md beside this file for the schema, pragmas and guarantees.
/// </summary>
public sealed class OutboxStore : IDisposable
{
    private const int SchemaVersion = 1;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS outbox (
            seq          INTEGER PRIMARY KEY,
            device       TEXT    NOT NULL,
            payload      BLOB    NOT NULL,
            created_at   INTEGER NOT NULL,
            attempts     INTEGER NOT NULL DEFAULT 0,
            last_sent_at INTEGER
        );
        CREATE TABLE IF NOT EXISTS outbox_state (
            key   TEXT    NOT NULL PRIMARY KEY,
            value INTEGER NOT NULL
        ) WITHOUT ROWID;
        """;
    private const string NextSeqKey = "next_seq";
    private const string EvictedKey = "evicted";

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly SeqReservation _reservation;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _evictOldest;
    private readonly SqliteCommand _setState;
    private readonly SqliteCommand _selectDue;
    private readonly SqliteCommand _selectUnsent;
    private readonly SqliteCommand _markSent;
    private readonly SqliteCommand _delete;
    private readonly SqliteCommand _oldestCreatedAt;
    private long _nextSeq;
    private long _depth;
    private long _sizeBytes;
    private long _evicted;
    private bool _disposed;

    private OutboxStore(string path, long maxBytes, SqliteConnection connection, SeqReservation reservation, TimeProvider time, ILogger logger, StoredState state)
    {
        Path = path;
        MaxBytes = maxBytes;
        _connection = connection;
        _reservation = reservation;
        _time = time;
        _logger = logger;
        _nextSeq = state.NextSeq;
        _depth = state.Depth;
        _sizeBytes = state.SizeBytes;
        _evicted = state.Evicted;
        _insert = Prepare("INSERT INTO outbox (seq, device, payload, created_at) VALUES ($seq, $device, $payload, $created_at)");
        _evictOldest = Prepare("DELETE FROM outbox WHERE seq = (SELECT MIN(seq) FROM outbox) RETURNING seq, length(payload)");
        _setState = Prepare("INSERT INTO outbox_state (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        _selectDue = Prepare(
            """
            SELECT seq, device, payload, created_at, attempts, last_sent_at FROM outbox
            WHERE last_sent_at IS NULL OR last_sent_at <= $cutoff OR last_sent_at > $now
            ORDER BY seq LIMIT $max
            """);
        _selectUnsent = Prepare("SELECT seq, device, payload, created_at, attempts, last_sent_at FROM outbox WHERE seq = $seq AND last_sent_at IS NULL");
        _markSent = Prepare("UPDATE outbox SET attempts = attempts + 1, last_sent_at = $now WHERE seq = $seq");
        _delete = Prepare("DELETE FROM outbox WHERE seq = $seq AND ($device IS NULL OR device = $device) RETURNING length(payload)");
        _oldestCreatedAt = Prepare("SELECT created_at FROM outbox ORDER BY seq LIMIT 1");
    }

    /// <summary>Raised after an <see cref="Add"/> that evicted old messages to stay within the bound (also logged as a warning).</summary>
    public event EventHandler<OutboxEvictionEventArgs>? EntriesEvicted;

    /// <summary>The database file (absolute); the seq file is this plus <c>.seq</c>.</summary>
    public string Path { get; }

    public long MaxBytes { get; }

    /// <summary>Messages waiting for an ack.</summary>
    public long Depth
    {
        get
        {
            lock (_gate)
            {
                return _depth;
            }
        }
    }

    /// <summary>Payload bytes waiting for an ack (what <see cref="MaxBytes"/> bounds).</summary>
    public long SizeBytes
    {
        get
        {
            lock (_gate)
            {
                return _sizeBytes;
            }
        }
    }

    /// <summary>Messages dropped to stay within the bound since this outbox was created, persisted across restarts.</summary>
    public long Evicted
    {
        get
        {
            lock (_gate)
            {
                return _evicted;
            }
        }
    }

    /// <summary>How long the oldest waiting message (lowest seq) has waited since it was added; <see langword="null"/> when empty.</summary>
    public TimeSpan? OldestUnacknowledgedAge
    {
        get
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                _oldestCreatedAt.Transaction = null;
                if (_oldestCreatedAt.ExecuteScalar() is not long createdAt)
                {
                    return null;
                }

                var age = _time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(createdAt);
                return age < TimeSpan.Zero ? TimeSpan.Zero : age;
            }
        }
    }

    /// <summary>
    /// Opens (or creates) the outbox at <paramref name="path"/>. A corrupt database is moved aside
    /// (<c>{path}.corrupt-{utc}</c>, with its WAL), logged as critical, and replaced by an empty one whose seqs
    /// continue above every seq the old one handed out.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    /// <exception cref="IOException">Another process holds this outbox, or the file system refuses.</exception>
    public static OutboxStore Open(string path, OutboxOptions options, TimeProvider time, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        logger ??= NullLogger.Instance;

        var fullPath = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        var reservation = SeqReservation.Open(fullPath + ".seq");
        SqliteConnection? connection = null;
        try
        {
            var databaseExisted = File.Exists(fullPath);
            var file = DurableSqlite.Open(fullPath, SchemaVersion, Schema, time);
            connection = file.Connection;
            if (file.MovedAsideTo is { } movedTo)
            {
                OutboxLog.CorruptMovedAside(logger, fullPath, file.Problem!, movedTo);
            }

            var state = ReadState(connection);
            if (state.NextSeq == 0)
            {
                state = state with { NextSeq = FirstSeq(fullPath, databaseExisted, reservation, time, logger) };
                WriteState(connection, state);
            }

            var store = new OutboxStore(fullPath, options.MaxBytes, connection, reservation, time, logger, state);
            OutboxLog.Opened(logger, fullPath, state.Depth, state.SizeBytes, state.NextSeq, state.Evicted);
            return store;
        }
        catch
        {
            connection?.Dispose();
            reservation.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Assigns the next seq, encodes the <see cref="ReadingBatch"/> and stores it durably (fsynced) in one
    /// transaction, evicting the oldest messages first if it would not fit within <see cref="MaxBytes"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Not a device id, no samples, or a message larger than the whole bound.</exception>
    public OutboxEntry Add(string device, IReadOnlyList<Sample> samples)
    {
        if (!DeviceId.IsValid(device))
        {
            throw new ArgumentException($"'{device}' is not a device id ([A-Za-z0-9_-]{{1,64}}, not '{DeviceId.Reserved}')", nameof(device));
        }

        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            throw new ArgumentException("a readings message needs at least one sample", nameof(samples));
        }

        OutboxEntry entry;
        OutboxEvictionEventArgs? eviction = null;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var seq = _nextSeq;
            var payload = WireCodec.Encode(new ReadingBatch(device, seq, samples));
            if (payload.Length > MaxBytes)
            {
                throw new ArgumentException($"a readings message of {payload.Length} bytes cannot fit in an outbox of {MaxBytes} bytes", nameof(samples));
            }

            _reservation.Cover(seq);
            var now = NowToTheMillisecond();
            using var transaction = _connection.BeginTransaction();
            long evictedCount = 0, firstEvicted = 0, lastEvicted = 0, depth = _depth, size = _sizeBytes;
            while (depth > 0 && size + payload.Length > MaxBytes)
            {
                _evictOldest.Transaction = transaction;
                using var reader = _evictOldest.ExecuteReader();
                if (!reader.Read())
                {
                    break;
                }

                lastEvicted = reader.GetInt64(0);
                firstEvicted = evictedCount == 0 ? lastEvicted : firstEvicted;
                evictedCount++;
                depth--;
                size -= reader.GetInt64(1);
            }

            _insert.Transaction = transaction;
            _insert.Parameters["$seq"].Value = seq;
            _insert.Parameters["$device"].Value = device;
            _insert.Parameters["$payload"].Value = payload;
            _insert.Parameters["$created_at"].Value = now.ToUnixTimeMilliseconds();
            _insert.ExecuteNonQuery();
            SetState(transaction, NextSeqKey, seq + 1);
            if (evictedCount > 0)
            {
                SetState(transaction, EvictedKey, _evicted + evictedCount);
            }

            transaction.Commit();
            _nextSeq = seq + 1;
            _depth = depth + 1;
            _sizeBytes = size + payload.Length;
            _evicted += evictedCount;
            entry = new OutboxEntry(seq, device, payload, now, Attempts: 0, LastSentAt: null);
            if (evictedCount > 0)
            {
                eviction = new OutboxEvictionEventArgs(evictedCount, firstEvicted, lastEvicted, _evicted);
            }
        }

        if (eviction is not null)
        {
            OutboxLog.Evicted(_logger, MaxBytes, eviction.Count, eviction.FirstSeq, eviction.LastSeq, eviction.EvictedTotal);
            EntriesEvicted?.Invoke(this, eviction);
        }

        return entry;
    }

    /// <summary>
    /// Caps the database file at <paramref name="pages"/> pages (SQLite's <c>max_page_count</c>, this connection only):
    /// past it a write fails as it would on a full disk (<c>SQLITE_FULL</c>). For the tests of a full disk.
    /// </summary>
    internal void LimitPages(long pages)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"PRAGMA max_page_count = {pages}";
            command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Takes a seq for good without storing a message (persisted before it returns, so it is never handed out
    /// again, even after a crash). <see cref="Add"/> takes its own; a seq taken here and not used is a gap.
    /// </summary>
    public long NextSeq()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var seq = _nextSeq;
            _reservation.Cover(seq);
            SetState(transaction: null, NextSeqKey, seq + 1);
            _nextSeq = seq + 1;
            return seq;
        }
    }

    /// <summary>
    /// Up to <paramref name="max"/> messages to send now, lowest seq first: those never sent, and those sent at
    /// least <paramref name="resendAfter"/> ago and still not acknowledged (or "sent in the future": the clock
    /// was set back). Marks them sent now (attempts + 1). Each comes with its original seq and payload.
    /// </summary>
    public IReadOnlyList<OutboxEntry> TakeDue(int max, TimeSpan resendAfter)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        ArgumentOutOfRangeException.ThrowIfLessThan(resendAfter, TimeSpan.Zero);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = NowToTheMillisecond();
            var nowMs = now.ToUnixTimeMilliseconds();
            using var transaction = _connection.BeginTransaction();
            _selectDue.Transaction = transaction;
            _selectDue.Parameters["$cutoff"].Value = nowMs - (resendAfter.Ticks / TimeSpan.TicksPerMillisecond);
            _selectDue.Parameters["$now"].Value = nowMs;
            _selectDue.Parameters["$max"].Value = max;
            var due = new List<OutboxEntry>();
            Read(_selectDue, due, now);
            MarkSent(due, transaction, nowMs);
            transaction.Commit();
            return due;
        }
    }

    /// <summary>
    /// Those of <paramref name="seqs"/> still in the outbox and never sent, in the order given, marked sent now: the
    /// live messages the uplink sends ahead of a backlog. A seq already sent, acknowledged or evicted is skipped.
    /// </summary>
    public IReadOnlyList<OutboxEntry> TakeUnsent(IReadOnlyList<long> seqs)
    {
        ArgumentNullException.ThrowIfNull(seqs);
        if (seqs.Count == 0)
        {
            return [];
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = NowToTheMillisecond();
            using var transaction = _connection.BeginTransaction();
            _selectUnsent.Transaction = transaction;
            var unsent = new List<OutboxEntry>();
            foreach (var seq in seqs)
            {
                _selectUnsent.Parameters["$seq"].Value = seq;
                Read(_selectUnsent, unsent, now);
            }

            MarkSent(unsent, transaction, now.ToUnixTimeMilliseconds());
            transaction.Commit();
            return unsent;
        }
    }

    private static void Read(SqliteCommand select, List<OutboxEntry> into, DateTimeOffset sentAt)
    {
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            into.Add(new OutboxEntry(
                Seq: reader.GetInt64(0),
                Device: reader.GetString(1),
                Payload: reader.GetFieldValue<byte[]>(2),
                CreatedAt: DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                Attempts: reader.GetInt32(4) + 1,
                LastSentAt: sentAt));
        }
    }

    private void MarkSent(List<OutboxEntry> entries, SqliteTransaction transaction, long nowMs)
    {
        _markSent.Transaction = transaction;
        _markSent.Parameters["$now"].Value = nowMs;
        foreach (var entry in entries)
        {
            _markSent.Parameters["$seq"].Value = entry.Seq;
            _markSent.ExecuteNonQuery();
        }
    }

    /// <summary>Removes the acknowledged messages; returns how many were there. Unknown or repeated seqs are ignored.</summary>
    public int Acknowledge(IEnumerable<long> seqs)
    {
        ArgumentNullException.ThrowIfNull(seqs);
        return Remove([.. seqs], device: null);
    }

    /// <summary>
    /// Removes the messages the ingest settled: <see cref="AckMessage.Stored"/> and <see cref="AckMessage.Rejected"/>
    /// alike (a rejected message is in the ingest's dead-letter store; sending it again cannot help). Only messages
    /// of <see cref="AckMessage.Device"/> are removed.
    /// </summary>
    public int Acknowledge(AckMessage ack)
    {
        ArgumentNullException.ThrowIfNull(ack);
        return Remove([.. ack.Stored, .. ack.Rejected.Select(r => r.Seq)], ack.Device);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var command in new[] { _insert, _evictOldest, _setState, _selectDue, _selectUnsent, _markSent, _delete, _oldestCreatedAt })
            {
                command.Dispose();
            }

            _connection.Dispose();
            _reservation.Dispose();
        }
    }

    private int Remove(long[] seqs, string? device)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _connection.BeginTransaction();
            _delete.Transaction = transaction;
            _delete.Parameters["$device"].Value = (object?)device ?? DBNull.Value;
            var removed = 0;
            long bytes = 0;
            foreach (var seq in seqs)
            {
                _delete.Parameters["$seq"].Value = seq;
                using var reader = _delete.ExecuteReader();
                if (reader.Read())
                {
                    removed++;
                    bytes += reader.GetInt64(0);
                }
            }

            if (removed == 0)
            {
                return 0;
            }

            transaction.Commit();
            _depth -= removed;
            _sizeBytes -= bytes;
            return removed;
        }
    }

    private DateTimeOffset NowToTheMillisecond() => DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());

    private void SetState(SqliteTransaction? transaction, string key, long value)
    {
        _setState.Transaction = transaction;
        _setState.Parameters["$key"].Value = key;
        _setState.Parameters["$value"].Value = value;
        _setState.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in new[] { "$seq", "$device", "$payload", "$created_at", "$key", "$value", "$cutoff", "$now", "$max" })
        {
            if (sql.Contains(name, StringComparison.Ordinal))
            {
                command.Parameters.Add(new SqliteParameter(name, value: null));
            }
        }

        return command;
    }

    private static StoredState ReadState(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT (SELECT value FROM outbox_state WHERE key = '{NextSeqKey}'),
                   (SELECT value FROM outbox_state WHERE key = '{EvictedKey}'),
                   COUNT(*), COALESCE(SUM(length(payload)), 0), MAX(seq)
            FROM outbox
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        var nextSeq = reader.IsDBNull(0) ? 0 : reader.GetInt64(0);
        if (!reader.IsDBNull(4))
        {
            nextSeq = Math.Max(nextSeq, reader.GetInt64(4) + 1);
        }

        return new StoredState(
            NextSeq: nextSeq,
            Evicted: reader.IsDBNull(1) ? 0 : reader.GetInt64(1),
            Depth: reader.GetInt64(2),
            SizeBytes: reader.GetInt64(3));
    }

    private static void WriteState(SqliteConnection connection, StoredState state)
    {
        using var transaction = connection.BeginTransaction();
        connection.Execute($"INSERT OR REPLACE INTO outbox_state (key, value) VALUES ('{NextSeqKey}', {state.NextSeq}), ('{EvictedKey}', {state.Evicted})", transaction);
        transaction.Commit();
    }

    /// <summary>Where seqs start in a database without seq history: above anything the device may have sent.</summary>
    private static long FirstSeq(string path, bool databaseExisted, SeqReservation reservation, TimeProvider time, ILogger logger)
    {
        if (reservation.ReservedThrough is { } reserved)
        {
            OutboxLog.SeqResumedFromReservation(logger, path, reserved, reservation.Path);
            return reserved + 1;
        }

        if (!databaseExisted)
        {
            return 1;
        }

        // Both records are gone but an outbox was here: seqs ran at most one a millisecond since the epoch.
        var floor = Math.Max(1, time.GetUtcNow().ToUnixTimeMilliseconds());
        OutboxLog.SeqHistoryLost(logger, path, reservation.Path, floor);
        return floor;
    }

    private readonly record struct StoredState(long NextSeq, long Evicted, long Depth, long SizeBytes);
}
