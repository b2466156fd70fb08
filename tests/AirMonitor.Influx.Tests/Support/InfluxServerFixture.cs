using AirMonitor.Testing.Servers;


namespace AirMonitor.Influx.Tests.Support;

/// <summary>One real influxd per test class; each test makes its own database in it.</summary>
public sealed class InfluxServerFixture : IAsyncLifetime
{
    private int _databases;

    public InfluxServer Server { get; } = new();

    public HttpClient Http { get; } = new();

    public Task InitializeAsync() => Server.StartAsync();

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>A new, empty database.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"db{Interlocked.Increment(ref _databases)}";
        await Server.CreateDatabaseAsync(name);
        return name;
    }

    /// <remarks>One write in flight unless a test asks for more: tests that look at the requests expect them in batch order.</remarks>
    public InfluxOptions Options(string database, Action<InfluxOptions>? configure = null)
    {
        var options = new InfluxOptions { Url = Server.Url.ToString(), Database = database, MaxConcurrentWrites = 1 };
        configure?.Invoke(options);
        return options;
    }

    public InfluxQueryClient QueryClient(string database) => new(Http, Options(database));

    /// <summary>Every point of the measurement, one series per tag set.</summary>
    public Task<IReadOnlyList<InfluxSeries>> ReadAllAsync(string database, string measurement) =>
        QueryClient(database).QueryAsync($"SELECT * FROM {InfluxQl.QuoteIdentifier(measurement)} GROUP BY *");

    public async Task<long> CountAsync(string database, string measurement, string field)
    {
        var series = await QueryClient(database).QueryAsync($"SELECT COUNT({InfluxQl.QuoteIdentifier(field)}) FROM {InfluxQl.QuoteIdentifier(measurement)}");
        return series.Count == 0 ? 0 : series[0].GetInt64(0, "count") ?? 0;
    }
}
