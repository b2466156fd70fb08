using AirMonitor.Core.Contract;
using AirMonitor.Ingest.Accounting;
using CsCheck;

namespace AirMonitor.Ingest.Tests.Accounting;

public sealed class SeqAccountTests
{
    [Fact]
    public void InOrderStreamHasNothingMissing()
    {
        var account = new SeqAccount();
        Assert.Equal(SeqOutcome.First, account.Record(1));
        Assert.Equal(SeqOutcome.Next, account.Record(2));
        Assert.Equal(SeqOutcome.Next, account.Record(3));
        Assert.Equal((1L, 3L, 0L), (account.First!.Value, account.Last!.Value, account.Missing));
    }

    [Fact]
    public void SkippedSeqsAreMissingUntilTheyArriveLate()
    {
        var account = new SeqAccount();
        account.Record(1);
        Assert.Equal(SeqOutcome.Gap, account.Record(10));
        Assert.Equal([new SeqRange(2, 9)], account.MissingRanges);
        Assert.Equal(8, account.Missing);

        Assert.Equal(SeqOutcome.Late, account.Record(5));
        Assert.Equal([new SeqRange(2, 4), new SeqRange(6, 9)], account.MissingRanges);
        Assert.Equal(SeqOutcome.Late, account.Record(2));
        Assert.Equal(SeqOutcome.Late, account.Record(9));
        Assert.Equal([new SeqRange(3, 4), new SeqRange(6, 8)], account.MissingRanges);
        Assert.Equal((5L, 3L, 1L), (account.Missing, account.Late, account.Gaps));
    }

    [Fact]
    public void ASeqSettledTwiceIsARepeat()
    {
        var account = new SeqAccount();
        account.Record(1);
        account.Record(3);
        Assert.Equal(SeqOutcome.Repeat, account.Record(3));
        Assert.Equal(SeqOutcome.Repeat, account.Record(1));
        Assert.Equal(SeqOutcome.Late, account.Record(2));
        Assert.Equal(SeqOutcome.Repeat, account.Record(2));
        Assert.Equal((3L, 0L), (account.Repeats, account.Missing));
    }

    [Fact]
    public void ABacklogBelowTheFirstSeqSeenOpensTheRangeBetween()
    {
        // A fresh account meets the live message first; the outbox backlog follows, oldest first.
        var account = new SeqAccount();
        account.Record(500);
        Assert.Equal(SeqOutcome.Late, account.Record(100));
        Assert.Equal([new SeqRange(101, 499)], account.MissingRanges);
        Assert.Equal(SeqOutcome.Late, account.Record(101));
        Assert.Equal([new SeqRange(102, 499)], account.MissingRanges);
        Assert.Equal(100, account.First);
    }

    [Fact]
    public void BeyondTheRangeLimitTheOldestRangeIsGivenUpAndCounted()
    {
        var account = new SeqAccount();
        account.Record(0);
        for (var i = 1; i <= SeqAccount.MaxMissingRanges + 2; i++)
        {
            account.Record(i * 10L);
        }

        Assert.Equal(SeqAccount.MaxMissingRanges, account.MissingRanges.Count);
        Assert.Equal(new SeqRange(21, 29), account.MissingRanges[0]);
        Assert.Equal(18, account.Unresolved);
        Assert.Equal(SeqAccount.MaxMissingRanges * 9L, account.Missing);
    }

    [Fact]
    public void RestoreGivesBackTheSameAccount()
    {
        var account = new SeqAccount();
        foreach (var seq in new long[] { 5, 9, 20, 7, 5 })
        {
            account.Record(seq);
        }

        var restored = SeqAccount.Restore(account.First!.Value, account.Last!.Value, account.Repeats, account.Late, account.Gaps, account.Unresolved,
            SeqRange.ParseList(string.Join(',', account.MissingRanges)));
        Assert.Equal("6,8,10-19", string.Join(',', restored.MissingRanges));
        Assert.Equal((account.Missing, account.Repeats, account.Late, account.Gaps), (restored.Missing, restored.Repeats, restored.Late, restored.Gaps));
        Assert.Equal(SeqOutcome.Late, restored.Record(6));
        Assert.Equal(SeqOutcome.Repeat, restored.Record(7));
    }

    [Theory]
    [InlineData(1, 10, "0-3")]
    [InlineData(1, 10, "3-12")]
    [InlineData(1, 10, "5-4")]
    [InlineData(1, 10, "3-5,5-6")]
    public void RestoreRefusesRangesThatDoNotFit(long first, long last, string ranges) =>
        Assert.Throws<FormatException>(() => SeqAccount.Restore(first, last, 0, 0, 0, 0, SeqRange.ParseList(ranges)));

    [Fact]
    public void EveryOutcomeAndCountAgreesWithTheSetOfSeqsSeen()
    {
        Gen.Long[0, 300].List[0, 600].Sample(seqs =>
        {
            var account = new SeqAccount();
            var seen = new HashSet<long>();
            foreach (var seq in seqs)
            {
                var expected = seen.Count == 0 ? SeqOutcome.First
                    : seen.Contains(seq) ? SeqOutcome.Repeat
                    : seq == seen.Max() + 1 ? SeqOutcome.Next
                    : seq > seen.Max() ? SeqOutcome.Gap
                    : SeqOutcome.Late;
                Assert.Equal(expected, account.Record(seq));
                seen.Add(seq);
            }

            if (seen.Count == 0)
            {
                return;
            }

            var missing = Enumerable.Range((int)seen.Min(), (int)(seen.Max() - seen.Min() + 1)).Select(i => (long)i).Where(s => !seen.Contains(s)).ToList();
            Assert.Equal(missing, account.MissingRanges.SelectMany(r => Enumerable.Range((int)r.From, (int)r.Count).Select(i => (long)i)));
            Assert.Equal(missing.Count, account.Missing);
            Assert.Equal(seqs.Count - seen.Count, account.Repeats);
        });
    }
}
