using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace AirMonitor.Testing.Servers;

/// <summary>
/// A TCP forwarder between clients and a server on loopback, to cut the link: <see cref="Cut"/> drops every open
/// connection and refuses new ones until <see cref="Restore"/>, as a dead mobile uplink would.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<TcpClient, TcpClient> _links = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private volatile bool _open = true;

    public TcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public Uri MqttUrl => new($"mqtt://127.0.0.1:{Port}");

    public void Cut()
    {
        _open = false;
        foreach (var (client, server) in _links)
        {
            Close(client, server);
        }
    }

    public void Restore() => _open = true;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            if (!_open)
            {
                client.Dispose();
                continue;
            }

            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            }
            catch (SocketException)
            {
                // The server is down: the client sees its connection refused, as it would without us.
                Close(client, server);
                continue;
            }

            _links[client] = server;
            _ = PumpAsync(client, server);
        }
    }

    private async Task PumpAsync(TcpClient client, TcpClient server)
    {
        try
        {
            await Task.WhenAny(
                client.GetStream().CopyToAsync(server.GetStream(), _stop.Token),
                server.GetStream().CopyToAsync(client.GetStream(), _stop.Token));
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // one side went away
        }
        finally
        {
            Close(client, server);
        }
    }

    private void Close(TcpClient client, TcpClient server)
    {
        _links.TryRemove(client, out _);
        client.Dispose();
        server.Dispose();
    }
}
