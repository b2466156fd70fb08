using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace AirMonitor.Influx;

/// <summary>
/// Buffers groups of points (one group = one incoming message), sends them in batches of whole groups and
/// retries until InfluxDB stores them. Each group's task completes when all its points are stored, so the
/// caller can acknowledge the message then.
/// </summary>
/// <remarks>
/// <para>A batch is sent when <see cref="InfluxOptions.BatchSize"/> points are queued, when
/// <see cref="InfluxOptions.FlushInterval"/> has passed since its first group was buffered, on
/// <see cref="FlushAsync"/> and on dispose. A group is never split between batches; a group larger than the
/// batch size is sent alone.</para>
/// <para>One writer loop sends the batches, with at most <see cref="InfluxOptions.MaxConcurrentWrites"/> HTTP
/// writes in flight (default 1: batches are stored in order; see the README for measurements).</para>
/// <para>Failures: 400 and 413 say something in the batch is bad: the batch is split by groups (halving)
/// and each half written again until only the failing groups remain; those fault with
/// <see cref="InfluxWriteException"/>, every other group is stored (a repeated write of a point overwrites
/// it with the same values). Any other failure (5xx, 429, timeouts, connection errors, and also 401/403/404,
/// which an operator must fix) says the database cannot store anything now: the batch is retried with
/// exponential backoff and jitter (honouring Retry-After) until it succeeds or the writer is disposed, so
/// no data is dropped during an outage; <see cref="EnqueueAsync"/> waits while
/// <see cref="InfluxOptions.MaxBufferedPoints"/> are buffered.</para>
/// </remarks>
public sealed partial class InfluxBatchWriter : IAsyncDisposable
{
    private readonly InfluxWriteClient _client;
    private readonly InfluxOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly InfluxInstruments _instruments;
    private readonly IDisposable _gaugeRegistration;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();

    // Guarded by _lock:
    private readonly Queue<Group> _queue = new();           // buffered, not yet taken into a batch
    private readonly HashSet<Group> _sending = [];          // taken into a batch, not yet stored or failed
    private readonly LinkedList<SpaceWaiter> _waiters = []; // producers waiting for buffer space, in arrival order
    private int _bufferedPoints;                            // points in _queue and _sending
    private int _queuedPoints;                              // points in _queue
    private long _lastSequence;
    private long _flushUpTo;                                // groups up to this sequence are sent without waiting
    private TaskCompletionSource _wake = NewSignal();
    private bool _disposing;

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

    /// <summary>Points enqueued and not yet stored or failed (queued or being sent).</summary>
    public int BufferedPoints
    {
        get
        {
            lock (_lock)
            {
                return _bufferedPoints;
            }
        }
    }

    /// <summary>
    /// Buffers one group of points. The returned <see cref="ValueTask{T}"/> completes when the group is
    /// buffered: at once if there is room, else when enough buffered points are stored (back-pressure). Its
    /// result completes when every point of the group is stored; it faults with
    /// <see cref="InfluxWriteException"/> if the server rejected the group (400, or 413 for a single point),
    /// or with <see cref="OperationCanceledException"/> if the writer was disposed before storing it.
    /// </summary>
    /// <remarks>A group larger than <see cref="InfluxOptions.MaxBufferedPoints"/> is buffered once the buffer is empty.
    /// <paramref name="cancellationToken"/> cancels only the wait for space; a buffered group is not withdrawn.</remarks>
    /// <exception cref="ArgumentException">A point cannot be written as line protocol; nothing was buffered.</exception>
    /// <exception cref="ObjectDisposedException">The writer is disposed (or is disposed while waiting).</exception>
    public ValueTask<Task> EnqueueAsync(IReadOnlyList<InfluxPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        cancellationToken.ThrowIfCancellationRequested();
        var lines = points.Count == 0 ? [] : LineProtocol.EncodeLines(points);
        SpaceWaiter waiter;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposing, this);
            if (lines.Length == 0)
            {
                return new ValueTask<Task>(Task.CompletedTask);
            }

            if (_waiters.Count == 0 && HasSpaceFor(lines.Length))
            {
                return new ValueTask<Task>(Buffer(lines));
            }

            waiter = new SpaceWaiter(lines);
            waiter.Node = _waiters.AddLast(waiter);
        }

        return WaitForSpaceAsync(waiter, cancellationToken);
    }

    /// <summary>
    /// Sends everything buffered now without waiting for the flush interval, and completes when each of
    /// those groups is stored or failed (group failures are reported through the groups' own tasks).
    /// While InfluxDB is down this waits; <paramref name="cancellationToken"/> stops the wait, not the sending.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        Task[] pending;
        lock (_lock)
        {
            _flushUpTo = _lastSequence;
            pending = [.. _sending.Select(g => g.Completion.Task), .. _queue.Select(g => g.Completion.Task)];
            Wake();
        }

        await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// Stops accepting groups, tries for <see cref="InfluxOptions.ShutdownTimeout"/> to store what is buffered,
    /// then cancels: groups not stored fault with <see cref="OperationCanceledException"/>, producers still
    /// waiting for space with <see cref="ObjectDisposedException"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        List<SpaceWaiter> waiters;
        bool alreadyDisposing;
        lock (_lock)
        {
            alreadyDisposing = _disposing;
            _disposing = true;
            waiters = [.. _waiters];
            _waiters.Clear();
            Wake();
        }

        if (alreadyDisposing)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return;
        }

        foreach (var waiter in waiters)
        {
            waiter.Buffered.TrySetException(new ObjectDisposedException(nameof(InfluxBatchWriter), "The writer was disposed before the group could be buffered"));
        }

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

    private async ValueTask<Task> WaitForSpaceAsync(SpaceWaiter waiter, CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(() =>
        {
            lock (_lock)
            {
                if (waiter.Node?.List is not null)
                {
                    _waiters.Remove(waiter.Node);
                    waiter.Buffered.TrySetCanceled(cancellationToken);
                }
            }
        });
        return await waiter.Buffered.Task.ConfigureAwait(false);
    }

    private bool HasSpaceFor(int points) => _bufferedPoints == 0 || _bufferedPoints + points <= _options.MaxBufferedPoints;

    /// <summary>Adds a group to the queue (under the lock) and returns its completion task.</summary>
    private Task Buffer(ReadOnlyMemory<byte>[] lines)
    {
        var group = new Group(lines, ++_lastSequence, _timeProvider.GetTimestamp());
        _queue.Enqueue(group);
        _queuedPoints += lines.Length;
        _bufferedPoints += lines.Length;
        if (_queue.Count == 1 || _queuedPoints >= _options.BatchSize)
        {
            Wake();
        }

        return group.Completion.Task;
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
                List<Group>? batch = null;
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
                        if (batch is null && _disposing && _queue.Count == 0 && writes.Count == 0)
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

                // Wait for new groups or a flush (wake), the head group falling due, a write finishing, or stop.
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
            // the dispose deadline passed: what is left is failed below
        }
        catch (Exception e)
        {
            LogLoopFailed(_logger, e);
            throw;
        }
        finally
        {
            await Task.WhenAll(writes).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            FailRemaining();
        }
    }

    /// <summary>Under the lock: the next batch if one is due, else null and how long until the head group is due.</summary>
    private List<Group>? TakeBatch(out TimeSpan wait)
    {
        wait = Timeout.InfiniteTimeSpan;
        if (_queue.Count == 0)
        {
            return null;
        }

        var head = _queue.Peek();
        if (_queuedPoints < _options.BatchSize && !_disposing && head.Sequence > _flushUpTo)
        {
            var age = _timeProvider.GetElapsedTime(head.BufferedAt);
            if (age < _options.FlushInterval)
            {
                wait = _options.FlushInterval - age;
                return null;
            }
        }

        var batch = new List<Group>();
        var points = 0;
        while (_queue.TryPeek(out var next) && (batch.Count == 0 || points + next.Lines.Length <= _options.BatchSize))
        {
            _queue.Dequeue();
            _sending.Add(next);
            batch.Add(next);
            points += next.Lines.Length;
        }

        _queuedPoints -= points;
        return batch;
    }

    /// <summary>Writes the groups, retrying while the database is unavailable and isolating rejected groups.</summary>
    private async Task SendAsync(List<Group> groups, CancellationToken stop)
    {
        var lines = groups.Count == 1 ? groups[0].Lines : groups.SelectMany(g => g.Lines).ToArray();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _client.WriteLinesAsync(lines, stop).ConfigureAwait(false);
                Finish(groups, failure: null);
                return;
            }
            catch (InfluxWriteException e) when (e.StatusCode is 400 or 413)
            {
                if (groups.Count == 1)
                {
                    LogGroupRejected(_logger, e.StatusCode, lines.Length, e.Message);
                    Finish(groups, e);
                    return;
                }

                var half = groups.Count / 2;
                LogIsolating(_logger, e.StatusCode, groups.Count, lines.Length);
                await SendAsync(groups[..half], stop).ConfigureAwait(false);
                await SendAsync(groups[half..], stop).ConfigureAwait(false);
                return;
            }
            catch (InfluxWriteException e)
            {
                var delay = RetryDelay(attempt, _options.RetryInitialDelay, _options.RetryMaxDelay, e.RetryAfter, Random.Shared.NextDouble());
                _instruments.Retries.Add(1);
                LogRetrying(_logger, lines.Length, attempt, delay.TotalMilliseconds, e.Message);
                await Task.Delay(delay, _timeProvider, stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Not an answer from the server but a fault in this process: retrying would loop forever.
                LogUnexpected(_logger, lines.Length, e);
                Finish(groups, e);
                return;
            }
        }
    }

    private void Finish(List<Group> groups, Exception? failure)
    {
        lock (_lock)
        {
            foreach (var group in groups)
            {
                _sending.Remove(group);
                _bufferedPoints -= group.Lines.Length;
                if (failure is null)
                {
                    group.Completion.TrySetResult();
                }
                else
                {
                    group.Completion.TrySetException(failure);
                }
            }

            AdmitWaiters();
        }
    }

    /// <summary>Under the lock: buffers waiting groups, in arrival order, while they fit.</summary>
    private void AdmitWaiters()
    {
        while (_waiters.First is { } first && HasSpaceFor(first.Value.Lines.Length))
        {
            _waiters.RemoveFirst();
            first.Value.Buffered.TrySetResult(Buffer(first.Value.Lines));
        }
    }

    private void FailRemaining()
    {
        List<Group> left;
        lock (_lock)
        {
            left = [.. _sending, .. _queue];
            _sending.Clear();
            _queue.Clear();
            _queuedPoints = 0;
            _bufferedPoints = 0;
        }

        if (left.Count > 0)
        {
            var error = new OperationCanceledException($"The batch writer was disposed before InfluxDB stored this group ({left.Sum(g => g.Lines.Length)} points in {left.Count} groups were not stored)");
            foreach (var group in left)
            {
                group.Completion.TrySetException(error);
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Group(ReadOnlyMemory<byte>[] lines, long sequence, long bufferedAt)
    {
        public ReadOnlyMemory<byte>[] Lines { get; } = lines;

        public long Sequence { get; } = sequence;

        /// <summary>A <see cref="TimeProvider.GetTimestamp"/> value.</summary>
        public long BufferedAt { get; } = bufferedAt;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class SpaceWaiter(ReadOnlyMemory<byte>[] lines)
    {
        public ReadOnlyMemory<byte>[] Lines { get; } = lines;

        public LinkedListNode<SpaceWaiter>? Node { get; set; }

        public TaskCompletionSource<Task> Buffered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "InfluxDB write of {PointCount} points failed (attempt {Attempt}); retrying in {DelayMs:0} ms: {Reason}")]
    private static partial void LogRetrying(ILogger logger, int pointCount, int attempt, double delayMs, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "InfluxDB answered {StatusCode} to a batch of {GroupCount} groups ({PointCount} points); writing it in halves to find the rejected groups")]
    private static partial void LogIsolating(ILogger logger, int? statusCode, int groupCount, int pointCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "InfluxDB rejected a group of {PointCount} points ({StatusCode}): {Reason}")]
    private static partial void LogGroupRejected(ILogger logger, int? statusCode, int pointCount, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {PointCount} points failed unexpectedly; their groups are failed, not retried")]
    private static partial void LogUnexpected(ILogger logger, int pointCount, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The InfluxDB batch writer loop failed")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "InfluxDB did not store everything within the shutdown timeout of {TimeoutSeconds} s; {PointCount} buffered points are failed")]
    private static partial void LogShutdownTimeout(ILogger logger, double timeoutSeconds, int pointCount);
}
