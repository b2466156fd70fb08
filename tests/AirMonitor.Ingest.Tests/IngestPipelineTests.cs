using System.Globalization;
using AirMonitor.Core.Contract;
using AirMonitor.Ingest.DeadLetters;
using AirMonitor.Testing;
using AirMonitor.Testing.Pipeline;

namespace AirMonitor.Ingest.Tests;

[Collection(PipelineServers.Name)]
public sealed class IngestPipelineTests(PipelineFixture fixture)
{
    private static readonly string Registry = Path.Combine(RepositoryFiles.Root, "firmware-config", "stations.yaml");

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    [Fact]
    public async Task Readings_published_with_mosquitto_pub_are_stored_as_exact_points_and_acknowledged()
    {
        await using var ingest = await fixture.StartIngestAsync($"--Ingest:RegistryPath={Registry}");
        await using var acks = await fixture.ListenForAcksAsync("bkk-dindaeng-01");
        var ts = Now - 60_000;
        var payload = $$$"""
            {"device":"bkk-dindaeng-01","seq":1042,"samples":[
              {"ts":{{{ts}}},"sensor":"pms5003","values":{"pm1_0":8.1,"pm2_5":12.4,"pm10":19.0}},
              {"ts":{{{ts}}},"sensor":"bme280","values":{"temperature":29.4,"humidity":61.2,"pressure":1008.1},"flags":["warmup"]}]}
            """;

        await fixture.MosquittoPubAsync(Topics.Readings("bkk-dindaeng-01"), payload);
        await acks.WaitForAsync(a => a.Stored.Contains(1042));

        var pm = Assert.Single(await ingest.QueryAsync("SELECT * FROM air WHERE sensor = 'pms5003'"));
        Assert.Single(pm.Values);
        Assert.Equal(ts, pm.GetTime(0).ToUnixTimeMilliseconds());
        Assert.Equal(12.4, pm.GetDouble(0, "pm2_5"));
        Assert.Equal(8.1, pm.GetDouble(0, "pm1_0"));
        Assert.Equal(19.0, pm.GetDouble(0, "pm10"));
        Assert.Equal("bkk-dindaeng", pm.GetString(0, "station"));
        Assert.Equal("bkk-dindaeng-01", pm.GetString(0, "device"));
        Assert.Equal("roadside", pm.GetString(0, "kind"));
        Assert.Equal("bangkok", pm.GetString(0, "city"));
        Assert.Equal("Din Daeng", pm.GetString(0, "district"));
        Assert.Null(pm.GetString(0, "flags"));

        var climate = Assert.Single(await ingest.QueryAsync("SELECT temperature, humidity, pressure, flags FROM air WHERE sensor = 'bme280'"));
        Assert.Equal([29.4, 61.2, 1008.1], [climate.GetDouble(0, "temperature")!.Value, climate.GetDouble(0, "humidity")!.Value, climate.GetDouble(0, "pressure")!.Value]);
        Assert.Equal("warmup", climate.GetString(0, "flags"));

        // The readings' two series; the registry's stations are in a measurement of their own (station).
        var series = await ingest.QueryAsync("SHOW SERIES FROM air");
        Assert.Equal(2, series.Single().Values.Count);
        Assert.Empty(acks.Rejected);
    }

    [Fact]
    public async Task Unregistered_device_is_stored_under_its_own_id_and_stack_samples_go_to_emission()
    {
        await using var ingest = await fixture.StartIngestAsync($"--Ingest:RegistryPath={Registry}");
        await using var acks = await fixture.ListenForAcksAsync("field-test-7");
        var ts = Now - 5_000;

        await fixture.MosquittoPubAsync(Topics.Readings("field-test-7"), $$$"""
            {"device":"field-test-7","seq":3,"samples":[
              {"ts":{{{ts}}},"sensor":"cems","values":{"o2":11.2,"stack_nox":88.5}},
              {"ts":{{{ts}}},"sensor":"pms5003","values":{"pm2_5":40.5}}]}
            """);
        await acks.WaitForAsync(a => a.Stored.Contains(3));

        var emission = Assert.Single(await ingest.QueryAsync("SELECT o2, stack_nox, station, kind, device FROM emission"));
        Assert.Equal(11.2, emission.GetDouble(0, "o2"));
        Assert.Equal(88.5, emission.GetDouble(0, "stack_nox"));
        Assert.Equal("field-test-7", emission.GetString(0, "station"));
        Assert.Equal("unregistered", emission.GetString(0, "kind"));
        var air = Assert.Single(await ingest.QueryAsync("SELECT pm2_5, station FROM air"));
        Assert.Equal(40.5, air.GetDouble(0, "pm2_5"));
        Assert.Equal("field-test-7", air.GetString(0, "station"));
    }

    [Fact]
    public async Task Bad_messages_are_counted_by_reason_dead_lettered_and_never_stored_while_good_ones_flow()
    {
        await using var ingest = await fixture.StartIngestAsync("--Validation:MaxPayloadBytes=4096");
        await using var goodAcks = await fixture.ListenForAcksAsync("good-01");
        await using var badAcks = await fixture.ListenForAcksAsync("bad-01");
        var ts = Now - 1_000;
        string Batch(string device, long seq, string values, long at) =>
            $$$"""{"device":"{{{device}}}","seq":{{{seq}}},"samples":[{"ts":{{{at}}},"sensor":"pms5003","values":{{{{values}}}}}]}""";

        await fixture.MosquittoPubAsync(Topics.Readings("bad-01"), "{\"device\":\"bad-01\",\"seq\":");
        await fixture.MosquittoPubAsync(Topics.Readings("good-01"), Batch("good-01", 1, "\"pm2_5\":10.5", ts));
        await fixture.MosquittoPubAsync(Topics.Readings("bad-01"), Batch("bad-01", 2, "\"pm2_5\":1.0,\"pm10\":" + new string('1', 5000), ts));
        await fixture.MosquittoPubAsync(Topics.Readings("bad-01"), Batch("someone-else", 3, "\"pm2_5\":1.0", ts));
        await fixture.MosquittoPubAsync(Topics.Readings("bad-01"), Batch("bad-01", 4, "\"pm2_5\":1.0", Now + 3_600_000));
        await fixture.MosquittoPubAsync(Topics.Readings("good-01"), Batch("good-01", 2, "\"pm2_5\":11.5", ts + 1000));
        await fixture.MosquittoPubAsync(Topics.Readings("bad-01"), Batch("bad-01", 5, "\"pm2_5\":20000", ts));
        await fixture.MosquittoPubAsync(Topics.Readings("good-01"), Batch("good-01", 3, "\"pm2_5\":12.5", ts + 2000));

        await goodAcks.WaitForAsync(a => a.Stored.Count() == 3);
        // Whole-message rejections carry no trustworthy seq (undecodable, or claimed for another device): no device ack.
        await badAcks.WaitForAsync(a => a.Rejected.Count() == 2);

        Assert.Equal([1L, 2, 3], goodAcks.Stored.Order());
        Assert.Equal([(4L, "future_timestamp"), (5L, "out_of_range")], badAcks.Rejected.Select(r => (r.Seq, r.Reason)).Order());
        Assert.Empty(badAcks.Stored);
        var stored = Assert.Single(await ingest.QueryAsync("SELECT pm2_5, device FROM air"));
        Assert.Equal([10.5, 11.5, 12.5], stored.GetDoubles("pm2_5").Select(v => v!.Value));
        Assert.All(stored.GetStrings("device"), d => Assert.Equal("good-01", d));

        var metrics = await ingest.MetricsAsync();
        foreach (var reason in new[] { "malformed", "too_large", "device_mismatch", "future_timestamp", "out_of_range" })
        {
            Assert.Contains($"airmon_ingest_rejects_total{{reason=\"{reason}\"}} 1", metrics, StringComparison.Ordinal);
        }

        Assert.Contains("airmon_ingest_messages_total{outcome=\"stored\"} 3", metrics, StringComparison.Ordinal);
        Assert.Contains("airmon_influx_points_written_total 3", metrics, StringComparison.Ordinal);
        Assert.Contains("airmon_influx_write_duration_milliseconds_count", metrics, StringComparison.Ordinal);
        Assert.Contains("airmon_influx_batch_size_bucket", metrics, StringComparison.Ordinal);
        Assert.Contains("airmon_influx_buffered_points 0", metrics, StringComparison.Ordinal);
        Assert.Contains("airmon_ingest_messages_total{outcome=\"rejected\"} 5", metrics, StringComparison.Ordinal);

        var letters = DeadLetterStore.ReadAll(ingest.DeadLetterDirectory).ToList();
        Assert.Equal(["malformed", "too_large", "device_mismatch", "future_timestamp", "out_of_range"], letters.Select(l => l.Reasons.Single().Reason));
        Assert.All(letters, l => Assert.Equal(Topics.Readings("bad-01"), l.Topic));
        Assert.Equal("{\"device\":\"bad-01\",\"seq\":", letters[0].Payload);
        Assert.Equal([null, null, null, 4L, 5L], letters.Select(l => l.Seq));
    }

    [Fact]
    public async Task A_message_with_one_bad_sample_stores_the_good_samples_and_dead_letters_the_bad_one()
    {
        await using var ingest = await fixture.StartIngestAsync();
        await using var acks = await fixture.ListenForAcksAsync("mixed-01");
        var ts = Now - 10_000;

        await fixture.MosquittoPubAsync(Topics.Readings("mixed-01"), $$$"""
            {"device":"mixed-01","seq":9,"samples":[
              {"ts":{{{ts}}},"sensor":"pms5003","values":{"pm2_5":30.0}},
              {"ts":{{{ts}}},"sensor":"bme280","values":{"humidity":140.0}},
              {"ts":{{{ts}}},"sensor":"scd41","values":{"radon":3.0}}]}
            """);
        await acks.WaitForAsync(a => a.Stored.Contains(9));

        var stored = Assert.Single(await ingest.QueryAsync("SELECT * FROM air"));
        Assert.Equal(30.0, stored.GetDouble(0, "pm2_5"));
        Assert.DoesNotContain("humidity", stored.Columns);
        var letter = Assert.Single(DeadLetterStore.ReadAll(ingest.DeadLetterDirectory));
        Assert.Equal([("out_of_range", 1), ("unknown_metric", 2)], letter.Reasons.Select(r => (r.Reason, r.SampleIndex!.Value)));
        Assert.Equal(9, letter.Seq);
    }

    [Fact]
    public async Task Nothing_is_acknowledged_while_InfluxDB_does_not_answer_and_everything_is_once_it_does()
    {
        await using var ingest = await fixture.StartIngestAsync("--Influx:Timeout=00:00:01", "--Influx:RetryMaxDelay=00:00:01");
        await using var acks = await fixture.ListenForAcksAsync("patient-01");
        var ts = Now - 30_000;

        fixture.Influx.Pause();
        try
        {
            for (var seq = 1; seq <= 5; seq++)
            {
                await fixture.MosquittoPubAsync(Topics.Readings("patient-01"),
                    $$$"""{"device":"patient-01","seq":{{{seq}}},"samples":[{"ts":{{{ts + seq}}},"sensor":"pms5003","values":{"pm2_5":{{{seq.ToString(CultureInfo.InvariantCulture)}}}}}]}""");
            }

            // Longer than the write timeout and a retry or two: a premature ack would have arrived by now.
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Empty(acks.Acks);
        }
        finally
        {
            fixture.Influx.Resume();
        }

        await acks.WaitForAsync(a => a.Stored.Distinct().Count() == 5, TimeSpan.FromSeconds(30));
        var stored = Assert.Single(await ingest.QueryAsync("SELECT pm2_5 FROM air"));
        Assert.Equal([1.0, 2, 3, 4, 5], stored.GetDoubles("pm2_5").Select(v => v!.Value));
    }

    [Fact]
    public async Task Registry_text_that_line_protocol_cannot_carry_dead_letters_that_station_and_keeps_the_others_flowing()
    {
        var registry = Path.Combine(Path.GetTempPath(), $"stations-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(registry, """
            stations:
              - id: bad-district
                name: Bad
                kind: ambient
                city: yokohama
                district: 'Naka\'
                latitude: 35.44
                longitude: 139.64
                devices: [bad-district-01]
            """);
        await using var ingest = await fixture.StartIngestAsync($"--Ingest:RegistryPath={registry}");
        await using var badAcks = await fixture.ListenForAcksAsync("bad-district-01");
        await using var goodAcks = await fixture.ListenForAcksAsync("plain-01");
        var ts = Now - 1_000;

        await fixture.MosquittoPubAsync(Topics.Readings("bad-district-01"), $$$"""{"device":"bad-district-01","seq":1,"samples":[{"ts":{{{ts}}},"sensor":"pms5003","values":{"pm2_5":9.5}}]}""");
        await fixture.MosquittoPubAsync(Topics.Readings("plain-01"), $$$"""{"device":"plain-01","seq":1,"samples":[{"ts":{{{ts}}},"sensor":"pms5003","values":{"pm2_5":8.5}}]}""");

        await badAcks.WaitForAsync(a => a.Rejected.Any());
        await goodAcks.WaitForAsync(a => a.Stored.Contains(1));
        Assert.Equal((1L, "unstorable"), (badAcks.Rejected.Single().Seq, badAcks.Rejected.Single().Reason));
        Assert.Equal("plain-01", Assert.Single(await ingest.QueryAsync("SELECT pm2_5, device FROM air")).GetString(0, "device"));
        Assert.Contains("district", Assert.Single(DeadLetterStore.ReadAll(ingest.DeadLetterDirectory)).Reasons.Single().Detail, StringComparison.Ordinal);
        File.Delete(registry);
    }
}
