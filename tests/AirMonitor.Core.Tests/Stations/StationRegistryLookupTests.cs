using AirMonitor.Core.Stations;

namespace AirMonitor.Core.Tests.Stations;

public sealed class StationRegistryLookupTests
{
    private static readonly StationRegistry Registry = StationRegistry.Parse(
        """
        stations:
          - id: yok-tsurumi-plant
            name: Tsurumi Incineration Plant
            kind: plant
            city: yokohama
            district: Tsurumi-ku
            latitude: 35.4878
            longitude: 139.6856
            devices: [yok-tsurumi-plant-01, yok-tsurumi-plant-02]
          - id: yok-shioiri
            name: Shioiri (roadside)
            kind: roadside
            city: yokohama
            district: Tsurumi-ku
            latitude: 35.4990
            longitude: 139.6700
            devices: [yok-shioiri-01]
        """,
        "lookup.yaml");

    [Fact]
    public void Each_device_of_a_station_finds_that_station()
    {
        Assert.True(Registry.TryFindByDevice("yok-tsurumi-plant-02", out var plant));
        Assert.Equal("yok-tsurumi-plant", plant.Id);
        Assert.True(Registry.TryFindByDevice("yok-shioiri-01", out var roadside));
        Assert.Equal("yok-shioiri", roadside.Id);
    }

    [Theory]
    [InlineData("yok-unknown-01")]
    [InlineData("YOK-SHIOIRI-01")]
    [InlineData("yok-shioiri")]
    [InlineData("")]
    public void Unregistered_device_is_not_found(string deviceId)
    {
        Assert.False(Registry.TryFindByDevice(deviceId, out var station));
        Assert.Null(station);
    }

    [Fact]
    public void Station_is_found_by_its_id_and_an_unknown_id_gives_null()
    {
        Assert.Equal(["yok-shioiri-01"], Registry.FindStation("yok-shioiri")?.Devices);
        Assert.Null(Registry.FindStation("yok-shioiri-01"));
    }

    [Fact]
    public void Stations_keep_the_file_order() =>
        Assert.Equal(["yok-tsurumi-plant", "yok-shioiri"], Registry.Stations.Select(s => s.Id));

    [Fact]
    public void Empty_registry_knows_no_device_and_no_station()
    {
        Assert.Empty(StationRegistry.Empty.Stations);
        Assert.False(StationRegistry.Empty.TryFindByDevice("yok-shioiri-01", out _));
        Assert.Null(StationRegistry.Empty.FindStation("yok-shioiri"));
    }

    [Theory]
    [InlineData(StationKind.Ambient, "ambient")]
    [InlineData(StationKind.Roadside, "roadside")]
    [InlineData(StationKind.Plant, "plant")]
    public void Kind_has_its_tag_value(StationKind kind, string tagValue)
    {
        Assert.Equal(tagValue, kind.TagValue());
    }
}
