using AirMonitor.Influx.Tests.Support;
using AirMonitor.Testing.Servers;

namespace AirMonitor.Influx.Tests;

public sealed class InfluxQueryClientTests(InfluxServerFixture influx) : IClassFixture<InfluxServerFixture>
{
    [Fact]
    public async Task Ping_answers_with_the_server_version()
    {
        var version = await influx.QueryClient("any").PingAsync();
        Assert.StartsWith("1.", version, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ping_of_a_server_that_is_not_there_fails_clearly()
    {
        var client = new InfluxQueryClient(influx.Http, new InfluxOptions { Url = $"http://127.0.0.1:{ServerProcess.FreePort()}", Database = "db" });
        var e = await Assert.ThrowsAsync<InfluxQueryException>(() => client.PingAsync());
        Assert.Null(e.StatusCode);
        Assert.StartsWith("Could not reach InfluxDB at http://127.0.0.1:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_database_quotes_names_with_quotes_spaces_and_commas()
    {
        const string name = "air \"quality\", 2024 'x'";
        var client = influx.QueryClient("unused");

        await client.CreateDatabaseAsync(name);
        await client.CreateDatabaseAsync(name); // exists already: no error

        var databases = await client.QueryAsync("SHOW DATABASES", database: null);
        Assert.Contains(name, Assert.Single(databases).GetStrings("name"));
    }

    [Fact]
    public async Task Create_database_with_a_name_influx_refuses_raises_its_error()
    {
        // InfluxDB 1.x refuses '/' and '\' in database names; the quoting reached the server intact.
        var e = await Assert.ThrowsAsync<InfluxQueryException>(() => influx.QueryClient("unused").CreateDatabaseAsync("a\\b"));
        Assert.Equal("Statement 0 of 'CREATE DATABASE \"a\\\\b\"' failed: invalid name", e.Message);
    }

    [Fact]
    public async Task Query_returns_series_with_tags_columns_and_ms_times_for_each_statement()
    {
        var db = await influx.CreateDatabaseAsync();
        await new InfluxWriteClient(influx.Http, influx.Options(db)).WriteAsync(
        [
            new("air", [new("station", "north")], [new("pm25", 1.5), new("n", 1L)], 1000),
            new("air", [new("station", "north")], [new("pm25", 2.5), new("n", 2L)], 2000),
            new("air", [new("station", "south")], [new("pm25", 9.0), new("n", 3L)], 1000),
        ]);

        var series = await influx.QueryClient(db).QueryAsync("SELECT pm25, n FROM air GROUP BY station; SELECT MAX(pm25) FROM air");

        Assert.Equal(3, series.Count);
        Assert.Equal([("air", "north", 0), ("air", "south", 0), ("air", null, 1)], series.Select(s => (s.Name, s.Tags.GetValueOrDefault("station"), s.StatementId)));
        Assert.Equal(["time", "pm25", "n"], series[0].Columns);
        Assert.Equal([DateTimeOffset.FromUnixTimeMilliseconds(1000), DateTimeOffset.FromUnixTimeMilliseconds(2000)], [series[0].GetTime(0), series[0].GetTime(1)]);
        Assert.Equal([1.5, 2.5], series[0].GetDoubles("pm25"));
        Assert.Equal([1L, 2L], series[0].GetInt64s("n"));
        Assert.Equal(9.0, series[2].GetDouble(0, "max"));
        Assert.Throws<KeyNotFoundException>(() => series[0].ColumnIndex("nope"));
    }

    [Fact]
    public async Task Null_cells_read_as_null()
    {
        var db = await influx.CreateDatabaseAsync();
        await new InfluxWriteClient(influx.Http, influx.Options(db)).WriteAsync(
        [
            new("air", [], [new("a", 1.0)], 1000),
            new("air", [], [new("b", "x")], 2000),
        ]);

        var s = Assert.Single(await influx.QueryClient(db).QueryAsync("SELECT a, b FROM air"));

        Assert.Equal([1.0, null], s.GetDoubles("a"));
        Assert.Equal([null, "x"], s.GetStrings("b"));
    }

    [Fact]
    public async Task Statement_error_raises_a_query_exception_with_the_servers_message()
    {
        var db = await influx.CreateDatabaseAsync();
        var e = await Assert.ThrowsAsync<InfluxQueryException>(() => influx.QueryClient(db).QueryAsync("SELECT * FROM air WHERE time > 'not a time'"));
        Assert.StartsWith("Statement 0 of 'SELECT * FROM air WHERE time > 'not a time'' failed: ", e.Message, StringComparison.Ordinal);
        Assert.Equal(200, e.StatusCode);
    }

    [Fact]
    public async Task Syntax_error_raises_a_query_exception_with_the_servers_message()
    {
        var db = await influx.CreateDatabaseAsync();
        var e = await Assert.ThrowsAsync<InfluxQueryException>(() => influx.QueryClient(db).QueryAsync("SELEC nonsense"));
        Assert.Equal(400, e.StatusCode);
        Assert.Contains("error parsing query", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quoted_string_literals_match_tag_values_with_quotes_and_backslashes()
    {
        var db = await influx.CreateDatabaseAsync();
        const string station = "O'Brien \\\"north\", lane=2 \\x";
        await new InfluxWriteClient(influx.Http, influx.Options(db)).WriteAsync(
        [
            new("air", [new("station", station)], [new("pm25", 4.0)], 1000),
            new("air", [new("station", "other")], [new("pm25", 5.0)], 1000),
        ]);

        var s = Assert.Single(await influx.QueryClient(db).QueryAsync($"SELECT pm25 FROM air WHERE station = {InfluxQl.QuoteString(station)}"));

        Assert.Equal([4.0], s.GetDoubles("pm25"));
    }
}
