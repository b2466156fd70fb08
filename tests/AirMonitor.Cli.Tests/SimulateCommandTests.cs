using System.Globalization;
using System.Text.RegularExpressions;
using AirMonitor.Testing;
using AirMonitor.Testing.Pipeline;
using AirMonitor.Testing.Servers;

namespace AirMonitor.Cli.Tests;

/// <summary><c>airmon simulate</c> as a user runs it: configured by AIRMON_ variables, judged by its output and exit code.</summary>
[Collection(PipelineServers.Name)]
public sealed class SimulateCommandTests(PipelineFixture fixture)
{
    [Fact]
    public async Task Simulate_runs_a_field_profile_and_a_lab_profile_through_the_edge_host_on_simulated_buses()
    {
        await using var ingest = await fixture.StartIngestAsync();
        var dir = Directory.CreateTempSubdirectory("airmon-simulate-").FullName;
        var lab = Path.Combine(dir, "lab-sim-01.yaml");
        await File.WriteAllTextAsync(lab, """
            device: {id: lab-sim-01, simulated: true}
            mqtt: {url: "mqtts://unused.example:8883"}
            sensors:
              - {name: pm, model: sps30, bus: i2c, interval: 1s}
              - {model: bme280, bus: i2c, address: 0x76, interval: 1s}
            """);
        var field = Path.Combine(RepositoryFiles.Root, "firmware-config", "devices", "bkk-dindaeng-01.yaml");
        await using var status = await StatusWatcher.StartAsync(fixture.Broker.Url, "bkk-dindaeng-01");

        var (exitCode, stdout, stderr) = await RunAirmonAsync("simulate", "--profile", field, "--profile", lab, "--duration", "12s", "--work-dir", dir);

        Assert.True(exitCode == 0, stderr + stdout);
        Assert.Contains("simulating bkk-dindaeng-01 (3 sensors), lab-sim-01 (2 sensors) → ", stdout, StringComparison.Ordinal);
        var report = Regex.Match(stdout, @"lab-sim-01: (\d+) samples in (\d+) messages stored, (\d+) acknowledged by the ingest, (\d+) waiting in (\S+)");
        Assert.True(report.Success, stdout);
        int Number(int group) => int.Parse(report.Groups[group].Value, CultureInfo.InvariantCulture);
        var (samples, messages, acknowledged, waiting) = (Number(1), Number(2), Number(3), Number(4));
        Assert.InRange(samples, 12, 30);
        Assert.True(acknowledged >= 1, stdout);
        Assert.Equal(messages, acknowledged + waiting);
        Assert.Equal(Path.Combine(dir, "lab-sim-01", "outbox.db"), report.Groups[5].Value);
        var stored = Assert.Single(await ingest.QueryAsync("SELECT count(pm2_5) FROM air WHERE device = 'lab-sim-01'"));
        Assert.InRange(stored.GetInt64(0, "count")!.Value, 1, samples);

        // The field profile ran too: on simulated buses, against the test broker instead of its mqtts:// one.
        var online = status.Statuses.First(s => s.State == Core.Contract.DeviceStatus.Online);
        Assert.Equal(["pms5003", "bme280", "no2"], online.Sensors!.Select(s => s.Name));
        Assert.Equal(Core.Contract.DeviceStatus.Offline, status.Statuses.Last().State);
        Directory.Delete(dir, recursive: true);
    }

    [Theory]
    [InlineData("'soon' is not a duration such as 90s, 5m, 2h or 00:01:30", "simulate", "--duration", "soon")]
    [InlineData("airmon: configuration error: Edge:ProfilePath '/nonexistent/device.yaml' does not exist", "simulate", "--profile", "/nonexistent/device.yaml")]
    public async Task Simulate_refuses_malformed_options_and_missing_profiles(string expected, params string[] args)
    {
        var (exitCode, _, stderr) = await RunAirmonAsync(args);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_broker_url_in_the_environment_is_a_configuration_error()
    {
        var (exitCode, _, stderr) = await RunAirmonAsync(new Dictionary<string, string> { ["AIRMON_Mqtt__Url"] = "broker:1883" }, "simulate", "--duration", "1s");

        Assert.Equal(2, exitCode);
        Assert.Contains("airmon: configuration error: Mqtt:Url 'broker:1883' is not mqtt://host:port or mqtts://host:port", stderr, StringComparison.Ordinal);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> RunAirmonAsync(params string[] args) =>
        RunAirmonAsync(new Dictionary<string, string>(), args);

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAirmonAsync(Dictionary<string, string> environment, params string[] args)
    {
        var merged = new Dictionary<string, string> { ["AIRMON_Mqtt__Url"] = fixture.Broker.Url.ToString() };
        foreach (var (key, value) in environment)
        {
            merged[key] = value;
        }

        var run = await AirmonCommand.RunAsync(merged, TimeSpan.FromSeconds(90), args);
        return (run.ExitCode, run.Stdout, run.Stderr);
    }
}
