using AirMonitor.Testing;

namespace AirMonitor.Cli.Tests;

[CollectionDefinition(nameof(CliSettingsTests), DisableParallelization = true)]
public sealed class CliSettingsRunAlone;

// Alone: these tests set AIRMON_ variables in this process's environment, which the airmon processes of other tests inherit.
[Collection(nameof(CliSettingsTests))]
public sealed class CliSettingsTests
{
    // Every setting the tests read or that would change their lines, cleared first: the runner's own environment must not leak in.
    private static readonly string[] Keys =
    [
        "AIRMON_Mqtt__Url", "AIRMON_Mqtt__Username", "AIRMON_Mqtt__Password", "AIRMON_Mqtt__CaFile", "AIRMON_Mqtt__CertFile", "AIRMON_Mqtt__KeyFile",
        "AIRMON_Influx__Url", "AIRMON_Influx__Database", "AIRMON_Influx__Username", "AIRMON_Influx__Password",
    ];

    [Fact]
    public void Without_settings_the_tool_talks_to_a_local_broker_and_the_airmon_database()
    {
        using var environment = Environment();

        var settings = CliSettings.Load();

        Assert.Equal(("mqtt://127.0.0.1:1883", "http://127.0.0.1:8086", "airmon"), (settings.Mqtt.Url, settings.Influx.Url, settings.Influx.Database));
    }

    [Fact]
    public void The_ingests_keys_in_the_environment_are_used()
    {
        using var environment = Environment(("AIRMON_Mqtt__Url", "mqtts://broker.example:8883"), ("AIRMON_Influx__Url", "http://influx.example:8087"), ("AIRMON_Influx__Database", "city"));

        var settings = CliSettings.Load();

        Assert.Equal(("mqtts://broker.example:8883", "http://influx.example:8087", "city"), (settings.Mqtt.Url, settings.Influx.Url, settings.Influx.Database));
        Assert.Equal(
            ["--Mqtt:Url=mqtts://broker.example:8883", "--Influx:Url=http://influx.example:8087", "--Influx:Database=bench_1"],
            settings.IngestArguments("bench_1"));
    }

    [Fact]
    public void Every_unusable_setting_is_named_not_only_the_first()
    {
        using var environment = Environment(("AIRMON_Mqtt__Url", "broker:1883"), ("AIRMON_Mqtt__Username", "edge"), ("AIRMON_Influx__Url", "ftp://influx.example"));

        var error = Assert.Throws<CliConfigurationException>(CliSettings.Load);

        Assert.Equal(
            [
                "Mqtt:Url 'broker:1883' is not mqtt://host:port or mqtts://host:port",
                "Mqtt:Username and Mqtt:Password are set together or not at all",
                "Influx:Url 'ftp://influx.example' is not an absolute http(s) URL",
            ],
            error.Errors);
        Assert.Equal(string.Join("; ", error.Errors), error.Message);
    }

    /// <summary>The keys this class reads, all cleared, then <paramref name="values"/> set.</summary>
    private static EnvironmentVariables Environment(params (string Name, string? Value)[] values) =>
        new([.. Keys.Where(k => values.All(v => v.Name != k)).Select(k => (k, (string?)null)), .. values]);
}
