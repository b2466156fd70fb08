using AirMonitor.Testing.Servers;

namespace AirMonitor.Influx.Tests.Support;

/// <summary>One influxd with authentication for the test class; each test makes its own database and user.</summary>
public sealed class AuthenticatedInfluxFixture : IAsyncLifetime
{
    private int _databases;

    public InfluxServer Server { get; } = new(authEnabled: true);

    public Task InitializeAsync() => Server.StartAsync();

    public Task DisposeAsync() => Server.DisposeAsync().AsTask();

    /// <summary>A new database and a user without admin rights granted <paramref name="privilege"/> on it.</summary>
    public async Task<(string Database, string User, string Password)> DatabaseWithUserAsync(string privilege)
    {
        var n = Interlocked.Increment(ref _databases);
        var (db, user, password) = ($"db{n}", $"airmon{n}", $"Pa55-{Guid.NewGuid():N}");
        await Server.CreateDatabaseAsync(db);
        await Server.CreateUserAsync(user, password, db, privilege);
        return (db, user, password);
    }

    public InfluxOptions Options(string database, string user, string password) =>
        new() { Url = Server.Url.ToString(), Database = database, Username = user, Password = password, MaxConcurrentWrites = 1 };
}
