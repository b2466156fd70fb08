using AirMonitor.Core.Configuration;
using AirMonitor.Core.Stations;
using static AirMonitor.Edge.Tests.Profiles.TestProfiles;

namespace AirMonitor.Edge.Tests.Profiles;

/// <summary>
/// The station registry and a device profile are read by one kit: the same mistake reads the same in both. Fails if
/// either schema comes to read its mappings around the kit (<c>ConfigurationReader.Entries</c>).
/// </summary>
public sealed class ConfigurationErrorAgreementTests
{
    // In both texts line 3 sets a key of the first item again, at column 5, first set on line 2.
    private const string Registry = """
        stations:
          - id: yok-naka
            id: yok-nishi
            name: Naka Ward
            kind: ambient
            city: yokohama
            district: Naka-ku
            latitude: 35.4447
            longitude: 139.6424
            devices: [yok-naka-01]
        """;

    private const string Profile = """
        sensors:
          - model: sps30
            model: pms5003
            bus: i2c
            interval: 10s
        device:
          id: yok-naka-01
        mqtt:
          url: mqtt://127.0.0.1:1883
        """;

    [Fact]
    public void Repeated_key_is_one_listed_error_with_both_places_in_the_registry_and_in_a_profile()
    {
        var registry = Assert.Throws<StationRegistryException>(() => StationRegistry.Parse(Registry, "stations.yaml"));
        var profile = Fails(Profile, "yok-naka-01.yaml");

        Assert.Equal("stations.yaml: stations[0].id: duplicate key, first set at line 2, column 5 (line 3, column 5)", registry.Message);
        Assert.Equal("yok-naka-01.yaml: sensors[0].model: duplicate key, first set at line 2, column 5 (line 3, column 5)", profile.Message);
        Assert.Equal(
            registry.Errors.Select(e => e.Replace("stations[0].id", "…", StringComparison.Ordinal)),
            profile.Errors.Select(e => e.Replace("sensors[0].model", "…", StringComparison.Ordinal)));
    }

    [Fact]
    public void Both_readers_share_the_error_base_and_its_one_line_message()
    {
        var registry = Assert.Throws<StationRegistryException>(() => StationRegistry.Parse(Registry.Replace("kind: ambient", "kind: park", StringComparison.Ordinal), "stations.yaml"));
        var profile = Fails(Profile.Replace("interval: 10s", "interval: soon", StringComparison.Ordinal), "yok-naka-01.yaml");

        Assert.IsAssignableFrom<ConfigurationFileException>(registry);
        Assert.IsAssignableFrom<ConfigurationFileException>(profile);
        Assert.Equal(
            "stations.yaml: 2 errors: stations[0].id: duplicate key, first set at line 2, column 5 (line 3, column 5); "
            + "stations[0].kind: unknown kind 'park'; expected ambient, roadside, plant (line 5, column 11)",
            registry.Message);
        Assert.Equal(
            "yok-naka-01.yaml: 2 errors: sensors[0].model: duplicate key, first set at line 2, column 5 (line 3, column 5); "
            + "sensors[0].interval: 'soon' is not a duration: write a whole number and a unit, ms, s, m or h (e.g. 250ms, 10s, 5m) (line 5, column 15)",
            profile.Message);
    }
}
