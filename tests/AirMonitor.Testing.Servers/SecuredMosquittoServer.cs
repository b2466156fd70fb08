using System.Diagnostics;

namespace AirMonitor.Testing.Servers;

/// <summary>
/// Mosquitto as deployed for production: airmon.conf, listeners.conf, devices.acl and ingest.acl from deploy/mosquitto, with
/// an installation made by deploy/mosquitto/identities.sh (CA, broker certificate for 127.0.0.1, password files, CRL).
/// Only the listeners' ports (each on loopback) and the installation folder differ from the deployed files. The broker
/// reads the password files at start and on <see cref="ServerProcess.Reload"/>: add accounts before either.
/// </summary>
public sealed class SecuredMosquittoServer : ServerProcess
{
    private const string DeployedFolder = "/etc/mosquitto/airmon/";

    public SecuredMosquittoServer() : base("mosquitto")
    {
        ChooseOtherPorts();
        System.IO.Directory.CreateDirectory(IncludedDirectory);
        File.Copy(RepositoryFiles.PathOf("deploy/mosquitto/airmon.conf"), Path.Combine(IncludedDirectory, "airmon.conf"));
        Identities("init", "127.0.0.1", "localhost");
    }

    /// <summary>The installation: what identities.sh made (ca.crt, devices/, ingest/, the password files, crl.pem).</summary>
    public string Installation => Path.Combine(Directory, "airmon");

    public string CaFile => Path.Combine(Installation, "ca.crt");

    /// <summary>Devices with a password (deployed as 8883).</summary>
    public Uri DevicePasswordUrl => new($"mqtts://127.0.0.1:{Port}");

    /// <summary>Devices with a client certificate (deployed as 8884).</summary>
    public Uri DeviceCertificateUrl => new($"mqtts://127.0.0.1:{CertificatePort}");

    /// <summary>The ingest's replicas (deployed as 8885).</summary>
    public Uri IngestUrl => new($"mqtts://127.0.0.1:{IngestPort}");

    public int CertificatePort { get; private set; }

    public int IngestPort { get; private set; }

    private string IncludedDirectory => Path.Combine(Directory, "conf.d");

    /// <summary>A device with a password (identities.sh device … password): its username and password.</summary>
    public (string Username, string Password) AddDeviceWithPassword(string device)
    {
        Identities("device", device, "password");
        return Credentials(Path.Combine(Installation, "devices", $"{device}.credentials"));
    }

    /// <summary>
    /// A device with a client certificate (identities.sh device … certificate): its certificate and key files, copied as
    /// installed on the device (a revoke deletes the installation's copies, not the device's).
    /// </summary>
    public (string CertFile, string KeyFile) AddDeviceWithCertificate(string device)
    {
        Identities("device", device, "certificate");
        var onDevice = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "on-devices", device)).FullName;
        foreach (var file in (ReadOnlySpan<string>)[$"{device}.crt", $"{device}.key"])
        {
            File.Copy(Path.Combine(Installation, "devices", file), Path.Combine(onDevice, file), overwrite: true);
        }

        return (Path.Combine(onDevice, $"{device}.crt"), Path.Combine(onDevice, $"{device}.key"));
    }

    /// <summary>An account of the ingest (identities.sh ingest …): its username and password.</summary>
    public (string Username, string Password) AddIngestAccount(string name)
    {
        Identities("ingest", name);
        return Credentials(Path.Combine(Installation, "ingest", $"{name}.credentials"));
    }

    /// <summary>identities.sh revoke: the device's password and certificates; the broker knows after <see cref="ServerProcess.Reload"/>.</summary>
    public void Revoke(string device) => Identities("revoke", device);

    /// <summary>identities.sh init again, as an operator may: what exists is kept.</summary>
    public void InitAgain() => Identities("init", "127.0.0.1", "localhost");

    protected override ProcessStartInfo CreateStartInfo()
    {
        var listeners = File.ReadAllText(RepositoryFiles.PathOf("deploy/mosquitto/listeners.conf"));
        foreach (var (deployed, here) in (ReadOnlySpan<(string, string)>)[
            ("\nlistener 8883\n", $"\nlistener {Port} 127.0.0.1\n"),
            ("\nlistener 8884\n", $"\nlistener {CertificatePort} 127.0.0.1\n"),
            ("\nlistener 8885\n", $"\nlistener {IngestPort} 127.0.0.1\n"),
            (DeployedFolder, Installation + "/")])
        {
            listeners = listeners.Contains(deployed, StringComparison.Ordinal)
                ? listeners.Replace(deployed, here, StringComparison.Ordinal)
                : throw new InvalidOperationException($"deploy/mosquitto/listeners.conf has no '{deployed.Trim()}' any more: change {nameof(SecuredMosquittoServer)} with it");
        }

        File.WriteAllText(Path.Combine(IncludedDirectory, "listeners.conf"), listeners);
        var config = Path.Combine(Directory, "mosquitto.conf");
        File.WriteAllText(config, $"""
            persistence_location {Directory}/
            log_dest stdout
            log_type error
            log_type warning
            log_type notice
            user {Environment.UserName}
            include_dir {IncludedDirectory}
            """);
        return new("mosquitto", ["-c", config]);
    }

    protected override Task<bool> IsReadyAsync(CancellationToken cancellationToken) => AcceptsTcpAsync(cancellationToken);

    protected override void ChooseNewPorts()
    {
        base.ChooseNewPorts();
        ChooseOtherPorts();
    }

    private void ChooseOtherPorts()
    {
        CertificatePort = FreePort();
        IngestPort = FreePort();
    }

    private static (string, string) Credentials(string file) =>
        File.ReadAllText(file).Trim().Split(':', 2) is [var user, var password] ? (user, password) : throw new InvalidOperationException($"{file} is not username:password");

    private void Identities(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RepositoryFiles.PathOf("deploy/mosquitto/identities.sh"));
        start.ArgumentList.Add(arguments[0]);
        start.ArgumentList.Add(Installation);
        foreach (var argument in arguments[1..])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"identities.sh {string.Join(' ', arguments)} exited with {process.ExitCode}: {output.Result}{error}");
        }
    }
}
