using AirMonitor.Core.Contract;
using AirMonitor.Testing.Pipeline;
using AirMonitor.Testing.Servers;
using Microsoft.Data.Sqlite;

namespace AirMonitor.EndToEnd.Tests;

/// <summary>The edge as a separate process, killed with -9 while it samples, sends and waits for acks, then started again.</summary>
[Collection(EndToEndServers.Name)]
public sealed class EdgeKillTests(PipelineFixture fixture) : IDisposable
{
    private const string Device = "e2e-kill-01";
    private readonly EdgeTestFolder _folder = new();

    private string OutboxPath => _folder.OutboxPath;

    [Fact]
    public async Task An_edge_killed_twice_mid_run_loses_nothing_its_outbox_held_and_every_stored_reading_reaches_influx_once()
    {
        var ingest = await fixture.StartIngestAsync();
        var database = ingest.Database;
        await using var recorder = await ReadingsRecorder.StartAsync(fixture.Broker.Url, Device);
        await using var acks = await fixture.ListenForAcksAsync(Device);
        await using var edge = new EdgeProcess(WriteProfile(), "--Edge:FlushInterval=00:00:01", "--Edge:SamplesPerMessage=4");
        var heldAtKill = new List<long>();
        try
        {
            for (var round = 0; round < 2; round++)
            {
                await edge.StartAsync();
                await Task.Delay(TimeSpan.FromSeconds(3));

                // The ingest goes away, so the edge keeps sending into a queue and its outbox fills with sent, unacknowledged messages.
                await ingest.DisposeAsync();
                await Task.Delay(TimeSpan.FromSeconds(3 + (Random.Shared.NextDouble() * 3)));
                edge.Kill();

                var (integrity, held) = ReadOutbox();
                Assert.Equal("ok", integrity);
                Assert.True(held.Count >= 2, $"round {round}: only {held.Count} message(s) in the outbox at the kill");
                heldAtKill.AddRange(held);
                ingest = await fixture.StartIngestOnAsync(database);
            }

            await edge.StartAsync();
            await acks.WaitForAsync(a => heldAtKill.All(a.Stored.Contains), TimeSpan.FromSeconds(60));
            await Task.Delay(TimeSpan.FromSeconds(3));
            await edge.StopAsync();

            // A message the edge sent just before it stopped may still be on its way through the ingest: wait until every
            // message seen on the broker is acknowledged, so the acks below and InfluxDB's points describe the same messages.
            await acks.WaitForAsync(a => recorder.Published.Keys.All(a.Stored.Contains), TimeSpan.FromSeconds(30));
            var (finalIntegrity, unsent) = ReadOutbox();
            Assert.Equal("ok", finalIntegrity);

            // Every seq from the first to the last is accounted for: acknowledged as stored, or still in the outbox.
            var stored = acks.Stored.ToHashSet();
            var first = stored.Min();
            var last = Math.Max(stored.Max(), unsent.DefaultIfEmpty(0).Max());
            var missing = Enumerable.Range((int)first, (int)(last - first + 1)).Select(s => (long)s).Except(stored).Except(unsent).ToList();
            Assert.True(missing.Count == 0, $"seqs neither acknowledged nor in the outbox: {string.Join(", ", missing)}");
            Assert.Empty(acks.Rejected);

            // A resent message is the same message: the outbox keeps its payload, the seq does not get new readings.
            Assert.All(recorder.Published, p => Assert.Single(p.Value.Select(Convert.ToBase64String).Distinct()));

            // In InfluxDB: exactly the PM readings of the acknowledged messages, each once, with the values the edge sent.
            var expected = stored.SelectMany(seq => recorder.Message(seq).Samples)
                .Where(s => s.Sensor == "pm")
                .Select(s => (s.Ts, s.Values["pm2_5"]))
                .Order()
                .ToList();
            var series = Assert.Single(await ingest.QueryAsync($"SELECT pm2_5 FROM air WHERE device = '{Device}' AND sensor = 'pm'"));
            var actual = Enumerable.Range(0, series.Values.Count)
                .Select(i => (series.GetTime(i).ToUnixTimeMilliseconds(), series.GetDouble(i, "pm2_5")!.Value))
                .Order()
                .ToList();
            Assert.True(expected.Count > 10, $"only {expected.Count} PM readings were stored");
            Assert.Equal(expected, actual);
        }
        finally
        {
            await ingest.DisposeAsync();
        }
    }

    private string WriteProfile() => _folder.WriteProfile(Device, fixture.Broker.Url, "3s",
        "{name: pm, model: pms5003, bus: uart, port: /dev/ttyUSB0, interval: 1s}",
        "{model: sps30, bus: i2c, interval: 1s}",
        "{model: bme280, bus: i2c, address: 0x76, interval: 1s}");

    /// <summary>What another process sees in the outbox file: SQLite's integrity check and the seqs waiting.</summary>
    private (string Integrity, IReadOnlyList<long> Seqs) ReadOutbox()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = OutboxPath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        var integrity = (string)check.ExecuteScalar()!;
        using var seqs = connection.CreateCommand();
        seqs.CommandText = "SELECT seq FROM outbox ORDER BY seq";
        using var reader = seqs.ExecuteReader();
        var list = new List<long>();
        while (reader.Read())
        {
            list.Add(reader.GetInt64(0));
        }

        return (integrity, list);
    }

    public void Dispose() => _folder.Dispose();
}
