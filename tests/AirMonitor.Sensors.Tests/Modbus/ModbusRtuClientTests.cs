using System.Diagnostics;
using System.IO.Ports;
using AirMonitor.Sensors.Modbus;
using AirMonitor.Testing.Servers.Modbus;

namespace AirMonitor.Sensors.Tests.Modbus;

/// <summary>
/// The client over Modbus RTU against pymodbus on one end of a pseudo-terminal pair (socat), the client on the other
/// through <see cref="SerialPort"/> as on an RS-485 adapter: <see cref="ModbusLinkTests"/>, and what only RTU does.
/// </summary>
public sealed class ModbusRtuClientTests : ModbusLinkTests
{
    private const int BaudRate = 9600;

    private PseudoTerminalPair Line { get; } = new();

    public override async Task InitializeAsync()
    {
        await Line.StartAsync();
        Server = PymodbusServer.Rtu(Map(), Line.ServerEnd, BaudRate);
        await Server.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Line.DisposeAsync();
    }

    [Fact]
    public void A_unit_id_nobody_on_the_line_has_times_out_after_every_attempt()
    {
        using var client = Client(7, Quick);

        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<ModbusException>(() => client.ReadRegisters(ModbusTable.InputRegisters, 8, 1));

        Assert.Equal(ModbusFailure.Timeout, e.Failure);
        Assert.InRange(clock.Elapsed, Quick.Timeout * 3, (Quick.Timeout * 3) + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_late_answer_left_on_the_line_is_dropped_before_the_next_request()
    {
        using var client = Client(1, new ModbusClientOptions { Timeout = TimeSpan.FromMilliseconds(300), Retries = 0 });
        Server.AnswerDelay = TimeSpan.FromMilliseconds(500);

        var e = Assert.Throws<ModbusException>(() => client.ReadRegisters(ModbusTable.InputRegisters, 8, 1));
        Assert.Equal(ModbusFailure.Timeout, e.Failure);

        // RTU carries no transaction id: the late answer (one register, 10) waits in the port's input until the next request.
        Server.AnswerDelay = TimeSpan.Zero;
        await Task.Delay(500);
        Assert.Equal([555], client.ReadRegisters(ModbusTable.HoldingRegisters, 107, 1));
    }

    [Fact]
    public async Task A_server_gone_from_the_line_times_out_and_the_same_client_reads_again_once_it_is_back()
    {
        using var client = Client(1, Quick);
        Assert.Equal([10], client.ReadRegisters(ModbusTable.InputRegisters, 8, 1));

        Server.Kill();
        var e = Assert.Throws<ModbusException>(() => client.ReadRegisters(ModbusTable.InputRegisters, 8, 1));

        Assert.Equal(ModbusFailure.Timeout, e.Failure);
        await Server.StartAsync();
        Assert.Equal([10], client.ReadRegisters(ModbusTable.InputRegisters, 8, 1));
    }

    protected override IModbusTransport Open() => ModbusRtuTransport.OpenSerial(Line.ClientEnd, BaudRate, Parity.None, StopBits.Two);
}
