using AirMonitor.Core.Contract;
using AirMonitor.Ingest.Accounting;
using AirMonitor.Testing.Pipeline;

namespace AirMonitor.Ingest.Tests;

[Collection(PipelineServers.Name)]
public sealed class SeqAccountingTests(PipelineFixture fixture)
{
    private const string Device = "seq-01";
    private static readonly string[] StatusFields = ["first", "last", "missing", "repeats", "late", "gaps"];

    [Fact]
    public async Task Gaps_late_arrivals_and_repeats_are_counted_per_device_kept_across_a_restart_and_written_to_influx()
    {
        var database = $"t{Guid.NewGuid():N}"[..12];
        await using (var ingest = await fixture.StartIngestOnAsync(database))
        {
            await using var acks = await fixture.ListenForAcksAsync(Device);
            foreach (var seq in new long[] { 1, 2, 5, 3, 2 })
            {
                await PublishAsync(acks, seq, pm25: 10 + seq);
            }

            // Dead-lettered is settled too: the device hears of it and never sends it again.
            await PublishAsync(acks, 6, pm25: -50);
            Assert.Contains(acks.Rejected, r => r.Seq == 6);

            var account = Assert.Single(await ingest.DevicesAsync());
            Assert.Equal(new DeviceSeqStatus(Device, First: 1, Last: 6, Missing: 1, MissingRanges: "4", Repeats: 1, Late: 1, Gaps: 1, Unresolved: 0), account);
            var metrics = await ingest.MetricsAsync();
            Assert.Contains("airmon_ingest_seq_total{outcome=\"repeat\"} 1\n", metrics, StringComparison.Ordinal);
            Assert.Contains("airmon_ingest_seq_total{outcome=\"gap\"} 1\n", metrics, StringComparison.Ordinal);
            Assert.Contains("airmon_ingest_seq_missing 1\n", metrics, StringComparison.Ordinal);
        }

        await using (var ingest = await fixture.StartIngestOnAsync(database, "--Accounting:StatusInterval=00:00:01"))
        {
            await using var acks = await fixture.ListenForAcksAsync(Device);
            Assert.Equal("4", Assert.Single(await ingest.DevicesAsync()).MissingRanges);

            await PublishAsync(acks, 4, pm25: 14);

            var account = Assert.Single(await ingest.DevicesAsync());
            Assert.Equal((0L, 2L, 1L), (account.Missing, account.Late, account.Repeats));
            var status = await WaitForStatusAsync(ingest);
            Assert.Equal(Device, status.GetString(0, "device"));
            Assert.Equal([1L, 6L, 0L, 1L, 2L, 1L], StatusFields.Select(f => status.GetInt64(0, f)!.Value));
            Assert.Equal("", status.GetString(0, "missing_ranges"));
        }
    }

    private async Task PublishAsync(AckListener acks, long seq, double pm25)
    {
        var settledBefore = acks.Stored.Concat(acks.Rejected.Select(r => r.Seq)).Count(s => s == seq);
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000 + seq;
        await fixture.MosquittoPubAsync(Topics.Readings(Device), string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $$$"""{"device":"{{{Device}}}","seq":{{{seq}}},"samples":[{"ts":{{{ts}}},"sensor":"pms5003","values":{"pm2_5":{{{pm25}}}}}]}"""));
        await acks.WaitForAsync(a => a.Stored.Concat(a.Rejected.Select(r => r.Seq)).Count(s => s == seq) > settledBefore);
    }

    private static async Task<AirMonitor.Influx.InfluxSeries> WaitForStatusAsync(RunningIngest ingest)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var series = await ingest.QueryAsync($"SELECT * FROM {SeqStatusWriter.Measurement} WHERE missing = 0");
            if (series.Count > 0 || deadline.IsCancellationRequested)
            {
                return Assert.Single(series);
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }
}
