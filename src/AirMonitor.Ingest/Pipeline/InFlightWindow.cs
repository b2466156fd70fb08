namespace AirMonitor.Ingest.Pipeline;

/// <summary>
/// Counts the messages received and not yet settled, and holds the intake's reading of the broker connection at
/// <see cref="IngestOptions.MaxInFlightMessages"/>: its <see cref="WaitForRoomAsync"/> is the connection's read gate.
/// </summary>
/// <remarks>The gate is checked before each read from the socket, so one read's messages (at most a read buffer, 64 KiB)
/// may go past the limit.</remarks>
internal sealed class InFlightWindow(int limit)
{
    private readonly Lock _lock = new();
    private long _count;
    private TaskCompletionSource? _room;

    public long Count => Interlocked.Read(ref _count);

    public bool HasRoom => Count < limit;

    public void Add() => Interlocked.Increment(ref _count);

    public void Remove(int settled)
    {
        if (Interlocked.Add(ref _count, -settled) < limit && Volatile.Read(ref _room) is not null)
        {
            TaskCompletionSource? room;
            lock (_lock)
            {
                room = _room;
                _room = null;
            }

            room?.TrySetResult();
        }
    }

    /// <summary>Completes when fewer than the limit are in flight.</summary>
    public ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        if (HasRoom)
        {
            return ValueTask.CompletedTask;
        }

        Task room;
        lock (_lock)
        {
            _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            room = _room.Task;
        }

        // Settled between the check and the registration: the signal may never come.
        return HasRoom ? ValueTask.CompletedTask : new ValueTask(room.WaitAsync(cancellationToken));
    }
}
