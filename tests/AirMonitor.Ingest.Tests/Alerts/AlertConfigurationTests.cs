namespace AirMonitor.Ingest.Tests.Alerts;

/// <summary>Bad alert configuration stops the real binary at start with exit code 2 and one clear line naming the key and the problem.</summary>
public sealed class AlertConfigurationTests
{
    private const string Rule = "--Alerts:Rules:0:";

    /// <summary>A rule that is valid on its own; each case changes one field.</summary>
    private static readonly string[] PmHighRule = [$"{Rule}Name=pm-high", $"{Rule}Metric=pm2_5", $"{Rule}Window=1h", $"{Rule}Threshold=50"];

    [Theory]
    [InlineData("Window=2h", "Alerts: rule 'pm-high': window '2h' is not one of latest, 1h, 24h, 8h, nowcast, daily, morning, afternoon")]
    [InlineData("Metric=pm25", "Alerts: rule 'pm-high': metric 'pm25' is not one of pm2_5, pm10, spm, o3, ox, no, no2, nox, so2, co, aqi_us, aqi_th")]
    [InlineData("Clear=60", "Alerts: rule 'pm-high': clear 60 must be at or below the threshold 50")]
    [InlineData("TimeZone=Mars/Olympus_Mons", "Alerts: rule 'pm-high': time zone 'Mars/Olympus_Mons' is unknown (use an IANA name such as Asia/Bangkok)")]
    [InlineData("QuietHours=22-06", "Alerts: rule 'pm-high': quiet hours '22-06' are not HH:mm-HH:mm")]
    [InlineData("MinDuration=-00:05:00", "Alerts: rule 'pm-high': min duration -00:05:00 is negative")]
    [InlineData("Threshold=37,5", "Alerts:Rules:0: Failed to convert configuration value '37,5' at 'Alerts:Rules:0:Threshold' to type 'System.Double'.")]
    [InlineData("Window=daily --Alerts:Rules:0:TimeZone=Asia/Kolkata",
        "Alerts: rule 'pm-high': the daily window needs a time zone whose UTC offset is a whole number of hours; 'Asia/Kolkata' has not")]
    public async Task A_bad_rule_field_fails_at_start_naming_the_rule_and_the_problem(string setting, string expected)
    {
        await AssertFailsAtStartAsync(expected, [.. PmHighRule, .. (Rule + setting).Split(' ')]);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_fails_at_start_in_one_line_not_a_stack_trace()
    {
        await AssertFailsAtStartAsync("Failed to convert configuration value 'soon' at 'Alerts:LateAfter' to type 'System.TimeSpan'.", "--Alerts:LateAfter=soon");
    }

    [Fact]
    public async Task A_rule_without_threshold_fails_at_start()
    {
        await AssertFailsAtStartAsync(
            "Alerts: rule 'pm-high': threshold is required",
            $"{Rule}Name=pm-high", $"{Rule}Metric=pm2_5", $"{Rule}Window=1h");
    }

    [Fact]
    public async Task A_window_the_metric_does_not_have_fails_at_start()
    {
        await AssertFailsAtStartAsync(
            "Alerts: rule 'pm-high': metric aqi_th has no 1h window (it has 24h)",
            [.. PmHighRule, $"{Rule}Metric=aqi_th"]);
    }

    [Fact]
    public async Task A_bad_rule_name_fails_at_start()
    {
        await AssertFailsAtStartAsync(
            "Alerts: rule name 'PM High' must be 1–64 of [a-z0-9_-]",
            [.. PmHighRule, $"{Rule}Name=PM High"]);
    }

    [Fact]
    public async Task A_rule_named_like_a_built_in_rule_fails_at_start()
    {
        await AssertFailsAtStartAsync(
            "Alerts: rule name 'th-aqi-red' is used 2 times",
            [.. PmHighRule, $"{Rule}Name=th-aqi-red"]);
    }

    [Fact]
    public async Task An_unknown_rule_set_fails_at_start_naming_the_known_ones()
    {
        await AssertFailsAtStartAsync("Alerts:RuleSets 'tokyo' is not a built-in set (bangkok, yokohama)", "--Alerts:RuleSets:0=tokyo");
    }

    [Fact]
    public async Task A_webhook_url_without_secret_fails_at_start()
    {
        await AssertFailsAtStartAsync(
            "Alerts:Webhook:Secret is required when Alerts:Webhook:Url is set",
            "--Alerts:Webhook:Url=https://hooks.example.org/air");
    }

    [Fact]
    public async Task A_webhook_url_that_is_not_http_fails_at_start()
    {
        await AssertFailsAtStartAsync(
            "Alerts:Webhook:Url 'ftp://hooks.example.org/air' is not an absolute http(s) URL",
            "--Alerts:Webhook:Url=ftp://hooks.example.org/air", "--Alerts:Webhook:Secret=0123456789abcdef0123");
    }

    [Fact]
    public async Task A_short_webhook_secret_fails_at_start_without_showing_it()
    {
        var stderr = await AssertFailsAtStartAsync(
            "Alerts:Webhook:Secret must be at least 16 characters (is 11)",
            "--Alerts:Webhook:Url=https://hooks.example.org/air", "--Alerts:Webhook:Secret=hunter2-xyz");

        Assert.DoesNotContain("hunter2", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_late_after_of_zero_fails_at_start()
    {
        await AssertFailsAtStartAsync("Alerts:LateAfter 00:00:00 must be positive", "--Alerts:LateAfter=00:00:00");
    }

    /// <returns>The one line written to standard error.</returns>
    private static async Task<string> AssertFailsAtStartAsync(string expected, params string[] arguments)
    {
        var (exitCode, stderr, elapsed) = await StartupConfigurationTests.RunIngestAsync(arguments);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"airmon-ingest: configuration error: {expected}", line);
        Assert.True(elapsed < TimeSpan.FromSeconds(20), $"took {elapsed}");
        return line;
    }
}
