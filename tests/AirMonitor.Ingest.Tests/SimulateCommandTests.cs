using AirMonitor.Testing;
using System.Diagnostics;

namespace AirMonitor.Ingest.Tests;

/// <summary><c>airmon simulate</c> as a user runs it: configured by AIRMON_ variables, judged by its output and exit code.</summary>
[Collection(PipelineServers.Name)]
public sealed class SimulateCommandTests(PipelineFixture fixture)
{
    [Fact]
    public async Task Simulate_prints_sent_and_acknowledged_and_exits_zero_when_all_are_acknowledged()
    {
        await using var ingest = await fixture.StartIngestAsync();

        var (exitCode, stdout, stderr) = await RunAirmonAsync("simulate", "--devices", "3", "--messages", "7");

        Assert.True(exitCode == 0, stderr + stdout);
        Assert.StartsWith("devices 3: sent 21, acknowledged 21 (stored 21, rejected 0), resent 0, unacknowledged 0, in ", stdout, StringComparison.Ordinal);
        var count = Assert.Single(await ingest.QueryAsync("SELECT count(pm2_5) FROM air"));
        Assert.Equal(21, count.GetInt64(0, "count"));
    }

    [Fact]
    public async Task Simulate_exits_one_when_nobody_acknowledges()
    {
        var (exitCode, stdout, _) = await RunAirmonAsync("simulate", "--devices", "1", "--messages", "2", "--wait", "2s");

        Assert.Equal(1, exitCode);
        Assert.Contains("sent 2, acknowledged 0", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("give exactly one of --messages or --duration", "simulate", "--devices", "2")]
    [InlineData("give exactly one of --messages or --duration", "simulate", "--messages", "2", "--duration", "5s")]
    [InlineData("'soon' is not a duration such as 90s, 5m, 2h or 00:01:30", "simulate", "--duration", "soon")]
    [InlineData("--devices must be at least 1", "simulate", "--devices", "0", "--messages", "1")]
    public async Task Simulate_refuses_contradictory_or_malformed_options(string expected, params string[] args)
    {
        var (exitCode, _, stderr) = await RunAirmonAsync(args);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_broker_url_in_the_environment_is_a_configuration_error()
    {
        var (exitCode, _, stderr) = await RunAirmonAsync(new Dictionary<string, string> { ["AIRMON_Mqtt__Url"] = "broker:1883" }, "simulate", "--messages", "1");

        Assert.Equal(2, exitCode);
        Assert.Contains("airmon: configuration error: Mqtt:Url 'broker:1883' is not mqtt://host:port or mqtts://host:port", stderr, StringComparison.Ordinal);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> RunAirmonAsync(params string[] args) =>
        RunAirmonAsync(new Dictionary<string, string>(), args);

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAirmonAsync(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "airmon.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AIRMON_Mqtt__Url"] = fixture.Broker.Url.ToString();
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
