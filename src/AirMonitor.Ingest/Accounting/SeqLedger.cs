using AirMonitor.Core.Contract;
using AirMonitor.Ingest.Observability;
using Microsoft.Data.Sqlite;

namespace AirMonitor.Ingest.Accounting;

/// <summary>
/// Every device's <see cref="SeqAccount"/>, committed to a SQLite file before the ingest acknowledges what it records:
/// a crash can repeat an entry (counted as a repeat) but never lose one, so a stored message cannot later look missing.
/// Each replica keeps a whole ledger: it records what it settles itself and what the others acknowledge on
/// <c>airmon/v1/+/ack</c>.
/// </summary>
public sealed class SeqLedger : ISettledMessages, IKnownDevices, IDisposable
{
    private static readonly int OutcomeCount = Enum.GetValues<SeqOutcome>().Length;
    private readonly Dictionary<string, SeqAccount> _accounts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changedSinceSnapshot = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stale = new(StringComparer.Ordinal); // changed by a commit that failed: read again from the file before use
    private readonly string _path;
    private readonly SqliteConnection _db;
    private readonly IngestMetrics _metrics;
    private readonly LocalStoreHealth? _health;
    private readonly Lock _lock = new();
    private long _missing;

    public SeqLedger(string path, IngestMetrics metrics, ILogger? logger = null, LocalStoreHealth? health = null)
    {
        (_path, _metrics, _health) = (path, metrics, health);
        _db = LocalState.OpenDurable(path, """
            CREATE TABLE IF NOT EXISTS seq_account (
                device TEXT PRIMARY KEY, first INTEGER NOT NULL, last INTEGER NOT NULL, repeats INTEGER NOT NULL,
                late INTEGER NOT NULL, gaps INTEGER NOT NULL, unresolved INTEGER NOT NULL, missing TEXT NOT NULL);
            """, logger);
        Load();
    }

    /// <summary>Every settled message, this replica's and the others': committed before it is acknowledged.</summary>
    void ISettledMessages.Settled(IReadOnlyList<SettledMessage> messages) =>
        Record(messages.Where(m => m.Settlement != Settlement.Deferred).Select(m => (m.Device, m.Seq)));

    /// <summary>
    /// Records settled seq numbers and commits the changed accounts; returns once they are on disk. When the commit
    /// fails (a full disk) it throws, reported to <see cref="LocalStoreHealth"/>, and leaves the accounts as the file has
    /// them, so the same seqs can be recorded again.
    /// </summary>
    public void Record(IEnumerable<(string Device, long Seq)> settled)
    {
        lock (_lock)
        {
            if (_stale.Count > 0)
            {
                try
                {
                    Reload(_stale);
                }
                catch (SqliteException e)
                {
                    _health?.Failed(LocalStoreHealth.SeqLedger, e);
                    throw;
                }
            }

            var changed = new HashSet<string>(StringComparer.Ordinal);
            Span<int> outcomes = stackalloc int[OutcomeCount];
            var missing = _missing;
            foreach (var (device, seq) in settled)
            {
                if (!_accounts.TryGetValue(device, out var account))
                {
                    _accounts[device] = account = new SeqAccount();
                }

                var before = account.Missing;
                outcomes[(int)account.Record(seq)]++;
                missing += account.Missing - before;
                changed.Add(device);
            }

            if (changed.Count == 0)
            {
                return;
            }

            try
            {
                Commit(changed);
            }
            catch (SqliteException e)
            {
                // The transaction rolled back: the file holds the changed accounts as they were, so memory goes back to it
                // (now, or before the next use should this read fail too).
                _health?.Failed(LocalStoreHealth.SeqLedger, e);
                _stale.UnionWith(changed);
                try
                {
                    Reload(_stale);
                }
                catch (SqliteException)
                {
                }

                throw;
            }

            _health?.Recovered(LocalStoreHealth.SeqLedger);
            for (var outcome = 0; outcome < OutcomeCount; outcome++)
            {
                if (outcomes[outcome] > 0)
                {
                    _metrics.SeqSettled((SeqOutcome)outcome, outcomes[outcome]);
                }
            }

            _missing = missing;
            _changedSinceSnapshot.UnionWith(changed);
            _metrics.SeqMissing(_missing);
        }
    }

    IReadOnlyCollection<string> IKnownDevices.KnownDevices()
    {
        lock (_lock)
        {
            return [.. _accounts.Keys];
        }
    }

    /// <summary>Every device's account, or only those changed since the last call with <paramref name="changedOnly"/>.</summary>
    public IReadOnlyList<DeviceSeqStatus> Snapshot(bool changedOnly = false)
    {
        lock (_lock)
        {
            IEnumerable<string> devices = changedOnly ? _changedSinceSnapshot : _accounts.Keys;
            var snapshot = devices.Order(StringComparer.Ordinal).Select(d => DeviceSeqStatus.Of(d, _accounts[d])).ToList();
            if (changedOnly)
            {
                _changedSinceSnapshot.Clear();
            }

            return snapshot;
        }
    }

    /// <summary>The device's highest seq below which nothing is missing (<see cref="SeqAccount.ContiguousThrough"/>); null if unknown.</summary>
    public long? ContiguousThrough(string device)
    {
        lock (_lock)
        {
            return _accounts.TryGetValue(device, out var account) ? account.ContiguousThrough : null;
        }
    }

    public void Dispose() => _db.Dispose();

    private void Commit(HashSet<string> changed)
    {
        using var transaction = _db.BeginTransaction();
        using var upsert = _db.CreateCommand();
        upsert.CommandText = """
            INSERT INTO seq_account VALUES ($device, $first, $last, $repeats, $late, $gaps, $unresolved, $missing)
            ON CONFLICT (device) DO UPDATE SET first = excluded.first, last = excluded.last, repeats = excluded.repeats,
                late = excluded.late, gaps = excluded.gaps, unresolved = excluded.unresolved, missing = excluded.missing
            """;
        foreach (var device in changed)
        {
            var account = _accounts[device];
            upsert.Parameters.Clear();
            upsert.Parameters.AddWithValue("$device", device);
            upsert.Parameters.AddWithValue("$first", account.First);
            upsert.Parameters.AddWithValue("$last", account.Last);
            upsert.Parameters.AddWithValue("$repeats", account.Repeats);
            upsert.Parameters.AddWithValue("$late", account.Late);
            upsert.Parameters.AddWithValue("$gaps", account.Gaps);
            upsert.Parameters.AddWithValue("$unresolved", account.Unresolved);
            upsert.Parameters.AddWithValue("$missing", string.Join(',', account.MissingRanges));
            upsert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>Reads <paramref name="devices"/>' accounts from the file again (a device without a row has none), then forgets them as stale.</summary>
    private void Reload(HashSet<string> devices)
    {
        using var select = _db.CreateCommand();
        select.CommandText = "SELECT device, first, last, repeats, late, gaps, unresolved, missing FROM seq_account WHERE device = $device";
        var device = select.Parameters.Add("$device", SqliteType.Text);
        var restored = new Dictionary<string, SeqAccount?>(StringComparer.Ordinal);
        foreach (var name in devices)
        {
            device.Value = name;
            using var reader = select.ExecuteReader();
            restored[name] = reader.Read() ? Restore(reader) : null;
        }

        foreach (var (name, account) in restored)
        {
            if (account is null)
            {
                _accounts.Remove(name);
            }
            else
            {
                _accounts[name] = account;
            }
        }

        devices.Clear();
    }

    /// <summary>The account of the row <paramref name="reader"/> is on (columns as <see cref="Load"/> selects them).</summary>
    private SeqAccount Restore(SqliteDataReader reader)
    {
        try
        {
            return SeqAccount.Restore(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.GetInt64(6), SeqRange.ParseList(reader.GetString(7)));
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"seq ledger {_path}: the account of '{reader.GetString(0)}' is damaged: {e.Message}", e);
        }
    }

    private void Load()
    {
        using var select = _db.CreateCommand();
        select.CommandText = "SELECT device, first, last, repeats, late, gaps, unresolved, missing FROM seq_account";
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            _accounts[reader.GetString(0)] = Restore(reader);
        }

        _missing = _accounts.Values.Sum(a => a.Missing);
        _metrics.SeqMissing(_missing);
    }
}

/// <summary>One device's seq account as the ingest reports it (<c>/devices</c>, measurement <c>device_seq</c>).</summary>
/// <param name="MissingRanges">Lowest first, as <c>12-40,55</c>.</param>
public sealed record DeviceSeqStatus(string Device, long First, long Last, long Missing, string MissingRanges, long Repeats, long Late, long Gaps, long Unresolved)
{
    public static DeviceSeqStatus Of(string device, SeqAccount account) => new(
        device, account.First ?? 0, account.Last ?? 0, account.Missing, string.Join(',', account.MissingRanges),
        account.Repeats, account.Late, account.Gaps, account.Unresolved);
}
