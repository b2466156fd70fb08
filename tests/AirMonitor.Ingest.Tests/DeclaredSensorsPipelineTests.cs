using AirMonitor.Core.Contract;
using AirMonitor.Ingest.DeadLetters;
using AirMonitor.Testing;
using AirMonitor.Testing.Pipeline;

namespace AirMonitor.Ingest.Tests;

/// <summary>
/// What a device may write, through the real pipeline (Mosquitto, the ingest, InfluxDB): a declared device's undeclared
/// sensor, and a sensor past the cap of a device without a declaration, are dead-lettered while the rest is stored.
/// </summary>
[Collection(PipelineServers.Name)]
public sealed class DeclaredSensorsPipelineTests(PipelineFixture fixture)
{
    private static readonly string Registry = Path.Combine(RepositoryFiles.Root, "firmware-config", "stations.yaml");

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    [Fact]
    public async Task A_declared_devices_undeclared_sensor_is_dead_lettered_and_its_declared_sample_stored_and_acknowledged()
    {
        await using var ingest = await fixture.StartIngestAsync($"--Ingest:RegistryPath={Registry}");
        await using var acks = await fixture.ListenForAcksAsync("bkk-dindaeng-01");
        var ts = Now - 30_000;

        // stations.yaml declares pms5003, bme280 and no2 for bkk-dindaeng-01; an SPS30 is not among them.
        await fixture.MosquittoPubAsync(Topics.Readings("bkk-dindaeng-01"), $$$"""
            {"device":"bkk-dindaeng-01","seq":501,"samples":[
              {"ts":{{{ts}}},"sensor":"pms5003","values":{"pm2_5":23.5,"pm2_5_cf1":24.0}},
              {"ts":{{{ts}}},"sensor":"sps30","values":{"pm2_5":21.0}}]}
            """);
        await fixture.MosquittoPubAsync(Topics.Readings("bkk-dindaeng-01"), $$$"""
            {"device":"bkk-dindaeng-01","seq":502,"samples":[{"ts":{{{ts + 1000}}},"sensor":"sps30","values":{"pm2_5":22.0}}]}
            """);
        await acks.WaitForAsync(a => a.Stored.Contains(501) && a.Rejected.Any(r => r.Seq == 502));

        // A message with a stored sample is acknowledged as stored; one with none as rejected, with the first reason.
        Assert.Equal([501L], acks.Stored);
        Assert.Equal([(502L, "undeclared_sensor")], acks.Rejected.Select(r => (r.Seq, r.Reason)));

        var stored = Assert.Single(await ingest.QueryAsync("SELECT pm2_5, pm2_5_cf1, sensor, station FROM air"));
        Assert.Single(stored.Values);
        Assert.Equal(ts, stored.GetTime(0).ToUnixTimeMilliseconds());
        Assert.Equal((23.5, 24.0), (stored.GetDouble(0, "pm2_5"), stored.GetDouble(0, "pm2_5_cf1")));
        Assert.Equal(("pms5003", "bkk-dindaeng"), (stored.GetString(0, "sensor"), stored.GetString(0, "station")));
        Assert.Empty(await ingest.QueryAsync("SHOW SERIES WHERE sensor = 'sps30'"));

        var letters = DeadLetterStore.ReadAll(ingest.DeadLetterDirectory).OrderBy(l => l.Seq).ToList();
        Assert.Equal([501L, 502L], letters.Select(l => l.Seq!.Value));
        const string Detail = "sensor 'sps30' is not declared for the device; declared: bme280, no2, pms5003";
        Assert.Equal(new DeadLetterReason("undeclared_sensor", Detail, 1), Assert.Single(letters[0].Reasons));
        Assert.Equal(new DeadLetterReason("undeclared_sensor", Detail, 0), Assert.Single(letters[1].Reasons));
        Assert.Contains("airmon_ingest_rejects_total{reason=\"undeclared_sensor\"} 2", await ingest.MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_device_without_a_declaration_gets_no_more_series_than_the_configured_cap()
    {
        await using var ingest = await fixture.StartIngestAsync($"--Ingest:RegistryPath={Registry}", "--Validation:MaxSensorsPerDevice=2");
        await using var acks = await fixture.ListenForAcksAsync("field-test-9");
        var ts = Now - 30_000;

        await fixture.MosquittoPubAsync(Topics.Readings("field-test-9"), $$$"""
            {"device":"field-test-9","seq":1,"samples":[
              {"ts":{{{ts}}},"sensor":"pm-a","values":{"pm2_5":10.0}},
              {"ts":{{{ts}}},"sensor":"pm-b","values":{"pm2_5":11.0}},
              {"ts":{{{ts}}},"sensor":"pm-c","values":{"pm2_5":12.0}}]}
            """);
        await fixture.MosquittoPubAsync(Topics.Readings("field-test-9"), $$$"""
            {"device":"field-test-9","seq":2,"samples":[{"ts":{{{ts + 1000}}},"sensor":"pm-a","values":{"pm2_5":13.0}}]}
            """);
        await acks.WaitForAsync(a => a.Stored.Contains(1) && a.Stored.Contains(2));

        var series = Assert.Single(await ingest.QueryAsync("SHOW SERIES FROM air WHERE device = 'field-test-9'"));
        Assert.Equal(2, series.Values.Count);
        var stored = Assert.Single(await ingest.QueryAsync("SELECT pm2_5, sensor FROM air WHERE device = 'field-test-9'"));
        Assert.Equal([("pm-a", 10.0), ("pm-b", 11.0), ("pm-a", 13.0)], Enumerable.Range(0, stored.Values.Count).Select(i => (stored.GetString(i, "sensor"), stored.GetDouble(i, "pm2_5")!.Value)));

        var letter = Assert.Single(DeadLetterStore.ReadAll(ingest.DeadLetterDirectory));
        Assert.Equal(new DeadLetterReason("too_many_sensors", "sensor 'pm-c' is beyond the 2 sensors a device without a declaration may write", 2), Assert.Single(letter.Reasons));
    }
}
