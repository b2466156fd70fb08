using AirMonitor.Core.Stations;

namespace AirMonitor.Hosting.Tests;

/// <summary>A configuration file that cannot be read is the same one-line error as one that is not valid, named by its path.</summary>
public sealed class ConfigurationFilesTests
{
    [Fact]
    public void Missing_file_fails_with_the_path_in_one_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"airmon-{Guid.NewGuid():N}", "stations.yaml");

        var error = Assert.Throws<StationRegistryException>(() => ConfigurationFiles.LoadStationRegistry(path));

        Assert.StartsWith($"{path}: cannot read the station registry: ", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<IOException>(error.InnerException);
    }

    [Fact]
    public void File_path_names_the_file_in_validation_errors()
    {
        var path = Path.Combine(Path.GetTempPath(), $"airmon-stations-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, """
            stations:
              - id: bkk-bangna
                name: Bang Na
                kind: park
                city: bangkok
                district: Bang Na
                latitude: 13.6680
                longitude: 100.6045
                devices: [bkk-bangna-01]
            """);
        try
        {
            var error = Assert.Throws<StationRegistryException>(() => ConfigurationFiles.LoadStationRegistry(path));

            Assert.Equal($"{path}: stations[0].kind: unknown kind 'park'; expected ambient, roadside, plant (line 4, column 11)", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_readable_file_is_parsed_with_its_path_as_the_source_name()
    {
        var path = Path.Combine(Path.GetTempPath(), $"airmon-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "text");
        try
        {
            var (text, source) = ConfigurationFiles.Load(path, "a file", (t, s) => (t, s), (line, e) => throw new InvalidOperationException(line, e));

            Assert.Equal(("text", path), (text, source));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
