using AirMonitor.Core.Contract;
using AirMonitor.Core.Stations;
using AirMonitor.Testing;

namespace AirMonitor.Core.Tests.Stations;

/// <summary>Facts about the example registry shipped in firmware-config/stations.yaml.</summary>
public sealed class ExampleStationRegistryTests
{
    private static readonly StationRegistry Registry = StationRegistry.Parse(File.ReadAllText(RepositoryFiles.PathOf("firmware-config/stations.yaml")), "firmware-config/stations.yaml");

    private static readonly string[] YokohamaWards =
    [
        "Tsurumi-ku", "Kanagawa-ku", "Nishi-ku", "Naka-ku", "Minami-ku", "Konan-ku", "Hodogaya-ku", "Asahi-ku", "Isogo-ku",
        "Kanazawa-ku", "Kohoku-ku", "Midori-ku", "Aoba-ku", "Tsuzuki-ku", "Totsuka-ku", "Sakae-ku", "Izumi-ku", "Seya-ku",
    ];

    [Fact]
    public void Example_registry_has_at_least_forty_stations_in_bangkok_and_yokohama()
    {
        Assert.True(Registry.Stations.Count >= 40, $"only {Registry.Stations.Count} stations");
        Assert.Equal(["bangkok", "yokohama"], Registry.Stations.Select(s => s.City).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(18, Registry.Stations.Count(s => s.City == "bangkok"));
        Assert.Equal(27, Registry.Stations.Count(s => s.City == "yokohama"));
    }

    [Theory]
    [InlineData("bangkok", StationKind.Ambient, 12)]
    [InlineData("bangkok", StationKind.Roadside, 4)]
    [InlineData("bangkok", StationKind.Plant, 2)]
    [InlineData("yokohama", StationKind.Ambient, 18)]
    [InlineData("yokohama", StationKind.Roadside, 4)]
    [InlineData("yokohama", StationKind.Plant, 5)]
    public void Example_registry_has_every_kind_in_both_cities(string city, StationKind kind, int expected) =>
        Assert.Equal(expected, Registry.Stations.Count(s => s.City == city && s.Kind == kind));

    [Fact]
    public void Every_yokohama_ward_has_an_ambient_station() =>
        Assert.Equal(
            YokohamaWards.Order(StringComparer.Ordinal),
            Registry.Stations.Where(s => s.City == "yokohama" && s.Kind == StationKind.Ambient).Select(s => s.District).Order(StringComparer.Ordinal));

    [Fact]
    public void Every_listed_device_resolves_to_the_station_that_lists_it()
    {
        var devices = 0;
        foreach (var station in Registry.Stations)
        {
            foreach (var device in station.Devices)
            {
                Assert.True(Registry.TryFindByDevice(device, out var found), device);
                Assert.Same(station, found);
                devices++;
            }

            Assert.Same(station, Registry.FindStation(station.Id));
        }

        Assert.Equal(Registry.Stations.Count, devices);
    }

    [Fact]
    public void Example_ids_follow_the_city_prefix_and_device_numbering_convention()
    {
        foreach (var station in Registry.Stations)
        {
            var prefix = station.City == "bangkok" ? "bkk-" : "yok-";
            Assert.StartsWith(prefix, station.Id, StringComparison.Ordinal);
            Assert.Equal([$"{station.Id}-01"], station.Devices);
            Assert.True(DeviceId.IsValid(station.Devices[0]));
        }
    }

    [Fact]
    public void Example_coordinates_lie_within_their_city()
    {
        foreach (var station in Registry.Stations)
        {
            var (south, north, west, east) = station.City == "bangkok" ? (13.49, 13.96, 100.32, 100.94) : (35.31, 35.60, 139.47, 139.72);
            Assert.InRange(station.Latitude, south, north);
            Assert.InRange(station.Longitude, west, east);
        }
    }

    [Fact]
    public void Din_daeng_roadside_station_carries_its_exact_tags()
    {
        Assert.True(Registry.TryFindByDevice("bkk-dindaeng-01", out var station));

        Assert.Equal("bkk-dindaeng", station.Id);
        Assert.Equal("Din Daeng (roadside)", station.Name);
        Assert.Equal(StationKind.Roadside, station.Kind);
        Assert.Equal(13.7649, station.Latitude);
        Assert.Equal(100.5503, station.Longitude);
        Assert.Equal(
            [new("station", "bkk-dindaeng"), new("kind", "roadside"), new("city", "bangkok"), new("district", "Din Daeng"), new("road", "Din Daeng Road")],
            station.PointTags());
    }

    [Fact]
    public void Tsurumi_incineration_plant_carries_its_source_tag()
    {
        var station = Registry.FindStation("yok-tsurumi-plant");

        Assert.NotNull(station);
        Assert.Equal(StationKind.Plant, station.Kind);
        Assert.Equal("Tsurumi-ku", station.District);
        Assert.Equal(["yok-tsurumi-plant-01"], station.Devices);
        Assert.Equal("waste-incineration", station.Tags["source"]);
    }
}
