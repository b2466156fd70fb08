using System.Diagnostics;

namespace AirMonitor.Testing.Servers;

/// <summary>Debian's influxd (1.x) on a free loopback port, its data in a temporary directory.</summary>
public sealed class InfluxServer : ServerProcess
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    public InfluxServer() : base("influxd")
    {
        RpcPort = FreePort();
    }

    public int RpcPort { get; private set; }

    public string ConfigPath => Path.Combine(Directory, "influxdb.conf");

    public Uri Url => new($"http://127.0.0.1:{Port}");

    protected override ProcessStartInfo CreateStartInfo()
    {
        File.WriteAllText(ConfigPath, $"""
            reporting-disabled = true
            bind-address = "127.0.0.1:{RpcPort}"
            [meta]
              dir = "{Directory}/meta"
            [data]
              dir = "{Directory}/data"
              wal-dir = "{Directory}/wal"
              query-log-enabled = false
            [monitor]
              store-enabled = false
            [http]
              enabled = true
              bind-address = "127.0.0.1:{Port}"
              log-enabled = false
              max-body-size = 0
            [continuous_queries]
              enabled = false
            [subscriber]
              enabled = false
            """);
        return new("influxd", ["-config", ConfigPath]);
    }

    protected override void ChooseNewPorts()
    {
        base.ChooseNewPorts();
        RpcPort = FreePort();
    }

    protected override Task<bool> IsReadyAsync(CancellationToken cancellationToken) => AnswersAsync(Http, new Uri(Url, "/ping"), cancellationToken);

    /// <summary>Runs an InfluxQL statement through the HTTP API and returns the raw JSON answer.</summary>
    public async Task<string> QueryRawAsync(string influxQl, string? database = null)
    {
        var uri = new Uri(Url, $"/query?q={Uri.EscapeDataString(influxQl)}" + (database is null ? "" : $"&db={Uri.EscapeDataString(database)}"));
        using var content = new StringContent("");
        using var response = await Http.PostAsync(uri, content);
        var body = await response.Content.ReadAsStringAsync();
        response.EnsureSuccessStatusCode();
        return body;
    }

    public Task CreateDatabaseAsync(string database) => QueryRawAsync($"CREATE DATABASE \"{database}\"");
}
