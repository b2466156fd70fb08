using AirMonitor.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AirMonitor.Hosting.Tests;

[CollectionDefinition(nameof(HostStartupTests), DisableParallelization = true)]
public sealed class HostStartupRunsAlone;

// Alone: these tests set AIRMON_ environment variables and read standard error, both shared by the whole process.
[Collection(nameof(HostStartupTests))]
public sealed class HostStartupTests
{
    [Fact]
    public void Configuration_is_read_from_appsettings_then_AIRMON_variables_then_the_command_line()
    {
        using var environment = new EnvironmentVariables(("AIRMON_Sample__Name", "from-environment"), ("AIRMON_Sample__BatchSize", "55"));

        var configuration = HostStartup.CreateBuilder(["--Sample:BatchSize=77"]).Configuration;

        Assert.Equal(
            ("http://from-appsettings.example", "from-environment", "77"),
            (configuration["Sample:Url"], configuration["Sample:Name"], configuration["Sample:BatchSize"]));
    }

    [Fact]
    public async Task Invalid_options_end_the_run_with_exit_code_2_and_one_line_per_problem()
    {
        var (exitCode, stderr) = await RunAsync(SampleHost("--Sample:Url=db.example", "--Sample:BatchSize=0"));

        Assert.Equal(2, exitCode);
        Assert.Equal(
            ["ingest: configuration error: Sample:Url 'db.example' is not an absolute http(s) URL", "ingest: configuration error: Sample:BatchSize must be at least 1, not 0"],
            Lines(stderr));
    }

    [Fact]
    public async Task A_value_that_cannot_be_read_as_its_type_ends_the_run_with_exit_code_2()
    {
        var (exitCode, stderr) = await RunAsync(SampleHost("--Sample:BatchSize=lots"));

        Assert.Equal(2, exitCode);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith("ingest: configuration error: Failed to convert configuration value", line, StringComparison.Ordinal);
        Assert.Contains("'Sample:BatchSize'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_argument_refused_while_building_ends_the_run_with_exit_code_2_and_its_message()
    {
        var (exitCode, stderr) = await RunAsync(() => throw new ArgumentException("--profile names no file"));

        Assert.Equal(2, exitCode);
        Assert.Equal(["ingest: configuration error: --profile names no file"], Lines(stderr));
    }

    [Fact]
    public async Task A_failure_that_is_not_configuration_is_not_turned_into_exit_code_2()
    {
        var error = await Assert.ThrowsAsync<IOException>(() => RunAsync(() => throw new IOException("disk full")));

        Assert.Equal("disk full", error.Message);
    }

    [Fact]
    public async Task A_valid_host_runs_until_it_is_stopped_and_then_exits_with_0()
    {
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        var run = RunAsync(SampleHost(services => services.AddHostedService(_ => new StartSignal(started))), stop.Token);

        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(run.IsCompleted);
        await stop.CancelAsync();
        var (exitCode, stderr) = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((0, ""), (exitCode, stderr));
    }

    private static Func<IHost> SampleHost(params string[] args) => SampleHost(_ => { }, args);

    private static Func<IHost> SampleHost(Action<IServiceCollection> services, params string[] args) => () =>
    {
        var builder = HostStartup.CreateBuilder(args);
        builder.Services.AddValidatedOptions<SampleOptions>(builder.Configuration.GetSection(SampleOptions.Section), SampleOptions.Validate);
        services(builder.Services);
        return builder.Build();
    };

    private static async Task<(int ExitCode, string Stderr)> RunAsync(Func<IHost> build, CancellationToken cancellationToken = default)
    {
        var stderr = new StringWriter();
        var original = Console.Error;
        Console.SetError(stderr);
        try
        {
            return (await HostStartup.RunAsync("ingest", build, cancellationToken), stderr.ToString());
        }
        finally
        {
            Console.SetError(original);
        }
    }

    private static string[] Lines(string text) => text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    private sealed class StartSignal(TaskCompletionSource started) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            started.SetResult();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
