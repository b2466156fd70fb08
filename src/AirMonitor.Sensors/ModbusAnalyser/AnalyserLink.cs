using System.IO.Ports;

namespace AirMonitor.Sensors.ModbusAnalyser;

/// <summary>
/// How the edge reaches one analyser and what it reads there: the link (an endpoint shared by every unit on it, and this
/// analyser's unit id) and its register map. Built from a device profile's <c>bus: modbus-tcp</c>, <c>modbus-rtu</c> or <c>gpio</c> sensor.
/// </summary>
/// <param name="Endpoint">Null for an analyser read only through GPIO contacts (<c>bus: gpio</c>).</param>
/// <param name="Unit">The Modbus unit id, 1..247.</param>
/// <param name="Timeout">How long one request waits for its answer.</param>
/// <param name="Retries">Requests sent again after a timeout before the reading is a fault.</param>
public sealed record AnalyserLink(ModbusEndpoint? Endpoint, byte Unit, TimeSpan Timeout, int Retries, AnalyserMap Map)
{
    public const byte DefaultUnit = 1;

    public const int DefaultRetries = 1;

    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(1);
}

/// <summary>Where a Modbus link ends: one transport, shared by the units on it.</summary>
public abstract record ModbusEndpoint;

/// <summary>Modbus TCP: an analyser's own interface, or a gateway in front of several units.</summary>
public sealed record ModbusTcpEndpoint(string Host, int Port = ModbusTcpEndpoint.DefaultPort) : ModbusEndpoint
{
    public const int DefaultPort = 502;
}

/// <summary>Modbus RTU on a serial line (RS-485): every unit on it shares its baud rate, parity and stop bits.</summary>
/// <param name="Parity">Even by default: the Modbus serial line specification's default.</param>
public sealed record ModbusRtuEndpoint(string PortName, int Baud = ModbusRtuEndpoint.DefaultBaud, Parity Parity = Parity.Even, StopBits StopBits = StopBits.One) : ModbusEndpoint
{
    public const int DefaultBaud = 9600;
}
