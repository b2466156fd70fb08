using AirMonitor.Influx.Tests.Support;
using AirMonitor.Testing.Servers;
using Microsoft.Extensions.Logging.Abstractions;

namespace AirMonitor.Influx.Tests;

/// <summary>The fixture's server is killed and started again (same port, same data directory): no other test shares it.</summary>
public sealed class InfluxOutageTests(InfluxServerFixture influx) : IClassFixture<InfluxServerFixture>
{
    private InfluxServer Server => influx.Server;

    [Fact]
    public async Task Groups_appended_while_the_server_is_down_are_all_stored_once_it_is_back()
    {
        await Server.CreateDatabaseAsync("air");
        Server.Kill();
        using var handler = new FaultInjectingHandler(_ => null);
        using var http = new HttpClient(handler);
        var options = new InfluxOptions
        {
            Url = Server.Url.ToString(), Database = "air", BatchSize = 10, FlushInterval = TimeSpan.FromMilliseconds(20),
            RetryInitialDelay = TimeSpan.FromMilliseconds(20), RetryMaxDelay = TimeSpan.FromMilliseconds(200), Timeout = TimeSpan.FromSeconds(2),
        };
        await using var writer = new InfluxBatchWriter(new InfluxWriteClient(http, options), options, TimeProvider.System, NullLogger<InfluxBatchWriter>.Instance);

        var stored = new List<InfluxGroup>();
        for (var device = 0; device < 5; device++)
        {
            await writer.WaitForSpaceAsync(CancellationToken.None);
            stored.Add(writer.Append(
                Enumerable.Range(0, 4).Select(i => new InfluxPoint("air", [new("device", $"d{device}")], [new("pm25", (device * 10) + i + 0.25)], 1_700_000_000_000 + (i * 1000))).ToList()));
        }

        await handler.WaitForRequestsAsync(3); // three refused attempts: the writer keeps retrying
        Assert.All(stored, g => Assert.False(g.IsWritten));
        Assert.All(stored, g => Assert.Equal(InfluxGroupOutcome.Pending, g.Outcome));
        Assert.Equal(20, writer.BufferedPoints);

        await Server.StartAsync();
        await Task.WhenAll(stored.Select(g => g.StoredAsync())).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, writer.BufferedPoints);
        using var queryHttp = new HttpClient();
        var series = await new InfluxQueryClient(queryHttp, options).QueryAsync("SELECT pm25 FROM air GROUP BY device");
        Assert.Equal(["d0", "d1", "d2", "d3", "d4"], series.Select(s => s.Tags["device"]));
        for (var device = 0; device < 5; device++)
        {
            Assert.Equal(Enumerable.Range(0, 4).Select(i => (double?)((device * 10) + i + 0.25)), series[device].GetDoubles("pm25"));
        }
    }
}
