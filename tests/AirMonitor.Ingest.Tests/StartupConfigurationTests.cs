using System.Diagnostics;

namespace AirMonitor.Ingest.Tests;

/// <summary>Bad configuration stops the real binary at start with exit code 2 and one clear line per problem.</summary>
public sealed class StartupConfigurationTests
{
    [Theory]
    [InlineData("--Mqtt:Url=http://broker:1883", "Mqtt:Url 'http://broker:1883' is not mqtt://host:port or mqtts://host:port")]
    [InlineData("--Influx:Url=not a url", "Influx:Url")]
    [InlineData("--Ingest:RegistryPath=/nonexistent/stations.yaml", "Ingest:RegistryPath '/nonexistent/stations.yaml' does not exist")]
    [InlineData("--Validation:MaxAge=-1.00:00:00", "Validation:MaxAge -1.00:00:00 is outside 0..3650 days")]
    [InlineData("--Ingest:MaxDevices=0", "Ingest:MaxDevices 0 must be positive")]
    [InlineData("--Ingest:SharedSubscriptionGroup=a/b", "Ingest:SharedSubscriptionGroup 'a/b' must be a non-empty name without / + #")]
    [InlineData("--Ingest:MaxInflightMessage=5000", "Ingest:MaxInflightMessage is not a setting; did you mean 'MaxInFlightMessages'? settings: RegistryPath, DeadLetterDirectory, SharedSubscriptionGroup, MaxInFlightMessages, MaxDevices, DrainTimeout")]
    [InlineData("--Alerts:Webhook:Secrt=s3cret", "Alerts:Webhook:Secrt is not a setting; did you mean 'Secret'? settings: ")]
    [InlineData("--Mqtt:Usrname=u", "Mqtt:Usrname is not a setting; did you mean 'Username'? settings: ")]
    public async Task Invalid_setting_fails_at_start_naming_the_key(string argument, string expected)
    {
        var (exitCode, stderr, elapsed) = await RunIngestAsync(argument);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("airmon-ingest: configuration error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.True(elapsed < TimeSpan.FromSeconds(20), $"took {elapsed}");
    }

    [Fact]
    public async Task Invalid_station_registry_fails_at_start_naming_the_file_and_key()
    {
        var registry = Path.Combine(Path.GetTempPath(), $"stations-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(registry, """
            stations:
              - id: bkk-x
                name: X
                kind: roadside
                city: bangkok
                district: X
                latitude: 123.4
                longitude: 100.5
                devices: [bkk-x-01]
            """);
        try
        {
            var (exitCode, stderr, _) = await RunIngestAsync($"--Ingest:RegistryPath={registry}");

            Assert.Equal(2, exitCode);
            Assert.Contains($"{registry}: stations[0].latitude: 123.4 is outside -90..90", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(registry);
        }
    }

    /// <summary>Runs the real binary with <paramref name="arguments"/> until it exits (at most a minute).</summary>
    internal static async Task<(int ExitCode, string Stderr, TimeSpan Elapsed)> RunIngestAsync(params string[] arguments)
    {
        var (exitCode, _, stderr, elapsed) = await RunIngestWithOutputAsync(arguments);
        return (exitCode, stderr, elapsed);
    }

    /// <inheritdoc cref="RunIngestAsync"/>
    internal static async Task<(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)> RunIngestWithOutputAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "airmon-ingest.dll"), .. arguments, "--Urls=http://127.0.0.1:0"])
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr, clock.Elapsed);
    }
}
