using System.Diagnostics;
using System.IO.Ports;
using AirMonitor.Sensors.Modbus;
using AirMonitor.Testing.Servers.Modbus;
using static AirMonitor.Testing.Servers.Modbus.ModbusServerTable;

namespace AirMonitor.Sensors.Tests.Modbus;

/// <summary>
/// The client over Modbus RTU against a real server: Debian's pymodbus 3.0 on one end of a pseudo-terminal pair (socat),
/// the client on the other through <see cref="SerialPort"/>, as on an RS-485 adapter.
/// </summary>
public sealed class ModbusRtuClientTests : IAsyncLifetime
{
    private const int BaudRate = 9600;
    private static readonly ModbusClientOptions Quick = new() { Timeout = TimeSpan.FromMilliseconds(300), Retries = 2 };

    private PseudoTerminalPair Line { get; } = new();

    private PymodbusServer Server { get; set; } = null!;

    public async Task InitializeAsync()
    {
        await Line.StartAsync();
        Server = PymodbusServer.Rtu(Map(), Line.ServerEnd, BaudRate);
        await Server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Line.DisposeAsync();
    }

    [Fact]
    public void Each_table_reads_as_served()
    {
        using var client = Client(1, Quick);

        Assert.Equal([true, false, true, true, false, false, false, false, true, false], client.ReadBits(ModbusTable.Coils, 0, 10));
        Assert.Equal([false, true, true], client.ReadBits(ModbusTable.DiscreteInputs, 100, 3));
        Assert.Equal([555, 0, 100], client.ReadRegisters(ModbusTable.HoldingRegisters, 107, 3));
        Assert.Equal([10], client.ReadRegisters(ModbusTable.InputRegisters, 8, 1));
    }

    [Fact]
    public void One_read_of_125_registers_and_one_of_2000_bits_bring_them_all()
    {
        using var client = Client(1, Quick);

        Assert.Equal(Enumerable.Range(0, 125).Select(i => (ushort)(3 * i)), client.ReadRegisters(ModbusTable.InputRegisters, 2000, 125));
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => i % 3 == 0), client.ReadBits(ModbusTable.Coils, 5000, 2000));
    }

    [Fact]
    public void An_unmapped_register_is_answered_with_exception_02_illegal_data_address()
    {
        using var client = Client(1, Quick);

        var e = Assert.Throws<ModbusException>(() => client.ReadRegisters(ModbusTable.InputRegisters, 9, 1));

        Assert.Equal((ModbusFailure.ExceptionResponse, (byte)2), (e.Failure, e.ExceptionCode));
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
    public void Floats_decode_in_the_word_order_theServer_wrote_them()
    {
        using var client = Client(1, Quick);

        var registers = client.ReadRegisters(ModbusTable.HoldingRegisters, 200, 8);

        Assert.Equal(285.8f, ModbusValues.ToFloat32(registers.AsSpan(0), ModbusWordOrder.ABCD));
        Assert.Equal(285.8f, ModbusValues.ToFloat32(registers.AsSpan(2), ModbusWordOrder.CDAB));
        Assert.Equal(285.8f, ModbusValues.ToFloat32(registers.AsSpan(4), ModbusWordOrder.BADC));
        Assert.Equal(285.8f, ModbusValues.ToFloat32(registers.AsSpan(6), ModbusWordOrder.DCBA));
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
    public async Task AServer_gone_from_the_line_times_out_and_the_same_client_reads_again_once_it_is_back()
    {
        using var client = Client(1, Quick);
        Assert.Equal([10], client.ReadRegisters(ModbusTable.InputRegisters, 8, 1));

        Server.Kill();
        var e = Assert.Throws<ModbusException>(() => client.ReadRegisters(ModbusTable.InputRegisters, 8, 1));

        Assert.Equal(ModbusFailure.Timeout, e.Failure);
        await Server.StartAsync();
        Assert.Equal([10], client.ReadRegisters(ModbusTable.InputRegisters, 8, 1));
    }

    [Fact]
    public async Task Clients_of_two_units_sharing_one_line_from_many_threads_each_read_their_own_unit()
    {
        using var transport = Open();
        using var first = new ModbusClient(transport, 1, Quick, shouldDispose: false);
        using var second = new ModbusClient(transport, 2, Quick, shouldDispose: false);

        // Threads of their own: System.IO.Ports (Unix) completes a blocked read through the thread pool, which blocked pool threads starve.
        await Task.WhenAll([.. Enumerable.Range(0, 4).Select(thread => Task.Factory.StartNew(
            () =>
            {
                for (var i = 0; i < 15; i++)
                {
                    if (thread % 2 == 0)
                    {
                        Assert.Equal([555, 0, 100], first.ReadRegisters(ModbusTable.HoldingRegisters, 107, 3));
                    }
                    else
                    {
                        Assert.Equal([7, 8, 9], second.ReadRegisters(ModbusTable.HoldingRegisters, 107, 3));
                    }
                }
            },
            TaskCreationOptions.LongRunning))]);
    }

    private ModbusRtuTransport Open() => ModbusRtuTransport.OpenSerial(Line.ClientEnd, BaudRate, Parity.None, StopBits.Two);

    private ModbusClient Client(byte unitId, ModbusClientOptions options) => new(Open(), unitId, options);

    private static ModbusServerMap Map()
    {
        var map = new ModbusServerMap();
        map.Unit(1)
            .Bits(Coils, 0, true, false, true, true, false, false, false, false, true, false)
            .Bits(Coils, 5000, [.. Enumerable.Range(0, 2000).Select(i => i % 3 == 0)])
            .Bits(DiscreteInputs, 100, false, true, true)
            .Registers(HoldingRegisters, 107, 555, 0, 100)
            .Registers(InputRegisters, 8, 10)
            .Registers(InputRegisters, 2000, [.. Enumerable.Range(0, 125).Select(i => (ushort)(3 * i))])
            .Floats(HoldingRegisters, 200, "ABCD", 285.8f)
            .Floats(HoldingRegisters, 202, "CDAB", 285.8f)
            .Floats(HoldingRegisters, 204, "BADC", 285.8f)
            .Floats(HoldingRegisters, 206, "DCBA", 285.8f);
        map.Unit(2).Registers(HoldingRegisters, 107, 7, 8, 9);
        return map;
    }
}
