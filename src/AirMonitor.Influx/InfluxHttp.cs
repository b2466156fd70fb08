namespace AirMonitor.Influx;

/// <summary>The one HttpClient a process uses for InfluxDB: pooled connections, recycled so DNS changes are seen.</summary>
public static class InfluxHttp
{
    /// <remarks>No client-wide timeout: writes and queries apply <see cref="InfluxOptions.Timeout"/> per request.</remarks>
    public static HttpClient CreateClient(InfluxOptions options) => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = options.Timeout,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
