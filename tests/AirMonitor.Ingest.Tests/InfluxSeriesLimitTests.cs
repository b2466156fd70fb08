using System.Text.Json;
using AirMonitor.Core.Contract;
using AirMonitor.Ingest.Accounting;
using AirMonitor.Ingest.Alerts;
using AirMonitor.Testing;
using AirMonitor.Testing.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace AirMonitor.Ingest.Tests;

[CollectionDefinition(Name)]
public sealed class SeriesLimitServers : ICollectionFixture<PipelineFixture>
{
    public const string Name = "pipeline whose InfluxDB is restarted with a series limit";
}

/// <summary>
/// InfluxDB at <c>max-series-per-database</c> answers a new series with 400 "partial write" (influxd 1.6.7, a real one
/// restarted with the limit): the readings are good, so they are deferred, never dead-lettered and acknowledged.
/// </summary>
[Collection(SeriesLimitServers.Name)]
public sealed class InfluxSeriesLimitTests(PipelineFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_new_series_past_the_limit_is_deferred_unacknowledged_and_alerted_while_known_series_are_stored_and_it_is_stored_once_there_is_room()
    {
        await using var ingest = await fixture.StartIngestAsync("--Alerts:OfflineCheckInterval=00:00:01", "--Influx:RetryMaxDelay=00:00:00.500");
        await using var acksA = await fixture.ListenForAcksAsync("lim-a");
        await using var acksB = await fixture.ListenForAcksAsync("lim-b");
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 10_000;

        await fixture.MosquittoPubAsync(Topics.Readings("lim-a"), Message("lim-a", 1, ts, 11.5));
        await acksA.WaitForAsync(a => a.Stored.Contains(1));
        var series = await SeriesCountAsync(ingest.Database);
        try
        {
            // Room for not one more series in the test's database.
            fixture.Influx.MaxSeriesPerDatabase = series;
            await fixture.Influx.StopAsync();
            await fixture.Influx.StartAsync();

            await fixture.MosquittoPubAsync(Topics.Readings("lim-b"), Message("lim-b", 1, ts, 22.5));
            var engine = ingest.App.Services.GetRequiredService<AlertEngine>();
            await Poll.UntilAsync(() => engine.Firing().Any(e => e.Rule == AlertEngine.InfluxLimitRule), Timeout, "the influx-limit alert");
            await fixture.MosquittoPubAsync(Topics.Readings("lim-a"), Message("lim-a", 2, ts + 1_000, 12.5));
            await acksA.WaitForAsync(a => a.Stored.Contains(2));

            var alert = Assert.Single(engine.Firing(), e => e.Rule == AlertEngine.InfluxLimitRule);
            Assert.Equal(("lim-b", "lim-b", "deferred", 1.0), (alert.Station, alert.Subject, alert.Metric, alert.Value));
            Assert.Empty(acksB.Acks); // the device keeps the message and sends it again
            Assert.DoesNotContain(ingest.App.Services.GetRequiredService<SeqLedger>().Snapshot(), d => d.Device == "lim-b");
            Assert.Empty(Directory.Exists(ingest.DeadLetterDirectory) ? Directory.GetFiles(ingest.DeadLetterDirectory) : []);
            Assert.Equal([11.5, 12.5], Assert.Single(await ingest.QueryAsync("SELECT pm2_5 FROM air WHERE device = 'lim-a'")).GetDoubles("pm2_5"));

            // The operator raises the limit; the device's resend is stored and the alert resolves.
            fixture.Influx.MaxSeriesPerDatabase = null;
            await fixture.Influx.StopAsync();
            await fixture.Influx.StartAsync();
            await fixture.MosquittoPubAsync(Topics.Readings("lim-b"), Message("lim-b", 1, ts, 22.5));
            await acksB.WaitForAsync(a => a.Stored.Contains(1));
            await Poll.UntilAsync(() => !engine.Firing().Any(e => e.Rule == AlertEngine.InfluxLimitRule), Timeout, "the influx-limit alert to resolve");

            Assert.Equal(22.5, Assert.Single(await ingest.QueryAsync("SELECT pm2_5 FROM air WHERE device = 'lim-b'")).GetDouble(0, "pm2_5"));
            Assert.Empty(acksB.Rejected);
        }
        finally
        {
            fixture.Influx.MaxSeriesPerDatabase = null;
            if (!fixture.Influx.IsRunning)
            {
                await fixture.Influx.StartAsync();
            }
        }
    }

    private static string Message(string device, long seq, long ts, double pm25) =>
        $$$"""{"device":"{{{device}}}","seq":{{{seq}}},"samples":[{"ts":{{{ts}}},"sensor":"pms5003","values":{"pm2_5":{{{pm25.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}}}]}""";

    private async Task<int> SeriesCountAsync(string database)
    {
        using var json = JsonDocument.Parse(await fixture.Influx.QueryRawAsync("SHOW SERIES", database));
        return json.RootElement.GetProperty("results")[0].GetProperty("series")[0].GetProperty("values").GetArrayLength();
    }
}
