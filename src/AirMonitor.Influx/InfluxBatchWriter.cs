using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace AirMonitor.Influx;

/// <summary>
/// Collects groups of points (one group = one incoming message) into batches, sends the batches and retries until
/// InfluxDB stores them. Each group's <see cref="InfluxGroup"/> says when its batch is settled and what became of the
/// group, so the caller can acknowledge the message then.
/// </summary>
/// <remarks>
/// <para>Appending is O(1) per group and allocates nothing per group: the lines go straight into the open batch's
/// pooled buffer (<see cref="LineWriter"/>), a group is an entry in the batch's tables, and the batch has one task.</para>
/// <para>A batch is sealed when it holds <see cref="InfluxOptions.BatchSize"/> points; a group is never split, and a
/// group that would take the batch past the batch size starts the next one (so a larger group goes alone). A batch
/// that is not full is sent when <see cref="InfluxOptions.FlushInterval"/> has passed since its first group, after
/// <see cref="Flush"/>, on <see cref="FlushAsync"/> and on dispose; while every write slot is busy it keeps taking
/// groups, since it could not leave earlier anyway.</para>
/// <para>One loop sends the sealed batches in order, with at most <see cref="InfluxOptions.MaxConcurrentWrites"/> HTTP
/// writes in flight (1: batches are stored in order; see the README for measurements).</para>
/// <para>Failures: 400 and 413 say something in the batch is bad: the batch is split by groups (halving; the halves are
/// slices of the same buffer) and each half written again until only the failing groups remain; those are
/// <see cref="InfluxGroupOutcome.Rejected"/> with the <see cref="InfluxWriteException"/>, or
/// <see cref="InfluxGroupOutcome.Deferred"/> when the 400 says the database is at a series or tag-value limit (the points
/// are good; the caller has them written again later); every other group is stored (a repeated write of a point
/// overwrites it with the same values). Any other failure (5xx, 429, timeouts, connection
/// errors, and also 401/403/404, which an operator must fix) says the database cannot store anything now: the batch is
/// retried with exponential backoff and jitter (honouring Retry-After) until it succeeds or the writer is disposed, so
/// no data is dropped during an outage; producers wait in <see cref="WaitForSpaceAsync"/> while
/// <see cref="InfluxOptions.MaxBufferedPoints"/> are buffered. A 401 or 403 (credentials or rights) is retried every
/// <see cref="InfluxOptions.RetryMaxDelay"/>, logged as an error at most once a minute, and shown by
/// <see cref="AccessDeniedSince"/> until a write is stored again. An unexpected exception (a fault in this process, not an
/// answer) abandons the groups it was writing instead of retrying forever.</para>
/// </remarks>
public sealed partial class InfluxBatchWriter : IAsyncDisposable
{
    private const int MinBatchBytes = 4096;
    private const int MaxBatchBytesHint = 1 << 20;
    private const int MinBatchGroups = 16;
    private const int MaxBatchGroupsHint = 1 << 14;
    private static readonly TimeSpan ErrorLogInterval = TimeSpan.FromMinutes(1);

    private readonly InfluxWriteClient _client;
    private readonly InfluxOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly InfluxInstruments _instruments;
    private readonly IDisposable _gaugeRegistration;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();

    // Guarded by _lock:
    private readonly Queue<WriteBatch> _sealed = new();    // waiting for a write slot, in order
    private readonly Queue<WriteBatch> _unsettled = new(); // every batch not yet settled, oldest first (the open one too)
    private readonly List<(long UpTo, TaskCompletionSource Done)> _flushes = []; // FlushAsync calls waiting for batches up to UpTo
    private WriteBatch? _open;                             // takes new groups
    private TaskCompletionSource? _space;                  // producers waiting for buffered points to drop
    private TaskCompletionSource _wake = NewSignal();
    private long _lastSequence;
    private bool _flushRequested;                          // the open batch is due now
    private bool _disposing;
    private int _bytesHint = MinBatchBytes;                // the last batch's size, to rent the next one's buffer once
    private int _groupsHint = MinBatchGroups;
    private int _bufferedPoints;                           // also read without the lock
    private DateTimeOffset? _accessDeniedSince;            // the first 401/403 since the last stored write
    private long _accessDeniedLoggedAt;                    // timestamp of the last error logged for it (while refused)
    private int _limitDeferredGroups;                      // groups deferred for a database limit since the last error logged
    private long? _limitLoggedAt;                          // timestamp of that error

    private readonly Task _loop;

    /// <param name="client">Sends the batches.</param>
    /// <param name="options">Batching and retry settings; validated here.</param>
    /// <param name="timeProvider">Clock for the flush interval, retry delays and the dispose deadline.</param>
    /// <param name="logger">Retries, rejected groups and shutdown.</param>
    /// <param name="meterFactory">Meter source; a process-wide meter named <see cref="InfluxMetrics.MeterName"/> by default.</param>
    public InfluxBatchWriter(
        InfluxWriteClient client,
        InfluxOptions options,
        TimeProvider timeProvider,
        ILogger<InfluxBatchWriter> logger,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        options.ThrowIfInvalid();
        _client = client;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _instruments = InfluxInstruments.For(meterFactory);
        _gaugeRegistration = _instruments.TrackBuffer(() => BufferedPoints);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Points appended and not yet stored or failed (in the open batch, waiting or being sent).</summary>
    public int BufferedPoints => Volatile.Read(ref _bufferedPoints);

    /// <summary>Appends one group (one message's points) to the open batch. Never waits: call <see cref="WaitForSpaceAsync"/> first.</summary>
    /// <remarks>An empty group is not appended; its <c>default</c> <see cref="InfluxGroup"/> counts as stored.</remarks>
    /// <exception cref="ArgumentException">A point cannot be written as line protocol; nothing of the group was appended.</exception>
    /// <exception cref="ObjectDisposedException">The writer is being disposed.</exception>
    public InfluxGroup Append(IReadOnlyList<InfluxPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        return Append(points, static (lines, points) =>
        {
            for (var i = 0; i < points.Count; i++)
            {
                lines.Point(points[i]);
            }
        });
    }

    /// <summary>
    /// Appends one group that <paramref name="write"/> writes straight into the open batch's buffer (no
    /// <see cref="InfluxPoint"/> objects). It runs under the writer's lock, so it should only write; if it throws, what it
    /// wrote is removed and the exception propagates. Never waits: call <see cref="WaitForSpaceAsync"/> first.
    /// </summary>
    /// <remarks>The <see cref="LineWriter"/> is the batch's: use it only inside <paramref name="write"/>.</remarks>
    /// <exception cref="InvalidOperationException"><paramref name="write"/> left a line unended (the group is removed).</exception>
    /// <exception cref="ObjectDisposedException">The writer is being disposed.</exception>
    public InfluxGroup Append<TState>(TState state, LineWriterAction<TState> write)
        where TState : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(write);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposing, this);
            var batch = _open ??= Open();
            var lines = batch.Lines;
            var (startBytes, startPoints) = (lines.WrittenCount, lines.Points);
            try
            {
                write(lines, state);
                if (lines.IsLineOpen)
                {
                    throw new InvalidOperationException("The group's last line was started with Series but not ended with End");
                }
            }
            catch
            {
                lines.Truncate(startBytes, startPoints);
                throw;
            }

            var points = lines.Points - startPoints;
            if (points == 0)
            {
                return default;
            }

            if (batch.GroupCount > 0 && startPoints + points > _options.BatchSize)
            {
                batch = MoveToNextBatch(batch, startBytes, startPoints);
            }

            var index = batch.AddGroup();
            _bufferedPoints += points;
            if (index == 0)
            {
                batch.FirstGroupAt = _timeProvider.GetTimestamp();
            }

            if (batch.Points >= _options.BatchSize)
            {
                Seal(batch);
            }
            else if (index == 0)
            {
                Wake(); // the loop times the new batch's flush interval
            }

            return new InfluxGroup(batch, index);
        }
    }

    /// <summary>
    /// Since when InfluxDB has refused every write with 401 or 403 (wrong credentials, or a user without the right to
    /// write); null while writes are stored, or fail otherwise. Nothing is stored, so nothing is acknowledged, until an
    /// operator fixes the credentials or grants the right; the writer keeps the points and retries.
    /// </summary>
    public DateTimeOffset? AccessDeniedSince
    {
        get
        {
            lock (_lock)
            {
                return _accessDeniedSince;
            }
        }
    }

    /// <summary>Fewer than <see cref="InfluxOptions.MaxBufferedPoints"/> points are buffered: an append need not wait.</summary>
    public bool HasSpace => Volatile.Read(ref _bufferedPoints) < _options.MaxBufferedPoints;

    /// <summary>
    /// Back-pressure: completes at once while fewer than <see cref="InfluxOptions.MaxBufferedPoints"/> points are
    /// buffered, else when stored (or failed) points bring the count below it. Every waiting producer is released then,
    /// and each may append one group past the limit.
    /// </summary>
    /// <remarks><paramref name="cancellationToken"/> cancels only the wait.</remarks>
    /// <exception cref="ObjectDisposedException">The writer is being disposed (or is disposed during the wait).</exception>
    public ValueTask WaitForSpaceAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        if (HasSpace && !Volatile.Read(ref _disposing))
        {
            return default;
        }

        Task space;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposing, this);
            if (_bufferedPoints < _options.MaxBufferedPoints)
            {
                return default;
            }

            space = (_space ??= NewSignal()).Task;
        }

        return new ValueTask(cancellationToken.CanBeCanceled ? space.WaitAsync(cancellationToken) : space);
    }

    /// <summary>
    /// Makes the open batch due now instead of after <see cref="InfluxOptions.FlushInterval"/>: it is sealed and sent as
    /// soon as a write slot is free. O(1); cheap enough to call for every message.
    /// </summary>
    public void Flush()
    {
        lock (_lock)
        {
            if (_open is { GroupCount: > 0 } && !_flushRequested)
            {
                _flushRequested = true;
                Wake();
            }
        }
    }

    /// <summary>
    /// Seals the open batch and completes when every group appended before the call is stored or failed (a group's
    /// failure is in its <see cref="InfluxGroup"/>). While InfluxDB is down this waits; <paramref name="cancellationToken"/>
    /// stops the wait, not the sending.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        Task settled;
        lock (_lock)
        {
            if (_open is { GroupCount: > 0 } open)
            {
                Seal(open);
            }

            var upTo = _open is null ? _lastSequence : _open.Sequence - 1;
            if (_unsettled.TryPeek(out var oldest) && oldest.Sequence <= upTo)
            {
                var done = NewSignal();
                _flushes.Add((upTo, done));
                settled = done.Task;
            }
            else
            {
                settled = Task.CompletedTask;
            }
        }

        await settled.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// Stops accepting groups, tries for <see cref="InfluxOptions.ShutdownTimeout"/> to store what is buffered, then
    /// cancels: groups not stored are <see cref="InfluxGroupOutcome.Abandoned"/> with an <see cref="OperationCanceledException"/>,
    /// producers still waiting for space get <see cref="ObjectDisposedException"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        TaskCompletionSource? space;
        bool alreadyDisposing;
        lock (_lock)
        {
            alreadyDisposing = _disposing;
            _disposing = true;
            space = _space;
            _space = null;
            Wake();
        }

        if (alreadyDisposing)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return;
        }

        space?.TrySetException(new ObjectDisposedException(nameof(InfluxBatchWriter), "The writer was disposed while the producer waited for buffer space"));
        try
        {
            await _loop.WaitAsync(_options.ShutdownTimeout, _timeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogShutdownTimeout(_logger, _options.ShutdownTimeout.TotalSeconds, BufferedPoints);
            await _stop.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _gaugeRegistration.Dispose();
        _stop.Dispose();
    }

    /// <summary>The delay before retry number <paramref name="attempt"/> (1-based).</summary>
    /// <remarks>Exponential from <paramref name="initial"/>, capped at <paramref name="max"/>, with "equal jitter"
    /// (half fixed, half random) so that many writers recovering together do not retry in step; never shorter
    /// than the server's Retry-After, but capped at <paramref name="max"/> too.</remarks>
    internal static TimeSpan RetryDelay(int attempt, TimeSpan initial, TimeSpan max, TimeSpan? retryAfter, double random01)
    {
        var exponential = Math.Min(initial.Ticks * Math.Pow(2, Math.Min(attempt - 1, 62)), max.Ticks);
        var backoff = TimeSpan.FromTicks((long)((exponential / 2) + (exponential / 2 * random01)));
        var delay = retryAfter is { } serverSays && serverSays > backoff ? serverSays : backoff;
        return delay > max ? max : delay;
    }

    /// <summary>Under the lock: a new open batch, its buffer sized like the last one's.</summary>
    private WriteBatch Open()
    {
        var batch = new WriteBatch(++_lastSequence, _bytesHint, _groupsHint);
        _unsettled.Enqueue(batch);
        return batch;
    }

    /// <summary>Under the lock: the group just written at the end of <paramref name="full"/> does not fit; it moves to a new open batch and <paramref name="full"/> is sealed without it.</summary>
    private WriteBatch MoveToNextBatch(WriteBatch full, int groupStartBytes, int groupStartPoints)
    {
        var next = Open();
        var lines = full.Lines;
        next.Lines.AppendLines(lines.WrittenSpan[groupStartBytes..], lines.Points - groupStartPoints);
        lines.Truncate(groupStartBytes, groupStartPoints);
        Seal(full);
        _open = next;
        return next;
    }

    /// <summary>Under the lock: the batch takes no more groups and waits for a write slot.</summary>
    private void Seal(WriteBatch batch)
    {
        Close(batch);
        _sealed.Enqueue(batch);
        Wake();
    }

    private void Close(WriteBatch batch)
    {
        if (_open == batch)
        {
            _open = null;
            _flushRequested = false;
        }

        _bytesHint = Math.Clamp(batch.Bytes, MinBatchBytes, MaxBatchBytesHint);
        _groupsHint = Math.Clamp(batch.GroupCount + (batch.GroupCount / 4), MinBatchGroups, MaxBatchGroupsHint);
    }

    private void Wake() => _wake.TrySetResult();

    private async Task RunAsync()
    {
        var stop = _stop.Token;
        var writes = new List<Task>(); // batches being written, at most MaxConcurrentWrites
        var stopped = Task.Delay(Timeout.InfiniteTimeSpan, stop); // ends (cancelled) when stop fires; no timer
        try
        {
            while (true)
            {
                writes.RemoveAll(static w => w.IsCompleted);
                WriteBatch? batch = null;
                var wait = Timeout.InfiniteTimeSpan;
                Task wake;
                lock (_lock)
                {
                    if (_wake.Task.IsCompleted)
                    {
                        _wake = NewSignal();
                    }

                    if (writes.Count < _options.MaxConcurrentWrites)
                    {
                        batch = TakeBatch(out wait);
                        if (batch is null && _disposing && writes.Count == 0 && _open is not { GroupCount: > 0 })
                        {
                            return;
                        }
                    }

                    wake = _wake.Task;
                }

                if (batch is not null)
                {
                    // on the thread pool: the synchronous start of a write (gzip) must not hold up the loop
                    writes.Add(Task.Run(() => SendAsync(batch, stop), CancellationToken.None));
                    continue;
                }

                // Wait for an append, a seal or a flush (wake), the open batch falling due, a write finishing, or stop.
                using var woken = CancellationTokenSource.CreateLinkedTokenSource(stop);
                List<Task> waits = [wake, stopped, .. writes];
                if (wait != Timeout.InfiniteTimeSpan)
                {
                    waits.Add(Task.Delay(wait, _timeProvider, woken.Token));
                }

                await Task.WhenAny(waits).ConfigureAwait(false);
                await woken.CancelAsync().ConfigureAwait(false);
                stop.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // the dispose deadline passed: what is left is abandoned below
        }
        catch (Exception e)
        {
            LogLoopFailed(_logger, e);
            throw;
        }
        finally
        {
            await Task.WhenAll(writes).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            AbandonRemaining();
        }
    }

    /// <summary>
    /// Under the lock, with a write slot free: the oldest sealed batch, else the open batch if it is due (sealed now),
    /// else null and how long until the open batch is due.
    /// </summary>
    private WriteBatch? TakeBatch(out TimeSpan wait)
    {
        wait = Timeout.InfiniteTimeSpan;
        if (_sealed.TryDequeue(out var batch))
        {
            return batch;
        }

        if (_open is not { GroupCount: > 0 } open)
        {
            return null;
        }

        if (!_flushRequested && !_disposing)
        {
            var age = _timeProvider.GetElapsedTime(open.FirstGroupAt);
            if (age < _options.FlushInterval)
            {
                wait = _options.FlushInterval - age;
                return null;
            }
        }

        Close(open);
        return open;
    }

    /// <summary>Writes the batch, then settles it; on stop what is left is abandoned by <see cref="AbandonRemaining"/>.</summary>
    private async Task SendAsync(WriteBatch batch, CancellationToken stop)
    {
        try
        {
            await SendGroupsAsync(batch, 0, batch.GroupCount, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return;
        }

        lock (_lock)
        {
            Release(batch);
        }
    }

    /// <summary>Writes groups <paramref name="start"/> to <paramref name="end"/> (exclusive), retrying while the database is unavailable and isolating rejected groups.</summary>
    private async Task SendGroupsAsync(WriteBatch batch, int start, int end, CancellationToken stop)
    {
        var lines = batch.LinesIn(start, end);
        var points = batch.PointsIn(start, end);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _client.WriteLinesAsync(lines, points, stop).ConfigureAwait(false);
                Settle(batch, start, end, InfluxGroupOutcome.Stored, failure: null);
                return;
            }
            catch (InfluxWriteException e) when (e.StatusCode is 400 or 413)
            {
                if (end - start == 1)
                {
                    if (e.IsLimitExceeded)
                    {
                        LimitExceeded(e, points);
                        Settle(batch, start, end, InfluxGroupOutcome.Deferred, e);
                        return;
                    }

                    LogGroupRejected(_logger, e.StatusCode, points, e.Message);
                    Settle(batch, start, end, InfluxGroupOutcome.Rejected, e);
                    return;
                }

                var half = start + ((end - start) / 2);
                // At a series limit every resend of a deferred message splits its batch again: said once a minute by LimitExceeded.
                LogIsolating(_logger, e.IsLimitExceeded ? LogLevel.Debug : LogLevel.Warning, e.StatusCode, end - start, points);
                await SendGroupsAsync(batch, start, half, stop).ConfigureAwait(false);
                await SendGroupsAsync(batch, half, end, stop).ConfigureAwait(false);
                return;
            }
            catch (InfluxWriteException e)
            {
                // A 401/403 is not cured by retrying soon (an operator must act) and giving up would lose the points:
                // retried slowly, said loudly.
                var delay = e.IsAccessDenied
                    ? _options.RetryMaxDelay
                    : RetryDelay(attempt, _options.RetryInitialDelay, _options.RetryMaxDelay, e.RetryAfter, Random.Shared.NextDouble());
                _instruments.Retries.Add(1);
                if (e.IsAccessDenied)
                {
                    AccessDenied(e, points);
                }
                else
                {
                    LogRetrying(_logger, points, attempt, delay.TotalMilliseconds, e.Message);
                }

                await Task.Delay(delay, _timeProvider, stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Not an answer from the server but a fault in this process: retrying would loop forever.
                LogUnexpected(_logger, points, e);
                Settle(batch, start, end, InfluxGroupOutcome.Abandoned, e);
                return;
            }
        }
    }

    /// <summary>A write was refused with 401/403: noted, and logged as an error unless one was logged within the minute.</summary>
    private void AccessDenied(InfluxWriteException e, int points)
    {
        bool log;
        DateTimeOffset since;
        lock (_lock)
        {
            log = _accessDeniedSince is null || _timeProvider.GetElapsedTime(_accessDeniedLoggedAt) >= ErrorLogInterval;
            since = _accessDeniedSince ??= _timeProvider.GetUtcNow();
            if (log)
            {
                _accessDeniedLoggedAt = _timeProvider.GetTimestamp();
            }
        }

        if (log)
        {
            LogAccessDenied(_logger, e.StatusCode, since, points, _options.RetryMaxDelay.TotalSeconds, e.Message);
        }
    }

    /// <summary>A group was deferred for a database limit: counted, and logged as an error unless one was logged within the minute.</summary>
    private void LimitExceeded(InfluxWriteException e, int points)
    {
        int count;
        lock (_lock)
        {
            _limitDeferredGroups++;
            if (_limitLoggedAt is { } at && _timeProvider.GetElapsedTime(at) < ErrorLogInterval)
            {
                return;
            }

            (count, _limitDeferredGroups, _limitLoggedAt) = (_limitDeferredGroups, 0, _timeProvider.GetTimestamp());
        }

        LogLimitExceeded(_logger, count, points, e.ServerError ?? e.Message);
    }

    private void Settle(WriteBatch batch, int start, int end, InfluxGroupOutcome outcome, Exception? failure)
    {
        DateTimeOffset? deniedSince = null;
        lock (_lock)
        {
            _bufferedPoints -= batch.Settle(start, end, outcome, failure);
            if (_space is not null && _bufferedPoints < _options.MaxBufferedPoints)
            {
                _space.TrySetResult();
                _space = null;
            }

            if (outcome == InfluxGroupOutcome.Stored)
            {
                // A stored write ends a refusal.
                (deniedSince, _accessDeniedSince) = (_accessDeniedSince, null);
            }
        }

        if (deniedSince is { } since)
        {
            LogAccessGranted(_logger, since);
        }
    }

    /// <summary>Under the lock, once every group of the batch is settled: returns its buffer, completes its task and the flushes waiting for it.</summary>
    private void Release(WriteBatch batch)
    {
        batch.Dispose();
        batch.Complete();
        while (_unsettled.TryPeek(out var oldest) && oldest.IsSettled)
        {
            _unsettled.Dequeue();
        }

        var unsettledFrom = _unsettled.TryPeek(out var first) ? first.Sequence : long.MaxValue;
        for (var i = _flushes.Count - 1; i >= 0; i--)
        {
            if (_flushes[i].UpTo < unsettledFrom)
            {
                _flushes[i].Done.TrySetResult();
                _flushes.RemoveAt(i);
            }
        }
    }

    /// <summary>After the loop: every group not settled is abandoned (the writer is disposed).</summary>
    private void AbandonRemaining()
    {
        lock (_lock)
        {
            var (points, groups) = (0, 0);
            foreach (var batch in _unsettled)
            {
                var pending = batch.Pending();
                points += pending.Points;
                groups += pending.Groups;
            }

            var error = new OperationCanceledException($"The batch writer was disposed before InfluxDB stored this group ({points} points in {groups} groups were not stored)");
            while (_unsettled.TryPeek(out var batch))
            {
                if (batch.Pending().Groups > 0)
                {
                    batch.Settle(0, batch.GroupCount, InfluxGroupOutcome.Abandoned, error);
                }

                Release(batch);
            }

            _sealed.Clear();
            _open = null;
            _bufferedPoints = 0;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "InfluxDB write of {PointCount} points failed (attempt {Attempt}); retrying in {DelayMs:0} ms: {Reason}")]
    private static partial void LogRetrying(ILogger logger, int pointCount, int attempt, double delayMs, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "InfluxDB refuses writes ({StatusCode}) since {Since:u}: the credentials (Influx:Username, Influx:Password) or the user's right to write must be fixed; {PointCount} points kept, retried every {RetrySeconds} s, nothing acknowledged meanwhile (logged once a minute): {Reason}")]
    private static partial void LogAccessDenied(ILogger logger, int? statusCode, DateTimeOffset since, int pointCount, double retrySeconds, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "InfluxDB stores writes again (refused since {Since:u})")]
    private static partial void LogAccessGranted(ILogger logger, DateTimeOffset since);

    [LoggerMessage(Level = LogLevel.Error, Message = "InfluxDB is at a limit of the database and refuses new series: {GroupCount} group(s) deferred since this was last logged (at most once a minute), the latest of {PointCount} points; raise max-series-per-database / max-values-per-tag or drop series: {Reason}")]
    private static partial void LogLimitExceeded(ILogger logger, int groupCount, int pointCount, string reason);

    [LoggerMessage(Message = "InfluxDB answered {StatusCode} to a batch of {GroupCount} groups ({PointCount} points); writing it in halves to find the rejected groups")]
    private static partial void LogIsolating(ILogger logger, LogLevel level, int? statusCode, int groupCount, int pointCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "InfluxDB rejected a group of {PointCount} points ({StatusCode}): {Reason}")]
    private static partial void LogGroupRejected(ILogger logger, int? statusCode, int pointCount, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {PointCount} points failed unexpectedly; their groups are failed, not retried")]
    private static partial void LogUnexpected(ILogger logger, int pointCount, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The InfluxDB batch writer loop failed")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "InfluxDB did not store everything within the shutdown timeout of {TimeoutSeconds} s; {PointCount} buffered points are failed")]
    private static partial void LogShutdownTimeout(ILogger logger, double timeoutSeconds, int pointCount);
}
