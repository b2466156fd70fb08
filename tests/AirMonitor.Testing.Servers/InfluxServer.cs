using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace AirMonitor.Testing.Servers;

/// <summary>
/// Debian's influxd (1.x) on a free loopback port, its data in a temporary directory. With
/// <see cref="AuthEnabled"/> it refuses requests without credentials; the kit creates <see cref="AdminUsername"/> at the
/// first start and sends the admin's credentials with its own statements, and <see cref="CreateUserAsync"/> makes users
/// without admin rights.
/// </summary>
public sealed class InfluxServer : ServerProcess
{
    public const string AdminUsername = "admin";

    public const string AdminPassword = "admin-Pa55-word";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private bool _adminCreated;

    /// <param name="authEnabled"><c>[http] auth-enabled</c>: every request but /ping needs a user's credentials.</param>
    public InfluxServer(bool authEnabled = false) : base("influxd")
    {
        RpcPort = FreePort();
        AuthEnabled = authEnabled;
    }

    public bool AuthEnabled { get; }

    /// <summary><c>[data] max-series-per-database</c> from the next start on; null: the server's default (1,000,000).</summary>
    public int? MaxSeriesPerDatabase { get; set; }

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
              max-series-per-database = {MaxSeriesPerDatabase ?? 1_000_000}
            [monitor]
              store-enabled = false
            [http]
              enabled = true
              bind-address = "127.0.0.1:{Port}"
              log-enabled = false
              max-body-size = 0
              auth-enabled = {(AuthEnabled ? "true" : "false")}
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

    protected override async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        if (!await AnswersAsync(Http, new Uri(Url, "/ping"), cancellationToken))
        {
            return false;
        }

        if (AuthEnabled && !_adminCreated)
        {
            // Allowed without credentials only while the server has no user at all (a restart keeps the admin).
            await QueryRawAsync($"CREATE USER \"{AdminUsername}\" WITH PASSWORD '{AdminPassword}' WITH ALL PRIVILEGES");
            _adminCreated = true;
        }

        return true;
    }

    /// <summary>
    /// Runs an InfluxQL statement through the HTTP API (with the admin's credentials when <see cref="AuthEnabled"/>) and
    /// returns the raw JSON answer. The statement goes in the body, not the URL: it may carry a password.
    /// </summary>
    public async Task<string> QueryRawAsync(string influxQl, string? database = null)
    {
        var form = new List<KeyValuePair<string, string>> { new("q", influxQl) };
        if (database is not null)
        {
            form.Add(new("db", database));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Url, "/query")) { Content = new FormUrlEncodedContent(form) };
        if (AuthEnabled)
        {
            request.Headers.Authorization = BasicAuthorization(AdminUsername, AdminPassword);
        }

        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || body.Contains("\"error\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"influxd answered {(int)response.StatusCode} to a statement: {body}");
        }

        return body;
    }

    public Task CreateDatabaseAsync(string database) => QueryRawAsync($"CREATE DATABASE \"{database}\"");

    /// <summary>A user without admin rights, granted <paramref name="privilege"/> (<c>READ</c>, <c>WRITE</c>, <c>ALL</c>) on <paramref name="database"/>, if given.</summary>
    public async Task CreateUserAsync(string username, string password, string? database = null, string privilege = "ALL")
    {
        await QueryRawAsync($"CREATE USER \"{username}\" WITH PASSWORD '{password}'");
        if (database is not null)
        {
            await GrantAsync(username, database, privilege);
        }
    }

    public Task GrantAsync(string username, string database, string privilege) => QueryRawAsync($"GRANT {privilege} ON \"{database}\" TO \"{username}\"");

    /// <summary>The header value of HTTP Basic authentication.</summary>
    public static AuthenticationHeaderValue BasicAuthorization(string username, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
}
