using System.Globalization;
using AirMonitor.Core.Stations;
using CsCheck;

namespace AirMonitor.Core.Tests.Stations;

public sealed class StationRegistryPropertyTests
{
    private const string IdChars = "ABCXYZabcxyz0189_-";

    private static readonly Gen<(string IdStem, string Name, StationKind Kind, double Latitude, double Longitude, int DeviceCount)> GenStation =
        Gen.Select(
            Gen.String[Gen.Char[IdChars], 1, 50],
            Gen.String[Gen.Char["ab XY:#'\"é"], 0, 30].Select(s => "N" + s),
            Gen.Enum<StationKind>(),
            Gen.Double[-90, 90],
            Gen.Double[-180, 180],
            Gen.Int[1, 3]);

    [Fact]
    public void Any_registry_of_valid_stations_is_read_back_exactly()
    {
        GenStation.List[0, 8].Sample(generated =>
        {
            var expected = generated.Select((s, i) =>
            {
                var id = $"{s.IdStem}-{i}";
                var devices = Enumerable.Range(1, s.DeviceCount).Select(n => $"{id}-{n:00}").ToArray();
                return new Station(id, s.Name, s.Kind, "city", "district", s.Latitude, s.Longitude, devices);
            }).ToList();

            var registry = StationRegistry.Parse(ToYaml(expected), "generated.yaml");

            Assert.Equal(expected.Count, registry.Stations.Count);
            foreach (var (want, got) in expected.Zip(registry.Stations))
            {
                Assert.Equal(want with { Devices = got.Devices }, got);
                Assert.Equal(want.Devices, got.Devices);
                foreach (var device in want.Devices)
                {
                    Assert.True(registry.TryFindByDevice(device, out var found));
                    Assert.Same(got, found);
                }
            }
        });
    }

    [Fact]
    public void Any_latitude_beyond_90_degrees_is_refused()
    {
        Gen.Double[90, 1e6].Where(d => d > 90).Select(Gen.Bool).Sample((magnitude, south) =>
        {
            var latitude = (south ? -magnitude : magnitude).ToString("R", CultureInfo.InvariantCulture);
            var yaml = $"stations:\n  - {{id: s, name: n, kind: ambient, city: c, district: d, latitude: {latitude}, longitude: 0, devices: [s-01]}}\n";

            var error = Assert.Throws<StationRegistryException>(() => StationRegistry.Parse(yaml, "generated.yaml"));

            var column = yaml.Split('\n')[1].IndexOf(latitude, StringComparison.Ordinal) + 1;
            Assert.Equal($"generated.yaml: stations[0].latitude: {latitude} is outside -90..90 (line 2, column {column})", error.Message);
        });
    }

    private static string ToYaml(IEnumerable<Station> stations)
    {
        var lines = new List<string> { stations.Any() ? "stations:" : "stations: []" };
        foreach (var s in stations)
        {
            lines.Add($"  - id: {Quote(s.Id)}");
            lines.Add($"    name: {Quote(s.Name)}");
            lines.Add($"    kind: {s.Kind.TagValue()}");
            lines.Add($"    city: {s.City}");
            lines.Add($"    district: {s.District}");
            lines.Add($"    latitude: {s.Latitude.ToString("R", CultureInfo.InvariantCulture)}");
            lines.Add($"    longitude: {s.Longitude.ToString("R", CultureInfo.InvariantCulture)}");
            lines.Add($"    devices: [{string.Join(", ", s.Devices.Select(Quote))}]");
        }

        return string.Join('\n', lines) + "\n";
    }

    private static string Quote(string text) => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'";
}
