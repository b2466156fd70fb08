using AirMonitor.Sensors.Modbus;

namespace AirMonitor.Sensors.ModbusAnalyser;

/// <summary>
/// Opens analysers' Modbus links: one transport per endpoint, shared by every analyser on it (units on one RS-485 line,
/// or behind one TCP gateway), closed when the last of them is disposed. The only place the Modbus client is constructed.
/// </summary>
public static class ModbusLinks
{
    // A simulated line has no wire: its t3.5 silence is the fixed 1.75 ms of lines above 19 200 bps.
    private const int SimulatedBaud = 115_200;

    private static readonly Lock Gate = new();
    private static readonly Dictionary<ModbusEndpoint, (IModbusTransport Transport, int Users)> Transports = [];

    /// <summary>The analyser at <paramref name="link"/>'s endpoint and unit; dispose it to release the shared transport.</summary>
    /// <exception cref="InvalidOperationException">The transport cannot be opened (counted by the sampler, which retries).</exception>
    public static IModbusDevice Connect(AnalyserLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        var endpoint = link.Endpoint ?? throw new ArgumentException("an analyser read only through GPIO contacts has no Modbus link", nameof(link));
        lock (Gate)
        {
            var (transport, users) = Transports.TryGetValue(endpoint, out var shared) ? shared : (OpenTransport(endpoint), 0);
            Transports[endpoint] = (transport, users + 1);
            return new Lease(endpoint, Client(transport, link));
        }
    }

    /// <summary>A simulated analyser's bank as its unit on a simulated RS-485 line: the edge speaks RTU frames to it.</summary>
    public static IModbusDevice Simulated(ModbusRegisterBank bank, byte unit)
    {
        ArgumentNullException.ThrowIfNull(bank);
        return new ModbusClient(new ModbusRtuTransport(new SimulatedModbusLine(unit, bank), SimulatedBaud), unit, new ModbusClientOptions());
    }

    private static IModbusTransport OpenTransport(ModbusEndpoint endpoint) => endpoint switch
    {
        ModbusTcpEndpoint tcp => new ModbusTcpTransport(tcp.Host, tcp.Port),
        ModbusRtuEndpoint rtu => ModbusRtuTransport.OpenSerial(rtu.PortName, rtu.Baud, rtu.Parity, rtu.StopBits),
        _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, "an endpoint of no known kind"),
    };

    // The transport is shared: the lease releases it when its last analyser goes, not the client.
    private static ModbusClient Client(IModbusTransport transport, AnalyserLink link) =>
        new(transport, link.Unit, new ModbusClientOptions { Timeout = link.Timeout, Retries = link.Retries }, shouldDispose: false);

    private static void Release(ModbusEndpoint endpoint)
    {
        lock (Gate)
        {
            var (transport, users) = Transports[endpoint];
            if (users > 1)
            {
                Transports[endpoint] = (transport, users - 1);
                return;
            }

            Transports.Remove(endpoint);
            transport.Dispose();
        }
    }

    /// <summary>One analyser's use of a shared transport.</summary>
    private sealed class Lease(ModbusEndpoint endpoint, IModbusDevice client) : IModbusDevice, IDisposable
    {
        private int _disposed;

        public bool[] ReadBits(ModbusTable table, ushort address, ushort count) => client.ReadBits(table, address, count);

        public ushort[] ReadRegisters(ModbusTable table, ushort address, ushort count) => client.ReadRegisters(table, address, count);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                (client as IDisposable)?.Dispose();
                Release(endpoint);
            }
        }
    }
}
