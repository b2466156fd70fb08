using AirMonitor.Core.Diagnostics;

namespace AirMonitor.Ingest.Observability;

/// <summary>
/// Which of the ingest's files on its own disk cannot be written now, and since when: the seq ledger, the alert store
/// and the dead letters each report a write that failed (a full disk, an I/O error) and the next that succeeded.
/// <c>/health</c>, the metrics and the ingest's health alert read it; the stores themselves hold and retry their work.
/// </summary>
public sealed partial class LocalStoreHealth(IngestMetrics metrics, TimeProvider time, ILogger<LocalStoreHealth> logger)
{
    public const string SeqLedger = "seq-ledger";
    public const string AlertStore = "alert-store";
    public const string DeadLetters = "dead-letters";

    /// <summary>Every store that reports here.</summary>
    public static readonly IReadOnlyList<string> Stores = [SeqLedger, AlertStore, DeadLetters];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Failure> _failing = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, DateTimeOffset> _failingSince = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

    /// <summary>The stores failing now, each with the time of its first failed write since it last worked; a snapshot.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> FailingSince => Volatile.Read(ref _failingSince);

    /// <summary>A write of <paramref name="store"/> failed: counted; logged when the store starts failing and at most once a minute after.</summary>
    public void Failed(string store, Exception error)
    {
        metrics.LocalStoreFailed(store);
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_failing.TryGetValue(store, out var failure))
            {
                _failing[store] = failure = new Failure(now, new LogThrottle(time, LogThrottle.Minute));
                failure.Log.Due(out _);
                Publish();
                metrics.LocalStoreFailing(store, true);
                LogFailing(store, error.Message, error);
                return;
            }

            if (failure.Log.Due(out var count))
            {
                LogStillFailing(store, failure.Since, count, error.Message);
            }
        }
    }

    /// <summary>A write of <paramref name="store"/> succeeded; nothing to do unless it was failing.</summary>
    public void Recovered(string store)
    {
        if (!FailingSince.ContainsKey(store))
        {
            return;
        }

        lock (_lock)
        {
            if (_failing.Remove(store, out var failure))
            {
                Publish();
                metrics.LocalStoreFailing(store, false);
                LogRecovered(store, failure.Since);
            }
        }
    }

    private void Publish() => Volatile.Write(ref _failingSince, _failing.ToDictionary(f => f.Key, f => f.Value.Since, StringComparer.Ordinal));

    [LoggerMessage(Level = LogLevel.Error, Message = "Local store {Store} cannot write ({Reason}): its work is held and retried; nothing it holds is acknowledged")]
    private partial void LogFailing(string store, string reason, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Local store {Store} still cannot write, failing since {Since}; {Count} more failure(s) since the last line: {Reason}")]
    private partial void LogStillFailing(string store, DateTimeOffset since, int count, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Local store {Store} writes again (failing since {Since})")]
    private partial void LogRecovered(string store, DateTimeOffset since);

    private sealed record Failure(DateTimeOffset Since, LogThrottle Log);
}
