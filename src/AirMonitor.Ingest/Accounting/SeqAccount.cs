namespace AirMonitor.Ingest.Accounting;

/// <summary>What one settled seq number says about a device's message stream.</summary>
public enum SeqOutcome
{
    /// <summary>The first seq this account has seen.</summary>
    First,

    /// <summary>One above the highest so far: the stream is in order.</summary>
    Next,

    /// <summary>Above the highest so far, with seq numbers skipped: they are now missing.</summary>
    Gap,

    /// <summary>A missing seq arrived after higher ones (a resend, a backlog drained after live messages).</summary>
    Late,

    /// <summary>Settled before: the message was stored again (harmless by design; counted).</summary>
    Repeat,
}

/// <summary>
/// Which seq numbers of one device have been settled (stored or dead-lettered), kept as the highest one and the
/// ranges still missing below it (docs/architecture.md, delivery guarantee 4). A drained backlog is one range, so the account
/// stays small; a missing range that persists is a message the guarantee lost.
/// </summary>
public sealed class SeqAccount
{
    /// <summary>Missing ranges kept per device; beyond that the oldest is given up and counted as unresolved.</summary>
    public const int MaxMissingRanges = 1024;

    private readonly List<SeqRange> _missing = [];

    /// <summary>The lowest seq settled, or lowered to the start of a missing range that arrived below it.</summary>
    public long? First { get; private set; }

    /// <summary>The highest seq settled.</summary>
    public long? Last { get; private set; }

    /// <summary>Seq numbers below <see cref="Last"/> not settled yet.</summary>
    public long Missing { get; private set; }

    public long Repeats { get; private set; }

    public long Late { get; private set; }

    /// <summary>Times the stream skipped ahead (each opened a missing range).</summary>
    public long Gaps { get; private set; }

    /// <summary>Missing seq numbers whose range was given up (more than <see cref="MaxMissingRanges"/> open).</summary>
    public long Unresolved { get; private set; }

    /// <summary>The missing ranges, lowest first.</summary>
    public IReadOnlyList<SeqRange> MissingRanges => _missing;

    /// <summary>The highest seq with every seq from <see cref="First"/> up to it settled; null before the first.</summary>
    public long? ContiguousThrough => Last is null ? null : _missing.Count == 0 ? Last : _missing[0].From - 1;

    public SeqOutcome Record(long seq)
    {
        if (Last is not { } last || First is not { } first)
        {
            First = Last = seq;
            return SeqOutcome.First;
        }

        if (seq == last + 1)
        {
            Last = seq;
            return SeqOutcome.Next;
        }

        if (seq > last)
        {
            AddMissing(_missing.Count, new SeqRange(last + 1, seq - 1));
            Last = seq;
            Gaps++;
            return SeqOutcome.Gap;
        }

        if (seq < first)
        {
            // Older than anything seen: the numbers between it and the first were sent too, and are missing until they come.
            First = seq;
            if (seq + 1 <= first - 1)
            {
                AddMissing(0, new SeqRange(seq + 1, first - 1));
            }

            Late++;
            return SeqOutcome.Late;
        }

        var index = IndexOfRangeHolding(seq);
        if (index < 0)
        {
            Repeats++;
            return SeqOutcome.Repeat;
        }

        var range = _missing[index];
        _missing.RemoveAt(index);
        if (seq < range.To)
        {
            _missing.Insert(index, new SeqRange(seq + 1, range.To));
        }

        if (seq > range.From)
        {
            _missing.Insert(index, new SeqRange(range.From, seq - 1));
        }

        Missing--;
        Late++;
        TrimMissing();
        return SeqOutcome.Late;
    }

    /// <summary>Restores an account from its persisted figures (the inverse of reading the properties).</summary>
    public static SeqAccount Restore(long first, long last, long repeats, long late, long gaps, long unresolved, IEnumerable<SeqRange> missing)
    {
        var account = new SeqAccount { First = first, Last = last, Repeats = repeats, Late = late, Gaps = gaps, Unresolved = unresolved };
        foreach (var range in missing.OrderBy(r => r.From))
        {
            if (range.From > range.To || range.From <= first || range.To >= last
                || (account._missing.Count > 0 && range.From <= account._missing[^1].To))
            {
                throw new FormatException($"missing range {range} does not fit between {first} and {last}");
            }

            account._missing.Add(range);
            account.Missing += range.Count;
        }

        return account;
    }

    private void AddMissing(int index, SeqRange range)
    {
        _missing.Insert(index, range);
        Missing += range.Count;
        TrimMissing();
    }

    private void TrimMissing()
    {
        while (_missing.Count > MaxMissingRanges)
        {
            Missing -= _missing[0].Count;
            Unresolved += _missing[0].Count;
            _missing.RemoveAt(0);
        }
    }

    private int IndexOfRangeHolding(long seq)
    {
        int low = 0, high = _missing.Count - 1;
        while (low <= high)
        {
            var mid = (low + high) / 2;
            var range = _missing[mid];
            if (seq < range.From)
            {
                high = mid - 1;
            }
            else if (seq > range.To)
            {
                low = mid + 1;
            }
            else
            {
                return mid;
            }
        }

        return -1;
    }
}

/// <summary>The seq numbers <see cref="From"/> to <see cref="To"/>, both included.</summary>
public readonly record struct SeqRange(long From, long To)
{
    public long Count => To - From + 1;

    /// <summary><c>12</c> or <c>12-40</c>.</summary>
    public override string ToString() => From == To
        ? From.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{From}-{To}");

    /// <summary>Ranges as <see cref="ToString"/> writes them, comma-separated.</summary>
    public static IReadOnlyList<SeqRange> ParseList(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Parse)];

    public static SeqRange Parse(string text)
    {
        var dash = text.IndexOf('-', 1);
        var from = long.Parse(dash < 0 ? text : text[..dash], System.Globalization.CultureInfo.InvariantCulture);
        return new SeqRange(from, dash < 0 ? from : long.Parse(text[(dash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
