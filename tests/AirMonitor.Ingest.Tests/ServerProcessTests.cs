using System.Net;
using System.Net.Sockets;
using AirMonitor.Testing.Servers;

namespace AirMonitor.Ingest.Tests;

/// <summary>The test servers' first start survives its port being taken (by a parallel test assembly's server) between choosing it and binding it.</summary>
public sealed class ServerProcessTests
{
    [Fact]
    public async Task Mosquitto_whose_port_was_taken_starts_on_a_fresh_one()
    {
        await using var broker = new MosquittoServer();
        var taken = broker.Port;
        using var squatter = Listen(taken);

        await broker.StartAsync();

        Assert.NotEqual(taken, broker.Port);
        Assert.True(broker.IsRunning);
    }

    [Fact]
    public async Task InfluxDB_whose_ports_were_taken_starts_on_fresh_ones()
    {
        await using var influx = new InfluxServer();
        var (http, rpc) = (influx.Port, influx.RpcPort);
        using var httpSquatter = Listen(http);
        using var rpcSquatter = Listen(rpc);

        await influx.StartAsync();

        Assert.NotEqual(http, influx.Port);
        Assert.NotEqual(rpc, influx.RpcPort);
        Assert.Contains("\"results\"", await influx.QueryRawAsync("SHOW DATABASES"), StringComparison.Ordinal);
    }

    private static PortLease Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        return new PortLease(listener);
    }

    private sealed class PortLease(TcpListener listener) : IDisposable
    {
        public void Dispose() => listener.Stop();
    }
}
