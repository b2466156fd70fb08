using AirMonitor.Core.Stations;
using AirMonitor.Influx;
using AirMonitor.Testing;
using AirMonitor.Testing.Pipeline;

namespace AirMonitor.Ingest.Tests;

/// <summary>The ingest writes the registry's stations to InfluxDB (measurement <c>station</c>) when it starts, one point per station.</summary>
[Collection(PipelineServers.Name)]
public sealed class StationDirectoryTests(PipelineFixture fixture)
{
    private static readonly string RegistryPath = Path.Combine(RepositoryFiles.Root, "firmware-config", "stations.yaml");

    [Fact]
    public async Task Each_registry_station_is_one_point_with_its_tags_coordinates_and_name_and_a_restart_replaces_them()
    {
        var registry = StationRegistry.Parse(File.ReadAllText(RegistryPath), RegistryPath);
        var database = $"st{Guid.NewGuid():N}"[..12];
        await fixture.Influx.CreateDatabaseAsync(database);
        // A station the registry no longer has, written by an older start.
        using (var http = new HttpClient())
        using (var stale = new StringContent("station,station=gone-station,kind=ambient latitude=1,longitude=2,name=\"Gone\" 1700000000000"))
        {
            (await http.PostAsync(new Uri(fixture.Influx.Url, $"/write?db={database}&precision=ms"), stale)).EnsureSuccessStatusCode();
        }

        DateTimeOffset firstWrite;
        await using (var ingest = await fixture.StartIngestOnAsync(database, $"--Ingest:RegistryPath={RegistryPath}"))
        {
            var stations = await StationsAsync(ingest, registry.Stations.Count);
            Assert.Equal(registry.Stations.Select(s => s.Id).Order(StringComparer.Ordinal), stations.Select(s => s.Tags["station"]).Order(StringComparer.Ordinal));

            var dindaeng = Assert.Single(stations, s => s.Tags["station"] == "bkk-dindaeng");
            Assert.Equal(
                new Dictionary<string, string> { ["station"] = "bkk-dindaeng", ["kind"] = "roadside", ["city"] = "bangkok", ["district"] = "Din Daeng", ["road"] = "Din Daeng Road" },
                dindaeng.Tags.Where(t => t.Value.Length > 0).ToDictionary()); // GROUP BY * gives every station's series each tag key, empty where it has none
            Assert.Equal(13.7649, dindaeng.GetDouble(0, "latitude"));
            Assert.Equal(100.5503, dindaeng.GetDouble(0, "longitude"));
            Assert.Equal("Din Daeng (roadside)", dindaeng.GetString(0, "name"));
            Assert.Equal("bkk-dindaeng-01", dindaeng.GetString(0, "devices"));

            var tsurumi = Assert.Single(stations, s => s.Tags["station"] == "yok-tsurumi-plant");
            Assert.Equal(("plant", "yokohama", "Tsurumi-ku", "waste-incineration"), (tsurumi.Tags["kind"], tsurumi.Tags["city"], tsurumi.Tags["district"], tsurumi.Tags["source"]));
            Assert.Equal((35.4878, 139.6856), (tsurumi.GetDouble(0, "latitude"), tsurumi.GetDouble(0, "longitude")));
            firstWrite = dindaeng.GetTime(0);
            Assert.True(DateTimeOffset.UtcNow - firstWrite < TimeSpan.FromMinutes(1), $"written at {firstWrite:O}, not at the start");
        }

        // A restart writes the stations again at its own start, in place of the first start's points.
        await using (var again = await fixture.StartIngestOnAsync(database, $"--Ingest:RegistryPath={RegistryPath}"))
        {
            await Poll.UntilAsync(
                async () => (await again.QueryAsync("SELECT last(\"latitude\") FROM \"station\" WHERE \"station\" = 'bkk-dindaeng'")) is [var s] && s.GetTime(0) > firstWrite,
                TimeSpan.FromSeconds(30), "the second start's station points");
            var counts = await again.QueryAsync("SELECT count(\"latitude\") FROM \"station\" GROUP BY \"station\"");
            Assert.Equal(registry.Stations.Count, counts.Count);
            Assert.All(counts, c => Assert.Equal(1L, c.GetInt64(0, "count")));
        }
    }

    /// <summary>Each station's point (<c>SELECT *</c> per station), once there are <paramref name="count"/> and no other.</summary>
    private static async Task<IReadOnlyList<InfluxSeries>> StationsAsync(RunningIngest ingest, int count)
    {
        IReadOnlyList<InfluxSeries> stations = [];
        await Poll.UntilAsync(
            async () => (stations = await ingest.QueryAsync("SELECT \"latitude\", \"longitude\", \"name\", \"devices\" FROM \"station\" GROUP BY *")).Count == count
                && stations.All(s => s.Tags["station"] != "gone-station"),
            TimeSpan.FromSeconds(30), $"{count} station points and no stale one");
        return stations;
    }
}
