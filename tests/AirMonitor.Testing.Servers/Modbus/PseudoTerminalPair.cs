using System.Diagnostics;

namespace AirMonitor.Testing.Servers.Modbus;

/// <summary>
/// A serial line in software: two pseudo-terminals joined by socat, raw, no echo. A server opens <see cref="ServerEnd"/>,
/// the client <see cref="ClientEnd"/>; the line outlives either, as a cable outlives a rebooted analyser.
/// </summary>
public sealed class PseudoTerminalPair : ServerProcess
{
    public PseudoTerminalPair() : base("socat")
    {
    }

    /// <summary>The terminal device (<c>/dev/pts/N</c>) of the server's end.</summary>
    public string ServerEnd => File.ResolveLinkTarget(ServerLink, returnFinalTarget: true)!.FullName;

    /// <summary>The terminal device (<c>/dev/pts/N</c>) of the client's end.</summary>
    public string ClientEnd => File.ResolveLinkTarget(ClientLink, returnFinalTarget: true)!.FullName;

    protected override bool ListensOnPort => false;

    private string ServerLink => Path.Combine(Directory, "server");

    private string ClientLink => Path.Combine(Directory, "client");

    protected override ProcessStartInfo CreateStartInfo() =>
        new("socat", ["-d", "-d", $"pty,raw,echo=0,link={ServerLink}", $"pty,raw,echo=0,link={ClientLink}"]);

    protected override Task<bool> IsReadyAsync(CancellationToken cancellationToken) =>
        Task.FromResult(ReadLog().Contains("starting data transfer loop", StringComparison.Ordinal));
}
