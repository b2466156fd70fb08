using System.Diagnostics;
using System.Globalization;

namespace AirMonitor.Testing.Servers.Modbus;

/// <summary>
/// A real Modbus server: Debian's pymodbus 3.0 running modbus_server.py beside this file, serving a
/// <see cref="ModbusServerMap"/> over Modbus TCP on a free loopback port, or Modbus RTU on one end of a
/// <see cref="PseudoTerminalPair"/>.
/// </summary>
public sealed class PymodbusServer : ServerProcess
{
    // Debian's interpreter by path: python3-pymodbus is installed for it, and a python3 earlier on PATH (pyenv) lacks it.
    private const string Python = "/usr/bin/python3";
    private readonly ModbusServerMap _map;
    private readonly string? _serialDevice;
    private readonly int _baudRate;
    private int _logStart;

    private PymodbusServer(ModbusServerMap map, string? serialDevice, int baudRate) : base("pymodbus")
    {
        _map = map;
        _serialDevice = serialDevice;
        _baudRate = baudRate;
    }

    /// <summary>Modbus TCP on 127.0.0.1:<see cref="ServerProcess.Port"/>.</summary>
    public static PymodbusServer Tcp(ModbusServerMap map) => new(map, serialDevice: null, baudRate: 0);

    /// <summary>Modbus RTU on <paramref name="serialDevice"/> (e.g. <see cref="PseudoTerminalPair.ServerEnd"/>).</summary>
    public static PymodbusServer Rtu(ModbusServerMap map, string serialDevice, int baudRate) => new(map, serialDevice, baudRate);

    public string MapPath => Path.Combine(Directory, "map.json");

    /// <summary>How long each answer waits (a slow server); read by the server before each answer, so it applies at once.</summary>
    public TimeSpan AnswerDelay
    {
        set => File.WriteAllText(DelayPath, value.TotalSeconds.ToString(CultureInfo.InvariantCulture));
    }

    protected override bool ListensOnPort => _serialDevice is null;

    private string DelayPath => Path.Combine(Directory, "delay");

    protected override ProcessStartInfo CreateStartInfo()
    {
        File.WriteAllText(MapPath, _map.ToJson(DelayPath).ToJsonString());
        _logStart = File.Exists(LogPath) ? ReadLog().Length : 0;
        var script = RepositoryFiles.PathOf("tests/AirMonitor.Testing.Servers/Modbus/modbus_server.py");
        return _serialDevice is null
            ? new(Python, [script, MapPath, "tcp", Port.ToString(CultureInfo.InvariantCulture)])
            : new(Python, [script, MapPath, "rtu", _serialDevice, _baudRate.ToString(CultureInfo.InvariantCulture)]);
    }

    protected override Task<bool> IsReadyAsync(CancellationToken cancellationToken) =>
        _serialDevice is null
            ? AcceptsTcpAsync(cancellationToken)
            : Task.FromResult(ReadLog()[Math.Min(_logStart, ReadLog().Length)..].Contains("serving rtu", StringComparison.Ordinal));
}
