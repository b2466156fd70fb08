using System.Diagnostics;

namespace AirMonitor.Testing.Servers;

/// <summary>
/// Debian's Mosquitto 2 on a free loopback port, persistence in a temporary directory, with the deployed broker
/// settings (deploy/mosquitto/airmon.conf): what is tested is what is deployed.
/// </summary>
public sealed class MosquittoServer : ServerProcess
{
    private readonly string? _extraConfig;

    /// <remarks>Run as root, Mosquitto would drop to the <c>mosquitto</c> user and lose write access to its own directory.</remarks>
    public MosquittoServer(string? extraConfig = null) : base("mosquitto")
    {
        _extraConfig = extraConfig;
        File.Copy(RepositoryFiles.PathOf("deploy/mosquitto/airmon.conf"), Path.Combine(IncludedDirectory, "airmon.conf"));
    }

    public string ConfigPath => Path.Combine(Directory, "mosquitto.conf");

    public Uri Url => new($"mqtt://127.0.0.1:{Port}");

    private string IncludedDirectory => System.IO.Directory.CreateDirectory(Path.Combine(Directory, "conf.d")).FullName;

    protected override ProcessStartInfo CreateStartInfo()
    {
        File.WriteAllText(ConfigPath, $"""
            listener {Port} 127.0.0.1
            allow_anonymous true
            persistence_location {Directory}/
            log_dest stdout
            log_type error
            log_type warning
            log_type notice
            user {Environment.UserName}
            include_dir {IncludedDirectory}
            {_extraConfig}
            """);
        return new("mosquitto", ["-c", ConfigPath]);
    }

    protected override Task<bool> IsReadyAsync(CancellationToken cancellationToken) => AcceptsTcpAsync(cancellationToken);
}
