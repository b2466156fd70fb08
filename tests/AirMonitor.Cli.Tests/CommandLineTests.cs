using AirMonitor.Testing.Pipeline;

namespace AirMonitor.Cli.Tests;

/// <summary>
/// How <c>airmon</c> reads its command line, run as a user runs it; every case here ends before the tool contacts a
/// server (a parse error, or a profile that does not exist), so none is needed.
/// </summary>
public sealed class CommandLineTests
{
    private const string MissingProfile = "/nonexistent/device.yaml";

    [Fact]
    public async Task Help_lists_the_five_commands()
    {
        var run = await AirmonAsync("--help");

        Assert.Equal(0, run.ExitCode);
        var commands = run.Stdout.Split('\n').SkipWhile(l => !l.StartsWith("Commands:", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => l.Length > 0).Select(l => l.Trim().Split(' ')[0]);
        Assert.Equal(["simulate", "bench", "demo", "edge-footprint", "report"], commands);
    }

    [Fact]
    public async Task An_unknown_command_is_refused()
    {
        var run = await AirmonAsync("frobnicate");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Unrecognized command or argument 'frobnicate'", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("250ms")]
    [InlineData("90s")]
    [InlineData("1.5m")]
    [InlineData("2h")]
    [InlineData("00:01:30")]
    public async Task A_duration_is_read_in_any_of_its_forms(string duration)
    {
        // Parsed, so the command runs and stops at the missing profile: a configuration error, not a parse error.
        var run = await AirmonAsync("simulate", "--duration", duration, "--profile", MissingProfile);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"airmon: configuration error: Edge:ProfilePath '{MissingProfile}' does not exist", run.Stderr.Trim());
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-5s")]
    [InlineData("5d")]
    [InlineData("10 minutes")]
    public async Task A_malformed_duration_is_refused_before_anything_runs(string duration)
    {
        var run = await AirmonAsync("simulate", "--duration", duration, "--profile", MissingProfile);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"'{duration}' is not a duration such as 90s, 5m, 2h or 00:01:30", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ProfilePath", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_names_every_malformed_option_at_once()
    {
        var run = await AirmonAsync("bench", "--devices", "0", "--phases", "drain,nonsense,3", "--warmup", "5by5", "--steady-rate", "-1", "--fleet-interval", "0s", "--timeout", "later");

        Assert.Equal(1, run.ExitCode);
        Assert.All(
            [
                "--devices must be at least 1",
                "'nonsense' is not a phase: storage, broker, drain, e2e, steady, fleet or all",
                "'3' is not a phase: storage, broker, drain, e2e, steady, fleet or all",
                "'5by5' is not DEVICESxMESSAGES such as 50x100, or none",
                "--steady-rate must be positive",
                "--fleet-interval must be positive",
                "'later' is not a duration such as 90s, 5m, 2h or 00:01:30",
            ],
            expected => Assert.Contains(expected, run.Stderr, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Edge_footprint_refuses_a_malformed_duration_and_warm_up()
    {
        var run = await AirmonAsync("edge-footprint", "--duration", "forever", "--warmup", "1x");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'forever' is not a duration such as 90s, 5m, 2h or 00:01:30", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("'1x' is not a duration such as 90s, 5m, 2h or 00:01:30", run.Stderr, StringComparison.Ordinal);
    }

    private static Task<AirmonRun> AirmonAsync(params string[] args) =>
        AirmonCommand.RunAsync(new Dictionary<string, string>(), TimeSpan.FromSeconds(60), args);
}
