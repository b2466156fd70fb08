using AirMonitor.Sensors.Modbus;
using AirMonitor.Testing.Servers.Modbus;
using static AirMonitor.Testing.Servers.Modbus.ModbusServerTable;

namespace AirMonitor.Sensors.Tests.Modbus;

/// <summary>
/// What the client must do on any link, against a real server (Debian's pymodbus 3.0) serving <see cref="Map"/>; each
/// link's class (<see cref="ModbusTcpClientTests"/>, <see cref="ModbusRtuClientTests"/>) starts it and opens the transport.
/// </summary>
public abstract class ModbusLinkTests : IAsyncLifetime
{
    protected static readonly ModbusClientOptions Quick = new() { Timeout = TimeSpan.FromMilliseconds(300), Retries = 2 };

    protected PymodbusServer Server { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

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
    public void A_read_of_126_registers_is_refused_and_the_link_goes_on()
    {
        using var client = Client(1, Quick);

        Assert.Throws<ArgumentOutOfRangeException>(() => client.ReadRegisters(ModbusTable.InputRegisters, 2000, 126));
        Assert.Equal([360, 363, 366, 369, 372], client.ReadRegisters(ModbusTable.InputRegisters, 2120, 5));
    }

    [Fact]
    public void An_unmapped_register_is_answered_with_exception_02_illegal_data_address_and_the_link_goes_on()
    {
        using var client = Client(1, Quick);

        var e = Assert.Throws<ModbusException>(() => client.ReadRegisters(ModbusTable.HoldingRegisters, 108, 3));

        Assert.Equal((ModbusFailure.ExceptionResponse, (byte)2), (e.Failure, e.ExceptionCode));
        Assert.Equal([555, 0, 100], client.ReadRegisters(ModbusTable.HoldingRegisters, 107, 3));
    }

    [Fact]
    public void Floats_and_32_bit_integers_decode_in_the_word_order_the_server_wrote_them()
    {
        using var client = Client(1, Quick);

        var registers = client.ReadRegisters(ModbusTable.HoldingRegisters, 200, 16);

        Assert.Equal([0x438E, 0xE666, 0xE666, 0x438E], registers[..4]);
        Assert.Equal(285.8f, ModbusValues.ToFloat32(registers.AsSpan(0), ModbusWordOrder.Abcd));
        Assert.Equal(285.8f, ModbusValues.ToFloat32(registers.AsSpan(2), ModbusWordOrder.Cdab));
        Assert.Equal(285.8f, ModbusValues.ToFloat32(registers.AsSpan(4), ModbusWordOrder.Badc));
        Assert.Equal(285.8f, ModbusValues.ToFloat32(registers.AsSpan(6), ModbusWordOrder.Dcba));
        Assert.Equal(-123456, ModbusValues.ToInt32(registers.AsSpan(8), ModbusWordOrder.Cdab));
        Assert.Equal(3_000_000_000u, ModbusValues.ToUInt32(registers.AsSpan(10), ModbusWordOrder.Abcd));
        Assert.Equal(-7, ModbusValues.ToInt32(registers.AsSpan(12), ModbusWordOrder.Dcba));
        Assert.Equal(-1.5e-3f, ModbusValues.ToFloat32(registers.AsSpan(14), ModbusWordOrder.Badc));
    }

    [Fact]
    public async Task Clients_of_two_units_sharing_one_link_from_four_threads_each_read_their_own_unit()
    {
        using var transport = Open();
        using var first = new ModbusClient(transport, 1, Quick, shouldDispose: false);
        using var second = new ModbusClient(transport, 2, Quick, shouldDispose: false);

        // Threads of their own: System.IO.Ports (Unix) completes a blocked read through the thread pool, which blocked pool threads starve.
        await Task.WhenAll([.. Enumerable.Range(0, 4).Select(thread => Task.Factory.StartNew(
            () =>
            {
                for (var i = 0; i < 20; i++)
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

    protected abstract IModbusTransport Open();

    protected ModbusClient Client(byte unitId, ModbusClientOptions options) => new(Open(), unitId, options);

    protected static ModbusServerMap Map()
    {
        var map = new ModbusServerMap();
        map.Unit(1)
            .Bits(Coils, 0, true, false, true, true, false, false, false, false, true, false)
            .Bits(Coils, 5000, [.. Enumerable.Range(0, 2000).Select(i => i % 3 == 0)])
            .Bits(DiscreteInputs, 100, false, true, true)
            .Registers(HoldingRegisters, 107, 555, 0, 100)
            .Registers(InputRegisters, 8, 10)
            .Registers(InputRegisters, 2000, [.. Enumerable.Range(0, 130).Select(i => (ushort)(3 * i))])
            .Floats(HoldingRegisters, 200, "ABCD", 285.8f)
            .Floats(HoldingRegisters, 202, "CDAB", 285.8f)
            .Floats(HoldingRegisters, 204, "BADC", 285.8f)
            .Floats(HoldingRegisters, 206, "DCBA", 285.8f)
            .Int32s(HoldingRegisters, 208, "CDAB", -123456)
            .UInt32s(HoldingRegisters, 210, "ABCD", 3_000_000_000u)
            .Int32s(HoldingRegisters, 212, "DCBA", -7)
            .Floats(HoldingRegisters, 214, "BADC", -1.5e-3f);
        map.Unit(2).Registers(HoldingRegisters, 107, 7, 8, 9);
        return map;
    }
}
