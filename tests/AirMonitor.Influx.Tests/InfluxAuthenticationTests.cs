using AirMonitor.Influx.Tests.Support;
using AirMonitor.Testing;
using AirMonitor.Testing.Servers;
using Microsoft.Extensions.Logging;

namespace AirMonitor.Influx.Tests;

/// <summary>The clients against an influxd with <c>auth-enabled = true</c>, as users without admin rights.</summary>
public sealed class InfluxAuthenticationTests(AuthenticatedInfluxFixture influx) : IClassFixture<AuthenticatedInfluxFixture>
{
    private static readonly InfluxPoint[] Points =
    [
        new("air", [new("device", "d1")], [new("pm25", 12.5)], 1_700_000_000_000),
        new("air", [new("device", "d1")], [new("pm25", 13.5)], 1_700_000_001_000),
    ];

    [Fact]
    public async Task A_user_with_read_and_write_rights_writes_and_queries_with_basic_auth_and_no_credentials_in_any_url()
    {
        var (db, user, password) = await influx.DatabaseWithUserAsync("ALL");
        using var handler = new FaultInjectingHandler(_ => null);
        using var http = new HttpClient(handler);
        var options = influx.Options(db, user, password);

        await new InfluxWriteClient(http, options).WriteAsync(Points);
        var series = await new InfluxQueryClient(http, options).QueryAsync("SELECT pm25 FROM air");

        Assert.Equal([12.5, 13.5], Assert.Single(series).GetDoubles("pm25"));
        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r =>
        {
            Assert.Equal(InfluxServer.BasicAuthorization(user, password).ToString(), r.Authorization);
            Assert.DoesNotContain(password, r.Uri.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(user, r.Uri.ToString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_wrong_password_is_a_401_that_is_not_retryable_and_is_not_in_the_message()
    {
        var (db, user, _) = await influx.DatabaseWithUserAsync("ALL");
        using var http = new HttpClient();
        var options = influx.Options(db, user, "wrong-Pa55");

        var write = await Assert.ThrowsAsync<InfluxWriteException>(() => new InfluxWriteClient(http, options).WriteAsync(Points));
        var check = await Assert.ThrowsAsync<InfluxWriteException>(() => new InfluxWriteClient(http, options).CheckWriteAsync());
        var query = await Assert.ThrowsAsync<InfluxQueryException>(() => new InfluxQueryClient(http, options).QueryAsync("SHOW MEASUREMENTS"));

        Assert.All(new[] { write, check }, e => Assert.Equal<(int?, bool, bool, string?)>((401, false, true, "authorization failed"), (e.StatusCode, e.IsRetryable, e.IsAccessDenied, e.ServerError)));
        Assert.Equal<(int?, bool)>((401, true), (query.StatusCode, query.IsAccessDenied));
        Assert.All(new[] { write.Message, check.Message, query.Message }, m => Assert.DoesNotContain("wrong-Pa55", m, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_read_only_user_may_query_but_a_write_is_a_403()
    {
        var (db, user, password) = await influx.DatabaseWithUserAsync("READ");
        using var http = new HttpClient();
        var options = influx.Options(db, user, password);

        await new InfluxQueryClient(http, options).QueryAsync("SHOW MEASUREMENTS");
        var check = await Assert.ThrowsAsync<InfluxWriteException>(() => new InfluxWriteClient(http, options).CheckWriteAsync());

        Assert.Equal<(int?, bool, bool)>((403, false, true), (check.StatusCode, check.IsRetryable, check.IsAccessDenied));
        Assert.Equal($"\"{user}\" user is not authorized to write to database \"{db}\"", check.ServerError);
    }

    [Fact]
    public async Task The_empty_write_check_answers_404_for_a_missing_database_and_passes_for_a_writer()
    {
        var (db, user, password) = await influx.DatabaseWithUserAsync("WRITE");
        using var http = new HttpClient();

        await new InfluxWriteClient(http, influx.Options(db, user, password)).CheckWriteAsync();
        var missing = await Assert.ThrowsAsync<InfluxWriteException>(() => new InfluxWriteClient(http, influx.Options("nosuchdb", user, password)).CheckWriteAsync());

        Assert.Equal<(int?, bool, string?)>((404, false, "database not found: \"nosuchdb\""), (missing.StatusCode, missing.IsAccessDenied, missing.ServerError));
    }

    [Fact]
    public async Task A_user_without_admin_rights_may_not_create_a_database_even_one_that_exists()
    {
        var (db, user, password) = await influx.DatabaseWithUserAsync("ALL");
        using var http = new HttpClient();

        var e = await Assert.ThrowsAsync<InfluxQueryException>(() => new InfluxQueryClient(http, influx.Options(db, user, password)).CreateDatabaseAsync(db));

        Assert.Equal<(int?, bool)>((403, true), (e.StatusCode, e.IsAccessDenied));
        Assert.Contains("requires admin privilege", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_batch_writer_keeps_points_refused_with_403_says_so_once_and_stores_them_once_the_right_is_granted()
    {
        var (db, user, password) = await influx.DatabaseWithUserAsync("READ");
        using var handler = new FaultInjectingHandler(_ => null);
        using var http = new HttpClient(handler);
        var options = influx.Options(db, user, password);
        options.FlushInterval = TimeSpan.FromMilliseconds(10);
        options.RetryMaxDelay = TimeSpan.FromMilliseconds(100);
        options.RetryInitialDelay = TimeSpan.FromMilliseconds(10);
        var log = new CapturingLogger<InfluxBatchWriter>();
        await using var writer = new InfluxBatchWriter(new InfluxWriteClient(http, options), options, TimeProvider.System, log);

        var group = writer.Append(Points);
        await handler.WaitForRequestsAsync(4); // refused four times: kept and retried

        Assert.Equal(InfluxGroupOutcome.Pending, group.Outcome);
        Assert.NotNull(writer.AccessDeniedSince);
        var error = Assert.Single(log.Entries, e => e.Level == LogLevel.Error); // once a minute, not once per attempt
        Assert.Contains("InfluxDB refuses writes (403)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(password, error.Message, StringComparison.Ordinal);

        await influx.Server.GrantAsync(user, db, "WRITE");
        await group.StoredAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Null(writer.AccessDeniedSince);
        var admin = new InfluxQueryClient(http, influx.Options(db, InfluxServer.AdminUsername, InfluxServer.AdminPassword));
        Assert.Equal(2L, Assert.Single(await admin.QueryAsync("SELECT COUNT(pm25) FROM air")).GetInt64(0, "count"));
    }
}
