using AirMonitor.Core.Stations;
using AirMonitor.Hosting;
using AirMonitor.Influx;
using AirMonitor.Mqtt;
using Microsoft.Extensions.Configuration;

namespace AirMonitor.Cli;

/// <summary>
/// The broker and database the tool talks to, read from the same keys as the ingest
/// (<c>AIRMON_Mqtt__Url</c>, <c>AIRMON_Influx__Url</c>, …; docs/configuration.md).
/// </summary>
public sealed class CliSettings
{
    public required MqttOptions Mqtt { get; init; }

    public required InfluxOptions Influx { get; init; }

    /// <summary>The station registry the ingest reads (<c>AIRMON_Ingest__RegistryPath</c>), when set.</summary>
    public string? RegistryPath { get; init; }

    /// <exception cref="CliConfigurationException">A key is set to something unusable.</exception>
    public static CliSettings Load()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables("AIRMON_").Build();
        var mqtt = configuration.GetSection(MqttOptions.Section).Get<MqttOptions>() ?? new MqttOptions();
        var influx = configuration.GetSection(InfluxOptions.SectionName).Get<InfluxOptions>() ?? new InfluxOptions { Url = "http://127.0.0.1:8086", Database = "airmon" };
        influx.Url = string.IsNullOrEmpty(influx.Url) ? "http://127.0.0.1:8086" : influx.Url;
        influx.Database ??= "airmon";
        var errors = mqtt.Validate().Concat(influx.Validate()).ToList();
        if (errors.Count > 0)
        {
            throw new CliConfigurationException(errors);
        }

        return new CliSettings { Mqtt = mqtt, Influx = influx, RegistryPath = configuration["Ingest:RegistryPath"] };
    }

    /// <summary>The registry at <paramref name="path"/>, or none when no path is given.</summary>
    public static StationRegistry Registry(string? path) => string.IsNullOrEmpty(path) ? StationRegistry.Empty : ConfigurationFiles.LoadStationRegistry(path);

    /// <summary>The ingest's own keys for the same broker and database, as <c>--Key=value</c> arguments.</summary>
    public IEnumerable<string> IngestArguments(string database)
    {
        yield return $"--Mqtt:Url={Mqtt.Url}";
        yield return $"--Influx:Url={Influx.Url}";
        yield return $"--Influx:Database={database}";
    }
}

public sealed class CliConfigurationException(IReadOnlyList<string> errors) : Exception(string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
