using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AirMonitor.Hosting.Tests;

public sealed class ValidatedOptionsTests
{
    [Fact]
    public async Task Options_are_bound_from_their_section_and_the_host_starts_when_they_are_valid()
    {
        using var host = SampleHost(new() { ["Sample:Url"] = "http://db.example:8086", ["Sample:BatchSize"] = "250", ["Sample:Name"] = "air" });

        await host.StartAsync();

        var options = host.Services.GetRequiredService<IOptions<SampleOptions>>().Value;
        Assert.Equal(("http://db.example:8086", 250, "air"), (options.Url, options.BatchSize, options.Name));
        await host.StopAsync();
    }

    [Fact]
    public async Task Invalid_options_stop_the_host_at_start_with_one_failure_per_problem()
    {
        using var host = SampleHost(new() { ["Sample:Url"] = "db.example", ["Sample:BatchSize"] = "0" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(["Sample:Url 'db.example' is not an absolute http(s) URL", "Sample:BatchSize must be at least 1, not 0", "Sample:Name is required"], error.Failures);
    }

    [Fact]
    public void Options_read_now_are_returned_as_they_are_when_valid()
    {
        var options = new SampleOptions { Url = "https://db.example", BatchSize = 1, Name = "n" };

        Assert.Same(options, options.Validated(SampleOptions.Validate));
    }

    [Fact]
    public void Options_read_now_give_the_same_lines_as_at_start()
    {
        var options = new SampleOptions { Url = "https://db.example", BatchSize = -3 };

        var error = Assert.Throws<OptionsValidationException>(() => options.Validated(SampleOptions.Validate));

        Assert.Equal(["Sample:BatchSize must be at least 1, not -3", "Sample:Name is required"], error.Failures);
        Assert.Equal(typeof(SampleOptions), error.OptionsType);
    }

    [Fact]
    public async Task A_key_that_is_no_setting_fails_at_start_at_any_depth_before_the_class_own_lines()
    {
        using var host = SampleHost(new()
        {
            ["Sample:Url"] = "https://db.example",
            ["Sample:Nmae"] = "air",
            ["Sample:Retry:Attempts"] = "3",
            ["Sample:Retry:Delai"] = "00:00:01",
            ["Sample:Targets:0:Host"] = "a",
            ["Sample:Targets:1:Hots"] = "b",
            ["Sample:Labels:anything"] = "x",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(
            [
                "Sample:Labels is not a setting; settings: Url, BatchSize, Name, Retry, Targets",
                "Sample:Nmae is not a setting; did you mean 'Name'? settings: Url, BatchSize, Name, Retry, Targets",
                "Sample:Retry:Delai is not a setting; did you mean 'Delay'? settings: Attempts, Delay",
                "Sample:Targets:1:Hots is not a setting; did you mean 'Host'? settings: Host",
                "Sample:Name is required",
            ],
            error.Failures);
    }

    [Fact]
    public void Options_bound_to_the_configuration_root_are_not_checked_for_unknown_keys()
    {
        var root = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Urls"] = "http://x", ["Mqtt:Url"] = "m" }).Build();

        Assert.Empty(ValidatedOptions.UnknownKeys<SampleOptions>(root));
    }

    [Fact]
    public void A_renamed_key_is_read_under_its_new_name_and_is_no_unknown_key_under_its_old_one()
    {
        var config = new ConfigurationManager();
        config.AddInMemoryCollection(new Dictionary<string, string?> { ["Old:Path"] = "/var/lib/a.db", ["Old:Every"] = "00:01:00", ["Sample:Name"] = "set" });

        var notices = config.ReadRenamedKeys(("Old:Path", "Sample:Url"), ("Old:Every", "Sample:Name"), ("Old:Unused", "Sample:BatchSize"));

        Assert.Equal(
            [
                "Old:Path is renamed Sample:Url: read as Sample:Url; the old name will stop working in a later release",
                "Old:Every is renamed Sample:Name, which is set too: Old:Every is ignored; remove it",
            ],
            notices);
        Assert.Equal(("/var/lib/a.db", "set", null), (config["Sample:Url"], config["Sample:Name"], config["Sample:BatchSize"]));
        Assert.Equal([], ValidatedOptions.UnknownKeys<SampleOptions>(config.GetSection("Old")));
    }

    private static IHost SampleHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddValidatedOptions<SampleOptions>(builder.Configuration.GetSection(SampleOptions.Section), SampleOptions.Validate);
        return builder.Build();
    }
}

/// <summary>An options class written the way the hosts' are: a section name and a <c>Validate()</c> that yields one line per problem.</summary>
public sealed class SampleOptions
{
    public const string Section = "Sample";

    public string Url { get; set; } = "";

    public int BatchSize { get; set; } = 100;

    public string? Name { get; set; }

    public SampleRetry Retry { get; set; } = new();

    public List<SampleTarget> Targets { get; set; } = [];

    public static IEnumerable<string> Validate(SampleOptions options)
    {
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            yield return $"Sample:Url '{options.Url}' is not an absolute http(s) URL";
        }

        if (options.BatchSize < 1)
        {
            yield return $"Sample:BatchSize must be at least 1, not {options.BatchSize}";
        }

        if (string.IsNullOrEmpty(options.Name))
        {
            yield return "Sample:Name is required";
        }
    }
}

public sealed class SampleRetry
{
    public int Attempts { get; set; }

    public TimeSpan Delay { get; set; }
}

public sealed class SampleTarget
{
    public string Host { get; set; } = "";
}
