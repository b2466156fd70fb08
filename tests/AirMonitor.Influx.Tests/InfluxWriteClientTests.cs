using System.Net;
using AirMonitor.Influx.Tests.Support;
using AirMonitor.Testing.Servers;

namespace AirMonitor.Influx.Tests;

public sealed class InfluxWriteClientTests(InfluxServerFixture influx) : IClassFixture<InfluxServerFixture>
{
    private static InfluxPoint Air(string device, long time, double pm25, params (string Key, FieldValue Value)[] more) =>
        new("air", [new("device", device), new("station", "s-" + device)], [new("pm25", pm25), .. more.Select(f => KeyValuePair.Create(f.Key, f.Value))], time);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Written_points_are_read_back_with_exact_values_with_and_without_gzip(bool gzip)
    {
        var db = await influx.CreateDatabaseAsync();
        using var handler = new FaultInjectingHandler(_ => null);
        using var http = new HttpClient(handler);
        var client = new InfluxWriteClient(http, influx.Options(db, o => o.Gzip = gzip));

        await client.WriteAsync(
        [
            Air("d1", 1_700_000_000_001, 12.25, ("count", 7L), ("ok", true), ("note", "a \"b\" \\c")),
            Air("d1", 1_700_000_000_002, 0.1 + 0.2, ("count", long.MaxValue), ("ok", false), ("note", "")),
            Air("d2", 1_700_000_000_001, -1e-300, ("count", long.MinValue), ("ok", true), ("note", "µg/m³ 🌫")),
        ]);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(gzip ? ["gzip"] : [], request.ContentEncoding);
        Assert.Equal(3, request.Lines.Length);

        var series = await influx.ReadAllAsync(db, "air");
        Assert.Equal(2, series.Count);
        var d1 = series.Single(s => s.Tags["device"] == "d1");
        Assert.Equal(new Dictionary<string, string> { ["device"] = "d1", ["station"] = "s-d1" }, d1.Tags);
        Assert.Equal(["time", "count", "note", "ok", "pm25"], d1.Columns);
        Assert.Equal([1_700_000_000_001L, 1_700_000_000_002L], d1.GetInt64s("time"));
        Assert.Equal([12.25, 0.1 + 0.2], d1.GetDoubles("pm25"));
        Assert.Equal([7L, long.MaxValue], d1.GetInt64s("count"));
        Assert.Equal([true, false], [d1.GetBoolean(0, "ok"), d1.GetBoolean(1, "ok")]);
        Assert.Equal(["a \"b\" \\c", ""], d1.GetStrings("note"));
        var d2 = series.Single(s => s.Tags["device"] == "d2");
        Assert.Equal(-1e-300, d2.GetDouble(0, "pm25"));
        Assert.Equal(long.MinValue, d2.GetInt64(0, "count"));
        Assert.Equal("µg/m³ 🌫", d2.GetString(0, "note"));
    }

    [Fact]
    public async Task V1_credentials_are_sent_as_basic_auth_and_the_server_stores_the_points()
    {
        var db = await influx.CreateDatabaseAsync();
        using var handler = new FaultInjectingHandler(_ => null);
        using var http = new HttpClient(handler);
        var client = new InfluxWriteClient(http, influx.Options(db, o => (o.Username, o.Password) = ("ingest", "s3cret")));

        await client.WriteAsync([Air("d1", 1000, 1.5)]);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("Basic " + Convert.ToBase64String("ingest:s3cret"u8.ToArray()), request.Authorization);
        Assert.DoesNotContain("s3cret", request.Uri.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, await influx.CountAsync(db, "air", "pm25"));
    }

    [Fact]
    public async Task Points_go_to_the_configured_retention_policy()
    {
        var db = await influx.CreateDatabaseAsync();
        await influx.Server.QueryRawAsync($"CREATE RETENTION POLICY \"short term\" ON \"{db}\" DURATION 1d REPLICATION 1", db);
        var client = new InfluxWriteClient(influx.Http, influx.Options(db, o => o.RetentionPolicy = "short term"));

        await client.WriteAsync([Air("d1", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 4.5)]);

        var inPolicy = await influx.QueryClient(db).QueryAsync("SELECT pm25 FROM \"short term\".\"air\"");
        Assert.Equal([4.5], Assert.Single(inPolicy).GetDoubles("pm25"));
        Assert.Empty(await influx.QueryClient(db).QueryAsync("SELECT pm25 FROM \"autogen\".\"air\""));
    }

    [Fact]
    public async Task Field_type_conflict_is_a_non_retryable_400_naming_the_rejected_line()
    {
        var db = await influx.CreateDatabaseAsync();
        var client = new InfluxWriteClient(influx.Http, influx.Options(db));
        await client.WriteAsync([Air("d1", 1000, 1.5)]);

        var e = await Assert.ThrowsAsync<InfluxWriteException>(() => client.WriteAsync([Air("d2", 2000, 2.5), new InfluxPoint("air", [new("device", "d3")], [new("pm25", 3L)], 3000)]));

        Assert.Equal(400, e.StatusCode);
        Assert.False(e.IsRetryable);
        Assert.Null(e.RetryAfter);
        Assert.Contains("field type conflict", e.ServerError, StringComparison.Ordinal);
        Assert.Equal(["air,device=d3 pm25=3i 3000"], e.RejectedLines);
        Assert.Contains("field type conflict: input field \"pm25\" on measurement \"air\" is type integer", e.Message, StringComparison.Ordinal);
        Assert.Contains("rejected line: air,device=d3 pm25=3i 3000", e.Message, StringComparison.Ordinal);
        // 1.x stores the rest of a partially rejected write
        Assert.Equal(2, await influx.CountAsync(db, "air", "pm25"));
    }

    [Fact]
    public async Task Missing_database_is_a_non_retryable_404_with_the_server_error()
    {
        var client = new InfluxWriteClient(influx.Http, influx.Options("no_such_db"));

        var e = await Assert.ThrowsAsync<InfluxWriteException>(() => client.WriteAsync([Air("d1", 1000, 1.5)]));

        Assert.Equal(404, e.StatusCode);
        Assert.False(e.IsRetryable);
        Assert.Equal("database not found: \"no_such_db\"", e.ServerError);
    }

    [Fact]
    public async Task Body_too_large_413_splits_the_batch_in_halves_until_the_server_accepts_each_part()
    {
        var db = await influx.CreateDatabaseAsync();
        const int limit = 200;
        using var handler = new FaultInjectingHandler(r => r.WireBodyLength > limit ? FaultInjectingHandler.Answer(HttpStatusCode.RequestEntityTooLarge, "{\"error\":\"Request Entity Too Large\"}") : null);
        using var http = new HttpClient(handler);
        var client = new InfluxWriteClient(http, influx.Options(db, o => o.Gzip = false));
        var points = Enumerable.Range(0, 10).Select(i => Air("d" + i, 1000 + i, i)).ToList();

        await client.WriteAsync(points);

        var stored = handler.ForwardedWrites;
        Assert.All(stored, r => Assert.True(r.WireBodyLength <= limit));
        Assert.Equal(points.Select(LineProtocol.Format), stored.SelectMany(r => r.Lines));
        Assert.Equal(10, await influx.CountAsync(db, "air", "pm25"));
        // 39-byte lines: 10 (390 bytes) are refused, each half (195 bytes) is stored
        Assert.Equal([(10, false), (5, true), (5, true)], handler.Requests.Select(r => (r.Lines.Length, r.Forwarded)));
    }

    [Fact]
    public async Task Single_point_larger_than_the_body_limit_fails_with_413_naming_it()
    {
        var db = await influx.CreateDatabaseAsync();
        using var handler = new FaultInjectingHandler(r => r.WireBodyLength > 100 ? FaultInjectingHandler.Answer(HttpStatusCode.RequestEntityTooLarge) : null);
        using var http = new HttpClient(handler);
        var client = new InfluxWriteClient(http, influx.Options(db, o => o.Gzip = false));
        var big = new InfluxPoint("air", [new("device", "big")], [new("note", new string('x', 200))], 5);

        var e = await Assert.ThrowsAsync<InfluxWriteException>(() => client.WriteAsync([Air("d1", 1, 1), big]));

        Assert.Equal(413, e.StatusCode);
        Assert.False(e.IsRetryable);
        Assert.Equal([LineProtocol.Format(big)], e.RejectedLines);
        Assert.Equal(1, await influx.CountAsync(db, "air", "pm25"));
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task Server_errors_and_429_are_retryable_with_retry_after_in_seconds(HttpStatusCode status)
    {
        var db = await influx.CreateDatabaseAsync();
        using var handler = new FaultInjectingHandler(_ => FaultInjectingHandler.Answer(status, "{\"error\":\"busy\"}", r => r.Headers.RetryAfter = new(TimeSpan.FromSeconds(7))));
        using var http = new HttpClient(handler);
        var client = new InfluxWriteClient(http, influx.Options(db));

        var e = await Assert.ThrowsAsync<InfluxWriteException>(() => client.WriteAsync([Air("d1", 1, 1)]));

        Assert.Equal((int)status, e.StatusCode);
        Assert.True(e.IsRetryable);
        Assert.Equal(TimeSpan.FromSeconds(7), e.RetryAfter);
        Assert.Equal("busy", e.ServerError);
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_measured_from_the_servers_date_header()
    {
        var db = await influx.CreateDatabaseAsync();
        var serverNow = new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
        using var handler = new FaultInjectingHandler(_ => FaultInjectingHandler.Answer(HttpStatusCode.ServiceUnavailable, null, r =>
        {
            r.Headers.Date = serverNow;
            r.Headers.RetryAfter = new(serverNow.AddSeconds(90));
        }));
        using var http = new HttpClient(handler);
        var client = new InfluxWriteClient(http, influx.Options(db));

        var e = await Assert.ThrowsAsync<InfluxWriteException>(() => client.WriteAsync([Air("d1", 1, 1)]));

        Assert.Equal(TimeSpan.FromSeconds(90), e.RetryAfter);
    }

    [Fact]
    public async Task Connection_refused_is_retryable_without_a_status()
    {
        var client = new InfluxWriteClient(influx.Http, new InfluxOptions { Url = $"http://127.0.0.1:{ServerProcess.FreePort()}", Database = "db" });

        var e = await Assert.ThrowsAsync<InfluxWriteException>(() => client.WriteAsync([Air("d1", 1, 1)]));

        Assert.Null(e.StatusCode);
        Assert.True(e.IsRetryable);
        Assert.IsType<HttpRequestException>(e.InnerException);
    }

    [Fact]
    public async Task No_answer_within_the_timeout_is_retryable_without_a_status()
    {
        var db = await influx.CreateDatabaseAsync();
        influx.Server.Pause();
        try
        {
            var client = new InfluxWriteClient(influx.Http, influx.Options(db, o => o.Timeout = TimeSpan.FromMilliseconds(300)));

            var e = await Assert.ThrowsAsync<InfluxWriteException>(() => client.WriteAsync([Air("d1", 1, 1)]));

            Assert.Null(e.StatusCode);
            Assert.True(e.IsRetryable);
            Assert.Contains("did not answer a write of 1 points", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            influx.Server.Resume();
        }
    }

    [Fact]
    public async Task Caller_cancellation_is_an_operation_cancelled_not_a_write_failure()
    {
        var db = await influx.CreateDatabaseAsync();
        var client = new InfluxWriteClient(influx.Http, influx.Options(db));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.WriteAsync([Air("d1", 1, 1)], cancelled.Token));
        Assert.Equal(0, await influx.CountAsync(db, "air", "pm25"));
    }

    [Fact]
    public async Task Invalid_point_throws_before_anything_is_sent()
    {
        var db = await influx.CreateDatabaseAsync();
        using var handler = new FaultInjectingHandler(_ => null);
        using var http = new HttpClient(handler);
        var client = new InfluxWriteClient(http, influx.Options(db));

        Assert.Throws<ArgumentException>(() => { _ = client.WriteAsync([Air("d1", 1, 1), Air("bad\nline", 2, 2)]); });
        Assert.Empty(handler.Requests);
    }
}
