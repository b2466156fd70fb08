using System.Runtime.ExceptionServices;

namespace AirMonitor.Influx;

/// <summary>What became of a group appended to an <see cref="InfluxBatchWriter"/>.</summary>
public enum InfluxGroupOutcome
{
    /// <summary>Not yet stored or failed.</summary>
    Pending,

    /// <summary>InfluxDB stored every point of the group.</summary>
    Stored,

    /// <summary>InfluxDB refused the group (400, or 413 for a single point): it can never be stored as it is.</summary>
    Rejected,

    /// <summary>Not stored and not refused: the writer was disposed first, or writing failed in this process (not retried).</summary>
    Abandoned,

    /// <summary>
    /// Not stored because the database is at a limit (<see cref="InfluxWriteException.IsLimitExceeded"/>): the points are
    /// good and must be written again later, once an operator has raised the limit.
    /// </summary>
    Deferred,
}

/// <summary>
/// One group (one message's points) in an <see cref="InfluxBatchWriter"/>: its batch and its place there. A cheap
/// struct; <c>default</c> is the empty group, stored at once.
/// </summary>
public readonly struct InfluxGroup : IEquatable<InfluxGroup>
{
    private readonly WriteBatch? _batch;
    private readonly int _index;

    internal InfluxGroup(WriteBatch batch, int index)
    {
        _batch = batch;
        _index = index;
    }

    /// <summary>
    /// The batch's task, shared by all its groups; it never faults. It completes when every group of the batch is stored,
    /// rejected or abandoned: then <see cref="Outcome"/> is final.
    /// </summary>
    public Task Written => _batch?.Written ?? Task.CompletedTask;

    /// <summary><see cref="Written"/> has completed.</summary>
    public bool IsWritten => Written.IsCompleted;

    /// <summary>Pending until this group's part of the batch is settled (possibly before <see cref="Written"/>, while other groups are isolated).</summary>
    public InfluxGroupOutcome Outcome => _batch?.OutcomeOf(_index) ?? InfluxGroupOutcome.Stored;

    /// <summary>Why the group was not stored: the <see cref="InfluxWriteException"/> of a rejection or deferral, the
    /// <see cref="OperationCanceledException"/> (or unexpected exception) of an abandonment; null otherwise.</summary>
    public Exception? Failure => _batch?.FailureOf(_index);

    /// <summary>Points in the group.</summary>
    public int Points => _batch?.PointsOf(_index) ?? 0;

    public static bool operator ==(InfluxGroup left, InfluxGroup right) => left.Equals(right);

    public static bool operator !=(InfluxGroup left, InfluxGroup right) => !left.Equals(right);

    /// <summary>Completes when the group is stored; throws <see cref="Failure"/> if it was not.</summary>
    public Task StoredAsync()
    {
        if (!IsWritten)
        {
            return WaitStoredAsync(this);
        }

        return Failure is { } failure ? Task.FromException(failure) : Task.CompletedTask;
    }

    public bool Equals(InfluxGroup other) => ReferenceEquals(_batch, other._batch) && _index == other._index;

    public override bool Equals(object? obj) => obj is InfluxGroup other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_batch, _index);

    private static async Task WaitStoredAsync(InfluxGroup group)
    {
        await group.Written.ConfigureAwait(false);
        if (group.Failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }
}
