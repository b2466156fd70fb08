namespace AirMonitor.Influx;

/// <summary>
/// One batch of an <see cref="InfluxBatchWriter"/>: its groups' lines in one pooled buffer, where each group ends, each
/// group's outcome, the failures (sparse) and one task for the whole batch. Filled under the writer's lock; outcomes are
/// readable without it.
/// </summary>
internal sealed class WriteBatch : IDisposable
{
    private readonly TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int[] _byteEnds;
    private int[] _pointEnds;
    private byte[] _outcomes;
    private Failure[] _failures = []; // replaced, never changed: read without the lock
    private LineWriter? _lines;

    public WriteBatch(long sequence, int initialBytes, int initialGroups)
    {
        Sequence = sequence;
        _lines = new LineWriter(initialBytes);
        _byteEnds = new int[initialGroups];
        _pointEnds = new int[initialGroups];
        _outcomes = new byte[initialGroups];
    }

    /// <summary>Batches are numbered in the order they are opened.</summary>
    public long Sequence { get; }

    /// <summary>Where groups are written; only while the batch is open or being sent.</summary>
    public LineWriter Lines => _lines ?? throw new InvalidOperationException("The batch's lines were released");

    public int GroupCount { get; private set; }

    public int Points => GroupCount == 0 ? 0 : _pointEnds[GroupCount - 1];

    public int Bytes => GroupCount == 0 ? 0 : _byteEnds[GroupCount - 1];

    /// <summary>When the first group was added (a <see cref="TimeProvider.GetTimestamp"/> value).</summary>
    public long FirstGroupAt { get; set; }

    /// <summary>Every group is settled and the lines are released (<see cref="Dispose"/>, under the writer's lock).</summary>
    public bool IsSettled { get; private set; }

    public Task Written => _written.Task;

    /// <summary>Makes what <see cref="Lines"/> holds beyond the previous group one group; returns its index.</summary>
    public int AddGroup()
    {
        if (GroupCount == _byteEnds.Length)
        {
            var size = _byteEnds.Length * 2;
            Array.Resize(ref _byteEnds, size);
            Array.Resize(ref _pointEnds, size);
            Array.Resize(ref _outcomes, size);
        }

        _byteEnds[GroupCount] = Lines.WrittenCount;
        _pointEnds[GroupCount] = Lines.Points;
        return GroupCount++;
    }

    public int PointsOf(int group) => PointsIn(group, group + 1);

    /// <summary>Points of the groups <paramref name="start"/> to <paramref name="end"/> (exclusive).</summary>
    public int PointsIn(int start, int end) => _pointEnds[end - 1] - (start == 0 ? 0 : _pointEnds[start - 1]);

    /// <summary>The lines of the groups <paramref name="start"/> to <paramref name="end"/> (exclusive): a slice, not a copy.</summary>
    public ReadOnlyMemory<byte> LinesIn(int start, int end)
    {
        var from = start == 0 ? 0 : _byteEnds[start - 1];
        return Lines.WrittenMemory[from.._byteEnds[end - 1]];
    }

    public InfluxGroupOutcome OutcomeOf(int group) => (InfluxGroupOutcome)Volatile.Read(ref _outcomes[group]);

    public Exception? FailureOf(int group)
    {
        if (OutcomeOf(group) is InfluxGroupOutcome.Pending or InfluxGroupOutcome.Stored)
        {
            return null;
        }

        foreach (var failure in Volatile.Read(ref _failures))
        {
            if (group >= failure.Start && group < failure.End)
            {
                return failure.Exception;
            }
        }

        return null;
    }

    /// <summary>Settles the groups <paramref name="start"/> to <paramref name="end"/> still pending; returns their points.</summary>
    public int Settle(int start, int end, InfluxGroupOutcome outcome, Exception? failure)
    {
        if (failure is not null)
        {
            // published before the outcomes, so whoever sees a failed outcome finds its failure
            Volatile.Write(ref _failures, [.. _failures, new Failure(start, end, failure)]);
        }

        var points = 0;
        for (var group = start; group < end; group++)
        {
            if (OutcomeOf(group) == InfluxGroupOutcome.Pending)
            {
                points += PointsOf(group);
                Volatile.Write(ref _outcomes[group], (byte)outcome);
            }
        }

        return points;
    }

    /// <summary>(Points, groups) not yet settled.</summary>
    public (int Points, int Groups) Pending()
    {
        var (points, groups) = (0, 0);
        for (var group = 0; group < GroupCount; group++)
        {
            if (OutcomeOf(group) == InfluxGroupOutcome.Pending)
            {
                points += PointsOf(group);
                groups++;
            }
        }

        return (points, groups);
    }

    /// <summary>Under the writer's lock, once every group is settled: the pooled buffer goes back; the outcomes stay readable.</summary>
    public void Dispose()
    {
        IsSettled = true;
        _lines?.Dispose();
        _lines = null;
    }

    /// <summary>Completes <see cref="Written"/> (outside the writer's lock).</summary>
    public void Complete() => _written.TrySetResult();

    private readonly record struct Failure(int Start, int End, Exception Exception);
}
