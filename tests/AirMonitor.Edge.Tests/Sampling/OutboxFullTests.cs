using AirMonitor.Edge.Outbox;
using AirMonitor.Edge.Sampling;
using AirMonitor.Edge.Tests.Outbox;
using AirMonitor.Edge.Uplink;
using AirMonitor.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AirMonitor.Edge.Tests.Sampling;

/// <summary>
/// The edge host sampling while its outbox meets a full disk (SQLite's page limit: SQLITE_FULL, as a full SD card gives):
/// sampling goes on, the messages wait in order and the retained status says so, and they go in by themselves once
/// there is room, every seq once.
/// </summary>
public sealed class OutboxFullTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Readings_taken_while_the_disk_is_full_wait_and_are_stored_in_order_when_room_returns()
    {
        var outboxPath = _directory.Combine("outbox.db");
        var profile = _directory.Combine("profile.yaml");
        await File.WriteAllTextAsync(profile, $$"""
            device: {id: full-disk-01, simulated: true}
            mqtt: {url: "mqtt://127.0.0.1:1"}
            outbox: {path: "{{outboxPath}}"}
            sensors:
              - {name: env, model: bme280, bus: i2c, address: 0x76, interval: 1s}
              - {name: env2, model: bme280, bus: i2c, address: 0x77, interval: 1s}
            """);
        using var edge = EdgeHost.Build([$"--Edge:ProfilePath={profile}", "--Edge:ClockSyncFile=", "--Edge:SamplesPerMessage=1",
            "--Edge:FlushInterval=00:00:00.200", "--Logging:LogLevel:Default=Critical"]);
        var outbox = edge.Services.GetRequiredService<OutboxStore>();
        var metrics = edge.Services.GetRequiredService<EdgeMetrics>();
        var sampling = edge.Services.GetRequiredService<SamplingService>();
        var status = edge.Services.GetRequiredService<StatusReporter>();
        await edge.StartAsync();
        try
        {
            await Poll.UntilAsync(() => metrics.MessagesStored >= 2, Wait, "the first messages to be stored");

            Assert.Equal((null, null, null), Failing(status));
            var fullAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            outbox.LimitPages(1);
            await Poll.UntilAsync(() => metrics.OutboxWriteFailures >= 3 && sampling.Unstored >= 4, Wait, "readings to wait on the full outbox");
            var storedWhileFull = metrics.MessagesStored;
            await Poll.UntilAsync(() => sampling.Unstored >= 6, Wait, "sampling to go on while the outbox is full");
            Assert.Equal(storedWhileFull, metrics.MessagesStored);
            var (failingSince, unstored, error) = Failing(status);
            Assert.InRange(failingSince!.Value, fullAt, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            Assert.InRange(unstored!.Value, 6, 1000);
            Assert.Contains("database or disk is full", error, StringComparison.Ordinal);

            outbox.LimitPages(1_000_000);
            await Poll.UntilAsync(() => sampling.Unstored == 0 && metrics.MessagesStored >= storedWhileFull + 6, Wait, "the waiting readings to be stored");
            Assert.Equal((null, null, null), Failing(status));
        }
        finally
        {
            await edge.StopAsync();
        }

        Assert.Equal(0, metrics.UnstoredDropped);
        Assert.Equal(metrics.SamplesStored, metrics.MessagesStored);
        var seqs = Seqs(outboxPath);
        Assert.Equal(metrics.MessagesStored, seqs.Count);
        Assert.Equal(Enumerable.Range((int)seqs[0], seqs.Count).Select(s => (long)s), seqs);
    }

    /// <summary>What the retained status says of the outbox refusing writes.</summary>
    private static (long? Since, int? Unstored, string? Error) Failing(StatusReporter status) =>
        status.Online().Outbox is { } o ? (o.FailingSince, o.Unstored, o.Error) : throw new InvalidOperationException("no outbox in the status");

    private static List<long> Seqs(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq FROM outbox ORDER BY seq";
        using var reader = command.ExecuteReader();
        var seqs = new List<long>();
        while (reader.Read())
        {
            seqs.Add(reader.GetInt64(0));
        }

        return seqs;
    }
}
