using System.Diagnostics;
using AirMonitor.Testing.Servers;

namespace AirMonitor.Testing.Pipeline;

/// <summary>
/// The real edge worker (<c>airmon-edge.dll</c>, which a test project referencing AirMonitor.Edge has beside it) as a
/// child process on a profile, with a trusted clock; so it can be killed with -9 mid-run and started again.
/// </summary>
public sealed class EdgeProcess(string profilePath, params string[] configuration) : ServerProcess("edge")
{
    protected override ProcessStartInfo CreateStartInfo() => new("dotnet",
    [
        Path.Combine(AppContext.BaseDirectory, "airmon-edge.dll"),
        $"--Edge:ProfilePath={profilePath}",
        "--Edge:ClockSyncFile=",
        "--Logging:LogLevel:Default=Warning",
        "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
        .. configuration,
    ]);

    // The edge serves nothing: its Port is unused.
    protected override bool ListensOnPort => false;

    // The host logs this once every hosted service has started (sampling and uplink running).
    protected override Task<bool> IsReadyAsync(CancellationToken cancellationToken) =>
        Task.FromResult(ReadLog().Contains("Application started", StringComparison.Ordinal));
}
