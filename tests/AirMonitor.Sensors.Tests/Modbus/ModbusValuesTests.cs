using AirMonitor.Sensors.Modbus;

namespace AirMonitor.Sensors.Tests.Modbus;

public sealed class ModbusValuesTests
{
    // 285.8 is 43 8E E6 66 as an IEEE 754 single, high byte first (plant-cems.md §7).
    [Theory]
    [InlineData(ModbusWordOrder.Abcd, "438EE666")]
    [InlineData(ModbusWordOrder.Cdab, "E666438E")]
    [InlineData(ModbusWordOrder.Badc, "8E4366E6")]
    [InlineData(ModbusWordOrder.Dcba, "66E68E43")]
    public void The_bytes_of_285_8_in_each_word_order_decode_to_285_8(ModbusWordOrder order, string wire) =>
        Assert.Equal(285.8f, ModbusValues.ToFloat32(Registers(wire), order));

    [Theory]
    [InlineData(ModbusWordOrder.Abcd, "FFFFFFFE", -2)]
    [InlineData(ModbusWordOrder.Cdab, "FFFEFFFF", -2)]
    [InlineData(ModbusWordOrder.Abcd, "00012345", 0x12345)]
    [InlineData(ModbusWordOrder.Cdab, "23450001", 0x12345)]
    [InlineData(ModbusWordOrder.Badc, "01004523", 0x12345)]
    [InlineData(ModbusWordOrder.Dcba, "45230100", 0x12345)]
    public void A_32_bit_integer_decodes_in_each_word_order(ModbusWordOrder order, string wire, int value)
    {
        Assert.Equal(value, ModbusValues.ToInt32(Registers(wire), order));
        Assert.Equal(unchecked((uint)value), ModbusValues.ToUInt32(Registers(wire), order));
    }

    [Fact]
    public void A_16_bit_register_is_signed_twos_complement_or_unsigned()
    {
        Assert.Equal(-1, ModbusValues.ToInt16(0xFFFF));
        Assert.Equal(-32768, ModbusValues.ToInt16(0x8000));
        Assert.Equal(32767, ModbusValues.ToInt16(0x7FFF));
        Assert.Equal(0xFFFF, ModbusValues.ToUInt16(0xFFFF));
    }

    [Fact]
    public void A_32_bit_value_reads_the_first_two_registers_and_needs_both()
    {
        Assert.Equal(285.8f, ModbusValues.ToFloat32([0x438E, 0xE666, 0x1234], ModbusWordOrder.Abcd));
        Assert.Throws<ArgumentException>(() => ModbusValues.ToFloat32([0x438E], ModbusWordOrder.Abcd));
    }

    private static ushort[] Registers(string wire)
    {
        var bytes = Convert.FromHexString(wire);
        return [.. Enumerable.Range(0, bytes.Length / 2).Select(i => (ushort)((bytes[2 * i] << 8) | bytes[(2 * i) + 1]))];
    }
}
