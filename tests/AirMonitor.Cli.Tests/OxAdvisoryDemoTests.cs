using AirMonitor.AirQuality.Indices;
using AirMonitor.Cli.Simulation;
using AirMonitor.Core.Stations;
using AirMonitor.Hosting;
using AirMonitor.Influx;
using AirMonitor.Mqtt;
using AirMonitor.Testing;
using AirMonitor.Testing.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace AirMonitor.Cli.Tests;

/// <summary>The demo's Ox episode through Mosquitto, the ingest and InfluxDB: the region's advisory issued and lifted, as the 発令状況 says.</summary>
[Collection(PipelineServers.Name)]
public sealed class OxAdvisoryDemoTests(PipelineFixture fixture)
{
    private static readonly string RegistryPath = Path.Combine(RepositoryFiles.Root, "firmware-config", "stations.yaml");

    [Fact]
    public async Task The_Yokohama_region_s_backlog_with_the_episode_issues_the_advisory_at_Tsurumi_and_lifts_it_as_the_day_summary_does()
    {
        var registry = ConfigurationFiles.LoadStationRegistry(RegistryPath);
        var region = registry.Stations.Where(s => s.OxRegion == "yokohama").ToList();
        var devices = FleetDevice.Pick(registry, registry.Stations.Sum(s => s.Devices.Count)).Where(d => region.Any(s => s.Devices.Contains(d.Id))).ToList();
        var now = DateTimeOffset.UtcNow;
        var hour = OxEpisode.HourOf(now);
        var from = hour.AddHours(-OxEpisode.BacklogHours);
        var episode = OxEpisode.Plan(now, new Dictionary<string, double> { ["yok-tsurumi-01"] = 150, ["yok-kohoku-01"] = 130 });
        await using var ingest = await fixture.StartIngestAsync($"--Ingest:RegistryPath={RegistryPath}", "--Derivation:Interval=00:00:01");
        await using var fleet = new Fleet(devices, new MqttOptions { Url = fixture.Broker.Url.ToString() }, new FleetOptions
        {
            Readings = d => new AmbientBacklog(d.Id, new ReadingGenerator(d.Id, d.Kind, d.City, declared: d.Sensors), from, TimeSpan.FromMinutes(1), episode),
        }, NullLoggerFactory.Instance);
        using var sending = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        var result = await fleet.RunAsync(sending.Token, TimeSpan.FromSeconds(30));

        Assert.Equal((18, 0L, 0L), (result.Devices, result.Rejected, result.Unacknowledged));
        using var http = new HttpClient();
        var summary = new OxDaySummary(
            new InfluxQueryClient(http, new InfluxOptions { Url = fixture.Influx.Url.ToString(), Database = ingest.Database }),
            "yokohama", [.. region.Select(s => s.Id)], from, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        var day = await summary.QueryAsync(CancellationToken.None);
        for (var deadline = DateTime.UtcNow.AddSeconds(60); !day.Complete && DateTime.UtcNow < deadline; day = await summary.QueryAsync(CancellationToken.None))
        {
            await Task.Delay(1000);
        }

        // Issued at the end of h−5, Tsurumi's first held hour (~150 ppb); lifted at the end of h−3, the falling hour.
        var advisory = Assert.Single(day.Advisories);
        Assert.Equal((hour.AddHours(-4), "yok-tsurumi", hour.AddHours(-2)), (advisory.IssuedAt, advisory.Station, advisory.LiftedAt));
        Assert.InRange(advisory.Value!.Value, 148, 152);
        var row = Assert.Single(day.Episodes);
        Assert.Equal(("yokohama", "yok-tsurumi", OxAlertLevel.Advisory, "yok-tsurumi"), (row.Region, row.IssuedOn.StationId, row.MaxLevel, row.Max.StationId));
        Assert.Empty(summary.Disagreements(day));
    }
}
