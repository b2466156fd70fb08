using AirMonitor.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AirMonitor.Influx.Tests;

public sealed class InfluxOptionsTests
{
    private static InfluxOptions Valid() => new() { Url = "http://localhost:8086", Database = "air" };

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var o = new InfluxOptions();
        Assert.Equal(
            (InfluxApiVersion.V1, 5000, TimeSpan.FromMilliseconds(250), 100_000, 2, true, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10)),
            (o.ApiVersion, o.BatchSize, o.FlushInterval, o.MaxBufferedPoints, o.MaxConcurrentWrites, o.Gzip, o.Timeout, o.RetryInitialDelay, o.RetryMaxDelay, o.ShutdownTimeout));
    }

    [Fact]
    public void Valid_v1_options_have_no_errors()
    {
        Assert.Empty(Valid().Validate());
    }

    [Theory]
    [InlineData("", "Influx:Url is required")]
    [InlineData("x", "Influx:Url 'x' is not an absolute http(s) URL")]
    [InlineData("ftp://host/", "Influx:Url 'ftp://host/' is not an absolute http(s) URL")]
    [InlineData("/relative", "Influx:Url '/relative' is not an absolute http(s) URL")]
    public void Url_must_be_absolute_http_or_https(string url, string error)
    {
        var o = Valid();
        o.Url = url;
        Assert.Equal([error], o.Validate());
    }

    [Theory]
    [InlineData("http://airmon:s3cret-pw@influx:8086", "Influx:Url 'http://***@influx:8086' carries credentials: give them as Influx:Username and Influx:Password, never in the URL")]
    [InlineData("https://airmon@influx/prefix", "Influx:Url 'https://***@influx/prefix' carries credentials: give them as Influx:Username and Influx:Password, never in the URL")]
    [InlineData("ftp://airmon:s3cret-pw@influx", "Influx:Url 'ftp://***@influx' is not an absolute http(s) URL")]
    [InlineData("http://airmon:s3cret/pw@influx", "Influx:Url 'http://***@influx' is not an absolute http(s) URL")] // a '/' in the password ends the authority: port "s3cret"
    public void Url_with_credentials_is_refused_without_echoing_them(string url, string error)
    {
        var o = Valid();
        o.Url = url;
        var line = Assert.Single(o.Validate());
        Assert.Equal(error, line);
        Assert.DoesNotContain("s3cret", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://influx:8086", "http://influx:8086")]
    [InlineData("http://u:p@influx:8086/x", "http://***@influx:8086/x")]
    [InlineData("u:p@influx", "***@influx")]
    [InlineData("not a url", "not a url")]
    public void ShownUrl_hides_what_precedes_the_at_sign(string url, string shown)
    {
        Assert.Equal(shown, InfluxOptions.ShownUrl(url));
    }

    [Fact]
    public void CreateDatabase_is_on_by_default()
    {
        Assert.True(new InfluxOptions().CreateDatabase);
    }

    [Fact]
    public void V1_needs_a_database()
    {
        var o = Valid();
        o.Database = null;
        Assert.Equal(["Influx:Database is required for ApiVersion V1"], o.Validate());
    }

    [Fact]
    public void V2_needs_token_org_and_bucket()
    {
        var o = new InfluxOptions { Url = "https://cloud.example", ApiVersion = InfluxApiVersion.V2, Org = "o", Bucket = "b" };
        Assert.Equal(["Influx:Token, Org and Bucket are required for ApiVersion V2"], o.Validate());
        o.Token = "t";
        Assert.Empty(o.Validate());
    }

    [Fact]
    public void Sizes_and_durations_are_checked_with_one_line_each()
    {
        var o = Valid();
        o.BatchSize = 0;
        o.MaxBufferedPoints = -1;
        o.FlushInterval = TimeSpan.Zero;
        o.RetryInitialDelay = TimeSpan.FromSeconds(5);
        o.RetryMaxDelay = TimeSpan.FromSeconds(1);
        o.Password = "secret";
        o.MaxConcurrentWrites = 0;
        Assert.Equal(
            [
                "Influx:Username is required when Influx:Password is set",
                "Influx:BatchSize must be greater than 0 (is 0)",
                "Influx:MaxBufferedPoints (-1) must be at least BatchSize (0)",
                "Influx:MaxConcurrentWrites must be between 1 and 16 (is 0)",
                "Influx:FlushInterval must be greater than 0 (is 00:00:00)",
                "Influx:RetryMaxDelay (00:00:01) must be at least RetryInitialDelay (00:00:05)",
            ],
            o.Validate());
    }

    [Fact]
    public void Clients_refuse_invalid_options_listing_every_problem()
    {
        using var http = new HttpClient();
        var e = Assert.Throws<OptionsValidationException>(() => new InfluxWriteClient(http, new InfluxOptions { Url = "nope" }));
        Assert.Equal(["Influx:Url 'nope' is not an absolute http(s) URL", "Influx:Database is required for ApiVersion V1"], e.Failures);
    }

    [Fact]
    public void Options_bind_from_the_Influx_section_and_fail_on_start_when_invalid()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Influx:Url"] = "https://influx.example:8086/prefix",
            ["Influx:ApiVersion"] = "V2",
            ["Influx:Org"] = "city",
            ["Influx:Bucket"] = "air",
            ["Influx:Token"] = "t0k",
            ["Influx:BatchSize"] = "1000",
            ["Influx:FlushInterval"] = "00:00:02.5",
            ["Influx:Gzip"] = "false",
        }).Build();
        using var services = new ServiceCollection()
            .AddValidatedOptions<InfluxOptions>(configuration.GetSection(InfluxOptions.SectionName), o => o.Validate())
            .BuildServiceProvider();
        var o = services.GetRequiredService<IOptions<InfluxOptions>>().Value;
        Assert.Equal(
            ("https://influx.example:8086/prefix", InfluxApiVersion.V2, "city", "air", "t0k", 1000, TimeSpan.FromMilliseconds(2500), false),
            (o.Url, o.ApiVersion, o.Org, o.Bucket, o.Token, o.BatchSize, o.FlushInterval, o.Gzip));

        var bad = new ServiceCollection()
            .AddValidatedOptions<InfluxOptions>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Url"] = "" }).Build(), o => o.Validate())
            .BuildServiceProvider();
        using (bad)
        {
            var e = Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IOptions<InfluxOptions>>().Value);
            Assert.Contains("Influx:Url is required", e.Failures);
        }
    }

    [Fact]
    public void V2_writes_go_to_api_v2_write_with_org_bucket_and_ms_precision()
    {
        using var http = new HttpClient();
        var client = new InfluxWriteClient(http, new InfluxOptions { Url = "https://influx.example/prefix", ApiVersion = InfluxApiVersion.V2, Org = "my org", Bucket = "air/raw", Token = "t" });
        Assert.Equal("https://influx.example/prefix/api/v2/write?org=my%20org&bucket=air%2Fraw&precision=ms", client.WriteUri.AbsoluteUri);
    }

    [Fact]
    public void V1_writes_go_to_write_with_db_rp_and_ms_precision_and_no_credentials_in_the_url()
    {
        using var http = new HttpClient();
        var client = new InfluxWriteClient(http, new InfluxOptions { Url = "http://h:8086", Database = "air", RetentionPolicy = "one year", Username = "u", Password = "p" });
        Assert.Equal("http://h:8086/write?db=air&rp=one%20year&precision=ms", client.WriteUri.AbsoluteUri);
    }

    [Fact]
    public void WithDatabase_copies_every_other_key()
    {
        var o = new InfluxOptions
        {
            Url = "http://h:8086", Database = "air", RetentionPolicy = "rp", Username = "u", Password = "p", BatchSize = 7,
            FlushInterval = TimeSpan.FromSeconds(3), MaxBufferedPoints = 9, MaxConcurrentWrites = 3, Gzip = false,
            Timeout = TimeSpan.FromSeconds(4), RetryInitialDelay = TimeSpan.FromSeconds(5), RetryMaxDelay = TimeSpan.FromSeconds(6),
            ShutdownTimeout = TimeSpan.FromSeconds(8),
        };

        var copy = o.WithDatabase("bench");

        Assert.Equal(("bench", "air"), (copy.Database, o.Database));
        foreach (var property in typeof(InfluxOptions).GetProperties().Where(p => p.Name != nameof(InfluxOptions.Database)))
        {
            Assert.Equal(property.GetValue(o), property.GetValue(copy));
        }
    }
}
