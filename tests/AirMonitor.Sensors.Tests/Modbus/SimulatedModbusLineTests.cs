using AirMonitor.Sensors.Modbus;

namespace AirMonitor.Sensors.Tests.Modbus;

/// <summary>The simulated line answers the spec's request frames with the spec's response frames, and is silent as a line is.</summary>
public sealed class SimulatedModbusLineTests
{
    private readonly ModbusRegisterBank _bank = new(size: 1000);

    public SimulatedModbusLineTests()
    {
        _bank.SetRegisters(ModbusTable.HoldingRegisters, 107, 555, 0, 100);
        _bank.SetBit(ModbusTable.Coils, 19, true);
        _bank.SetBit(ModbusTable.Coils, 21, true);
    }

    [Fact]
    public void Read_holding_registers_of_6_3_on_unit_0x11_is_answered_with_555_0_100()
    {
        using var line = new SimulatedModbusLine(0x11, _bank);

        line.Write(Convert.FromHexString("1103006B00037687"));

        Assert.Equal("110306022B00000064" + Crc("110306022B00000064"), Convert.ToHexString(Received(line)));
    }

    [Fact]
    public void Read_coils_is_answered_with_the_bits_packed_lowest_address_first()
    {
        using var line = new SimulatedModbusLine(0x11, _bank);

        line.Write(ModbusRtuTransport.Frame(0x11, Convert.FromHexString("0100130003")));

        Assert.Equal("11010105" + Crc("11010105"), Convert.ToHexString(Received(line)));
    }

    [Theory]
    [InlineData("0303E60003", "118302")] // 998+3, past the bank's 1000 registers: illegal data address
    [InlineData("030000007E", "118303")] // 126 registers: illegal data value
    [InlineData("0600010003", "118601")] // write single register: illegal function
    public void What_the_bank_refuses_is_answered_with_an_exception_response(string request, string response)
    {
        using var line = new SimulatedModbusLine(0x11, _bank);

        line.Write(ModbusRtuTransport.Frame(0x11, Convert.FromHexString(request)));

        Assert.Equal(response + Crc(response), Convert.ToHexString(Received(line)));
    }

    [Fact]
    public void A_request_to_an_unknown_unit_is_not_answered()
    {
        using var line = new SimulatedModbusLine(0x11, _bank);

        line.Write(ModbusRtuTransport.Frame(0x12, Convert.FromHexString("03006B0003")));

        Assert.Equal(0, line.PendingBytes);
    }

    [Fact]
    public void A_request_with_a_bad_CRC_is_not_answered()
    {
        using var line = new SimulatedModbusLine(0x11, _bank);

        line.Write(Convert.FromHexString("1103006B00038776"));

        Assert.Equal(0, line.PendingBytes);
    }

    [Fact]
    public void Two_units_on_one_line_answer_each_its_own_bank_through_the_client()
    {
        var other = new ModbusRegisterBank();
        other.SetRegisters(ModbusTable.InputRegisters, 1000, 0x438E, 0xE666);
        using var transport = new ModbusRtuTransport(new SimulatedModbusLine(new Dictionary<byte, ModbusRegisterBank> { [1] = _bank, [2] = other }), 9600);
        using var first = new ModbusClient(transport, 1, new ModbusClientOptions(), shouldDispose: false);
        using var second = new ModbusClient(transport, 2, new ModbusClientOptions(), shouldDispose: false);

        Assert.Equal([555, 0, 100], first.ReadRegisters(ModbusTable.HoldingRegisters, 107, 3));
        Assert.Equal(285.8f, ModbusValues.ToFloat32(second.ReadRegisters(ModbusTable.InputRegisters, 1000, 2), ModbusWordOrder.Abcd));
        Assert.Equal(2, first.ReadRegisters(ModbusTable.InputRegisters, 998, 2).Length);
        var refused = Assert.Throws<ModbusException>(() => first.ReadRegisters(ModbusTable.InputRegisters, 999, 2));
        Assert.Equal(2, refused.ExceptionCode);
    }

    private static string Crc(string frame)
    {
        var crc = ModbusCrc16.Compute(Convert.FromHexString(frame));
        return $"{crc & 0xFF:X2}{crc >> 8:X2}";
    }

    private static byte[] Received(SimulatedModbusLine line)
    {
        var buffer = new byte[line.PendingBytes];
        line.ReadExactly(buffer);
        return buffer;
    }
}
