using AirMonitor.AirQuality.Alerts;
using AirMonitor.Ingest.Observability;
using Microsoft.Data.Sqlite;

namespace AirMonitor.Ingest.Alerts;

/// <summary>
/// The alert engine's memory, in one SQLite file: every rule's <see cref="AlertTrack"/> per subject, each event with
/// the sinks it has still to reach (an outbox), and when each device was last heard. A round's new tracks and events
/// are committed in one transaction, so a crash either keeps both or neither: after a restart the engine neither
/// repeats an event nor loses one. A write that fails (a full disk) throws, having changed nothing, and is reported to
/// <see cref="LocalStoreHealth"/>; the callers try it again.
/// </summary>
public sealed class AlertStore : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly LocalStoreHealth? _health;
    private readonly Lock _lock = new();

    // The writes whose last attempt failed: the store is failing until each has succeeded since (a small write may fit where a round does not).
    private readonly HashSet<string> _failing = new(StringComparer.Ordinal);

    public AlertStore(string path, ILogger? logger = null, LocalStoreHealth? health = null)
    {
        _health = health;
        _db = LocalState.OpenDurable(path, """
            CREATE TABLE IF NOT EXISTS track (
                rule TEXT NOT NULL, subject TEXT NOT NULL, phase INTEGER NOT NULL, since INTEGER, last_at INTEGER,
                PRIMARY KEY (rule, subject));
            CREATE TABLE IF NOT EXISTS event (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, state TEXT NOT NULL, station TEXT NOT NULL,
                noticed_at INTEGER NOT NULL, body BLOB NOT NULL);
            CREATE INDEX IF NOT EXISTS event_id ON event (id);
            CREATE TABLE IF NOT EXISTS delivery (sink TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (sink, seq));
            CREATE TABLE IF NOT EXISTS delivered_elsewhere (
                id TEXT NOT NULL, state TEXT NOT NULL, seen_at INTEGER NOT NULL, PRIMARY KEY (id, state));
            CREATE TABLE IF NOT EXISTS retained (station TEXT PRIMARY KEY, payload BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS heard (
                device TEXT PRIMARY KEY, station TEXT NOT NULL, heard_at INTEGER NOT NULL, interval_ms INTEGER);
            """, logger);
    }

    public IReadOnlyDictionary<(string Rule, string Subject), AlertTrack> LoadTracks()
    {
        lock (_lock)
        {
            using var command = _db.CreateCommand();
            command.CommandText = "SELECT rule, subject, phase, since, last_at FROM track";
            using var reader = command.ExecuteReader();
            var tracks = new Dictionary<(string, string), AlertTrack>();
            while (reader.Read())
            {
                var track = new AlertTrack(reader.GetString(0), reader.GetString(1), (AlertPhase)reader.GetInt32(2), Time(reader, 3), Time(reader, 4));
                tracks[(track.Rule, track.Subject)] = track;
            }

            return tracks;
        }
    }

    /// <summary>Episodes fired and not resolved, oldest first: the state every sink started from.</summary>
    public IReadOnlyList<AlertEvent> LoadFiring()
    {
        lock (_lock)
        {
            using var command = _db.CreateCommand();
            command.CommandText = """
                SELECT body FROM event f WHERE state = 'firing'
                AND NOT EXISTS (SELECT 1 FROM event r WHERE r.id = f.id AND r.state = 'resolved') ORDER BY seq
                """;
            using var reader = command.ExecuteReader();
            var firing = new List<AlertEvent>();
            while (reader.Read())
            {
                firing.Add(AlertJson.DecodeEvent((byte[])reader.GetValue(0)));
            }

            return firing;
        }
    }

    /// <summary>Commits changed tracks and new events together; each event is queued for every one of <paramref name="sinks"/>.</summary>
    public void Commit(IEnumerable<AlertTrack> tracks, IReadOnlyList<AlertEvent> events, IEnumerable<string> sinks) => Write(nameof(Commit), () =>
        {
            using var transaction = _db.BeginTransaction();
            using var upsert = _db.CreateCommand();
            upsert.CommandText = "INSERT OR REPLACE INTO track VALUES ($rule, $subject, $phase, $since, $last)";
            foreach (var track in tracks)
            {
                upsert.Parameters.Clear();
                upsert.Parameters.AddWithValue("$rule", track.Rule);
                upsert.Parameters.AddWithValue("$subject", track.Subject);
                upsert.Parameters.AddWithValue("$phase", (int)track.Phase);
                upsert.Parameters.AddWithValue("$since", (object?)track.Since?.ToUnixTimeMilliseconds() ?? DBNull.Value);
                upsert.Parameters.AddWithValue("$last", (object?)track.LastAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
                upsert.ExecuteNonQuery();
            }

            var sinkNames = sinks.ToList();
            using var insert = _db.CreateCommand();
            insert.CommandText = "INSERT INTO event (id, state, station, noticed_at, body) VALUES ($id, $state, $station, $noticed, $body) RETURNING seq";
            using var queue = _db.CreateCommand();
            queue.CommandText = "INSERT INTO delivery SELECT $sink, $seq WHERE NOT EXISTS (SELECT 1 FROM delivered_elsewhere WHERE id = $id AND state = $state)";
            foreach (var alert in events)
            {
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$id", alert.Id);
                insert.Parameters.AddWithValue("$state", alert.State.TagValue());
                insert.Parameters.AddWithValue("$station", alert.Station);
                insert.Parameters.AddWithValue("$noticed", alert.NoticedAt.ToUnixTimeMilliseconds());
                insert.Parameters.AddWithValue("$body", AlertJson.EncodeEvent(alert));
                var seq = (long)insert.ExecuteScalar()!;
                foreach (var sink in sinkNames)
                {
                    queue.Parameters.Clear();
                    queue.Parameters.AddWithValue("$sink", sink);
                    queue.Parameters.AddWithValue("$seq", seq);
                    queue.Parameters.AddWithValue("$id", alert.Id);
                    queue.Parameters.AddWithValue("$state", alert.State.TagValue());
                    queue.ExecuteNonQuery();
                }
            }

            transaction.Commit();
        });

    /// <summary>The oldest events <paramref name="sink"/> has still to deliver, with their outbox numbers.</summary>
    public IReadOnlyList<(long Seq, AlertEvent Event)> Pending(string sink, int max)
    {
        lock (_lock)
        {
            using var command = _db.CreateCommand();
            command.CommandText = "SELECT e.seq, e.body FROM delivery d JOIN event e ON e.seq = d.seq WHERE d.sink = $sink ORDER BY d.seq LIMIT $max";
            command.Parameters.AddWithValue("$sink", sink);
            command.Parameters.AddWithValue("$max", max);
            using var reader = command.ExecuteReader();
            var pending = new List<(long, AlertEvent)>();
            while (reader.Read())
            {
                pending.Add((reader.GetInt64(0), AlertJson.DecodeEvent((byte[])reader.GetValue(1))));
            }

            return pending;
        }
    }

    /// <summary>
    /// Another replica, holding the alert lease, delivered this event: take it off every sink's queue, and remember
    /// it, so that if this replica judges it only later it is not queued at all.
    /// </summary>
    public void DeliveredElsewhere(string id, AlertState state, DateTimeOffset now) => Write(nameof(DeliveredElsewhere), () =>
        {
            using var transaction = _db.BeginTransaction();
            using var command = _db.CreateCommand();
            command.CommandText = """
                INSERT OR IGNORE INTO delivered_elsewhere VALUES ($id, $state, $now);
                DELETE FROM delivery WHERE seq IN (SELECT seq FROM event WHERE id = $id AND state = $state);
                """;
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$state", state.TagValue());
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            command.ExecuteNonQuery();
            transaction.Commit();
        });

    public bool IsPending(string sink, long seq)
    {
        lock (_lock)
        {
            using var command = _db.CreateCommand();
            command.CommandText = "SELECT 1 FROM delivery WHERE sink = $sink AND seq = $seq";
            command.Parameters.AddWithValue("$sink", sink);
            command.Parameters.AddWithValue("$seq", seq);
            return command.ExecuteScalar() is not null;
        }
    }

    public void Delivered(string sink, long seq) => Write(nameof(Delivered), () =>
        {
            using var command = _db.CreateCommand();
            command.CommandText = "DELETE FROM delivery WHERE sink = $sink AND seq = $seq";
            command.Parameters.AddWithValue("$sink", sink);
            command.Parameters.AddWithValue("$seq", seq);
            command.ExecuteNonQuery();
        });

    /// <summary>
    /// Forgets events noticed before <paramref name="before"/> that every sink has taken, except the firing event of an
    /// episode still open (the engine's state starts from it). Returns how many went.
    /// </summary>
    public int Prune(DateTimeOffset before) => Write(nameof(Prune), () =>
        {
            using var command = _db.CreateCommand();
            command.CommandText = """
                DELETE FROM event WHERE noticed_at < $before
                AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.seq = event.seq)
                AND (state = 'resolved' OR EXISTS (SELECT 1 FROM event r WHERE r.id = event.id AND r.state = 'resolved'))
                """;
            command.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
            var pruned = command.ExecuteNonQuery();
            command.CommandText = "DELETE FROM delivered_elsewhere WHERE seen_at < $before";
            command.ExecuteNonQuery();
            return pruned;
        });

    /// <summary>
    /// Records the station's alert state as last handed to the broker (the MQTT sink's retained payload, or the lease
    /// holder's as another replica saw it), so it can be published again after the broker lost it.
    /// </summary>
    public void SaveRetained(string station, ReadOnlySpan<byte> payload)
    {
        var bytes = payload.ToArray();
        Write(nameof(SaveRetained), () =>
        {
            using var command = _db.CreateCommand();
            command.CommandText = "INSERT OR REPLACE INTO retained VALUES ($station, $payload)";
            command.Parameters.AddWithValue("$station", station);
            command.Parameters.AddWithValue("$payload", bytes);
            command.ExecuteNonQuery();
        });
    }

    /// <summary>The stations with a recorded alert state, in name order.</summary>
    public IReadOnlyList<string> RetainedStations()
    {
        lock (_lock)
        {
            using var command = _db.CreateCommand();
            command.CommandText = "SELECT station FROM retained ORDER BY station";
            using var reader = command.ExecuteReader();
            var stations = new List<string>();
            while (reader.Read())
            {
                stations.Add(reader.GetString(0));
            }

            return stations;
        }
    }

    /// <summary>The station's alert state as last recorded by <see cref="SaveRetained"/>; null if none.</summary>
    public byte[]? Retained(string station)
    {
        lock (_lock)
        {
            using var command = _db.CreateCommand();
            command.CommandText = "SELECT payload FROM retained WHERE station = $station";
            command.Parameters.AddWithValue("$station", station);
            return command.ExecuteScalar() as byte[];
        }
    }

    public IReadOnlyList<DeviceHeard> LoadHeard()
    {
        lock (_lock)
        {
            using var command = _db.CreateCommand();
            command.CommandText = "SELECT device, station, heard_at, interval_ms FROM heard";
            using var reader = command.ExecuteReader();
            var heard = new List<DeviceHeard>();
            while (reader.Read())
            {
                heard.Add(new DeviceHeard(reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                    reader.IsDBNull(3) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(3))));
            }

            return heard;
        }
    }

    public void SaveHeard(IReadOnlyCollection<DeviceHeard> heard)
    {
        if (heard.Count == 0)
        {
            return;
        }

        Write(nameof(SaveHeard), () =>
        {
            using var transaction = _db.BeginTransaction();
            using var upsert = _db.CreateCommand();
            upsert.CommandText = "INSERT OR REPLACE INTO heard VALUES ($device, $station, $at, $interval)";
            foreach (var device in heard)
            {
                upsert.Parameters.Clear();
                upsert.Parameters.AddWithValue("$device", device.Device);
                upsert.Parameters.AddWithValue("$station", device.Station);
                upsert.Parameters.AddWithValue("$at", device.HeardAt.ToUnixTimeMilliseconds());
                upsert.Parameters.AddWithValue("$interval", (object?)(long?)device.Interval?.TotalMilliseconds ?? DBNull.Value);
                upsert.ExecuteNonQuery();
            }

            transaction.Commit();
        });
    }

    public void Dispose() => _db.Dispose();

    private void Write(string write, Action body) => Write(write, () =>
    {
        body();
        return 0;
    });

    /// <summary>
    /// Runs one kind of <paramref name="write"/> under the lock, telling <see cref="LocalStoreHealth"/> how it went: failing
    /// until each kind that failed has succeeded since, or a round's <see cref="Commit"/>, the largest write and one at
    /// every liveness check, has (a lease observer's write or the hourly prune is not tried again soon).
    /// </summary>
    private T Write<T>(string write, Func<T> body)
    {
        lock (_lock)
        {
            T result;
            try
            {
                result = body();
            }
            catch (SqliteException e)
            {
                _failing.Add(write);
                _health?.Failed(LocalStoreHealth.AlertStore, e);
                throw;
            }

            var recovered = write == nameof(Commit) ? _failing.Count > 0 : _failing.Remove(write);
            if (write == nameof(Commit))
            {
                _failing.Clear();
            }

            if (recovered && _failing.Count == 0)
            {
                _health?.Recovered(LocalStoreHealth.AlertStore);
            }

            return result;
        }
    }

    private static DateTimeOffset? Time(SqliteDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(column));
}

/// <summary>When a device was last heard from (wall clock) and its usual interval between messages, once known.</summary>
public sealed record DeviceHeard(string Device, string Station, DateTimeOffset HeardAt, TimeSpan? Interval);
