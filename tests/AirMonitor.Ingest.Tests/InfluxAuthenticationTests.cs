using System.Text.Json;
using AirMonitor.Core.Contract;
using AirMonitor.Testing.Pipeline;
using AirMonitor.Testing.Servers;
using Microsoft.Extensions.Options;

namespace AirMonitor.Ingest.Tests;

[CollectionDefinition(Name)]
public sealed class AuthenticatedPipelineServers : ICollectionFixture<AuthenticatedPipelineFixture>
{
    public const string Name = "pipeline with InfluxDB authentication";
}

/// <summary>The ingest against an InfluxDB with <c>auth-enabled = true</c>, as a user without admin rights.</summary>
[Collection(AuthenticatedPipelineServers.Name)]
public sealed class InfluxAuthenticationTests(AuthenticatedPipelineFixture fixture)
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_user_with_read_and_write_rights_but_no_admin_rights_stores_readings(bool createDatabase)
    {
        var (db, user, password) = await DatabaseWithUserAsync("ALL");
        await using var ingest = await fixture.StartIngestOnAsync(db, Credentials(user, password, $"--Influx:CreateDatabase={createDatabase}"));
        await using var acks = await fixture.ListenForAcksAsync("auth-test-1");
        var ts = Now - 5_000;

        await fixture.MosquittoPubAsync(Topics.Readings("auth-test-1"), $$$"""
            {"device":"auth-test-1","seq":7,"samples":[{"ts":{{{ts}}},"sensor":"pms5003","values":{"pm2_5":21.5}}]}
            """);
        await acks.WaitForAsync(a => a.Stored.Contains(7));

        var air = Assert.Single(await ingest.QueryAsync("SELECT pm2_5 FROM air"));
        Assert.Equal((ts, 21.5), (air.GetTime(0).ToUnixTimeMilliseconds(), air.GetDouble(0, "pm2_5")));
    }

    [Fact]
    public async Task Writes_refused_while_running_are_held_unacknowledged_with_health_degraded_and_stored_once_the_right_is_back()
    {
        var (db, user, password) = await DatabaseWithUserAsync("ALL");
        await using var ingest = await fixture.StartIngestOnAsync(db, Credentials(user, password, "--Influx:RetryInitialDelay=00:00:00.050", "--Influx:RetryMaxDelay=00:00:00.300"));
        await using var acks = await fixture.ListenForAcksAsync("auth-test-2");
        var ts = Now - 5_000;

        await fixture.Influx.QueryRawAsync($"REVOKE WRITE ON \"{db}\" FROM \"{user}\"");
        await fixture.MosquittoPubAsync(Topics.Readings("auth-test-2"), $$$"""
            {"device":"auth-test-2","seq":1,"samples":[{"ts":{{{ts}}},"sensor":"pms5003","values":{"pm2_5":33.5}}]}
            """);
        var (status, deniedSince) = await WaitForHealthAsync(ingest, 503);

        Assert.Equal((503, "degraded"), (status, deniedSince.Status));
        Assert.NotNull(deniedSince.Since);
        await Task.Delay(1000); // several refused retries
        Assert.Empty(acks.Stored);
        Assert.Empty(await ingest.QueryAsync("SELECT pm2_5 FROM air"));

        await fixture.Influx.GrantAsync(user, db, "WRITE");
        await acks.WaitForAsync(a => a.Stored.Contains(1));
        var (statusAfter, after) = await WaitForHealthAsync(ingest, 200);

        Assert.Equal((200, "ok", (DateTimeOffset?)null), (statusAfter, after.Status, after.Since));
        Assert.Equal(33.5, Assert.Single(await ingest.QueryAsync("SELECT pm2_5 FROM air")).GetDouble(0, "pm2_5"));
    }

    [Theory]
    [InlineData(true, "Influx: database '{db}' does not exist (404) and user '{user}' may not create it (403): create it as an admin (deploy/README.md)")]
    [InlineData(false, "Influx: database '{db}' does not exist (404) and Influx:CreateDatabase is false: create it as an admin (deploy/README.md)")]
    public async Task A_missing_database_the_user_may_not_create_stops_the_start_with_one_line(bool createDatabase, string expected)
    {
        var (db, user, password) = ($"missing{Guid.NewGuid():N}"[..16], $"nodb{Guid.NewGuid():N}"[..12], "Pa55-nodb");
        await fixture.Influx.CreateUserAsync(user, password);

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => fixture.StartIngestOnAsync(db, Credentials(user, password, $"--Influx:CreateDatabase={createDatabase}")));

        Assert.Equal(expected.Replace("{db}", db, StringComparison.Ordinal).Replace("{user}", user, StringComparison.Ordinal), Assert.Single(e.Failures));
    }

    [Theory]
    [InlineData("READ", "may not write to database")]
    [InlineData("WRITE", "may not read database")]
    public async Task A_user_without_the_right_to_write_or_to_read_stops_the_start_with_one_line(string privilege, string expected)
    {
        var (db, user, password) = await DatabaseWithUserAsync(privilege);

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => fixture.StartIngestOnAsync(db, Credentials(user, password)));

        var line = Assert.Single(e.Failures);
        Assert.StartsWith($"Influx: user '{user}' {expected} '{db}' (403: ", line, StringComparison.Ordinal);
        Assert.EndsWith($"GRANT ALL ON \"{db}\" TO \"{user}\" as an admin (deploy/README.md)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_exits_2_with_one_line_and_the_password_is_in_no_output()
    {
        var (db, user, _) = await DatabaseWithUserAsync("ALL");
        const string wrong = "Wr0ng-Pa55word";

        var (exitCode, stdout, stderr, elapsed) = await StartupConfigurationTests.RunIngestWithOutputAsync(
            $"--Influx:Url={fixture.Influx.Url}", $"--Influx:Database={db}", $"--Influx:Username={user}", $"--Influx:Password={wrong}",
            $"--Mqtt:Url={fixture.Broker.Url}");

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(
            $"airmon-ingest: configuration error: Influx: authentication failed for user '{user}' (401: authorization failed); check Influx:Username and Influx:Password",
            line);
        Assert.DoesNotContain(wrong, stdout + stderr, StringComparison.Ordinal);
        Assert.True(elapsed < TimeSpan.FromSeconds(20), $"took {elapsed}");
    }

    [Fact]
    public async Task No_credentials_against_a_server_that_requires_them_exits_2_with_one_line()
    {
        var (exitCode, _, stderr, _) = await StartupConfigurationTests.RunIngestWithOutputAsync(
            $"--Influx:Url={fixture.Influx.Url}", "--Influx:Database=air", $"--Mqtt:Url={fixture.Broker.Url}");

        Assert.Equal(2, exitCode);
        Assert.Equal(
            "airmon-ingest: configuration error: Influx: InfluxDB requires authentication (401: unable to parse authentication credentials); set Influx:Username and Influx:Password",
            Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task A_url_with_credentials_is_refused_at_start_without_echoing_the_password()
    {
        var url = $"http://{InfluxServer.AdminUsername}:{InfluxServer.AdminPassword}@127.0.0.1:{fixture.Influx.Port}";

        var (exitCode, stdout, stderr, _) = await StartupConfigurationTests.RunIngestWithOutputAsync($"--Influx:Url={url}", "--Influx:Database=air");

        Assert.Equal(2, exitCode);
        Assert.Equal(
            $"airmon-ingest: configuration error: Influx:Url 'http://***@127.0.0.1:{fixture.Influx.Port}' carries credentials: give them as Influx:Username and Influx:Password, never in the URL",
            Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.DoesNotContain(InfluxServer.AdminPassword, stdout + stderr, StringComparison.Ordinal);
    }

    /// <summary>Polls /health until it answers <paramref name="status"/>: its status and influxAccessDeniedSince.</summary>
    private static async Task<(int Code, (string Status, DateTimeOffset? Since) Health)> WaitForHealthAsync(RunningIngest ingest, int status)
    {
        using var http = new HttpClient();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            using var response = await http.GetAsync(new Uri(ingest.Url, "/health"), deadline.Token);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(deadline.Token));
            var since = json.RootElement.GetProperty("influxAccessDeniedSince");
            var health = (json.RootElement.GetProperty("status").GetString()!, since.ValueKind == JsonValueKind.Null ? (DateTimeOffset?)null : since.GetDateTimeOffset());
            if ((int)response.StatusCode == status)
            {
                return ((int)response.StatusCode, health);
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    private async Task<(string Database, string User, string Password)> DatabaseWithUserAsync(string privilege)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var (db, user, password) = ($"t{id}", $"airmon{id}", $"Pa55-{id}");
        await fixture.Influx.CreateDatabaseAsync(db);
        await fixture.Influx.CreateUserAsync(user, password, db, privilege);
        return (db, user, password);
    }

    private static string[] Credentials(string user, string password, params string[] more) =>
        [$"--Influx:Username={user}", $"--Influx:Password={password}", .. more];
}
