using AirMonitor.Sensors.Modbus;
using AirMonitor.Sensors.ModbusAnalyser;

namespace AirMonitor.Sensors.Tests.ModbusAnalyser;

public sealed class AnalyserWordsTests
{
    // 285.8f = 43 8E E6 66 (shared/reference/plant-cems.md §7).
    [Theory]
    [InlineData(ModbusWordOrder.Abcd, 0x438E, 0xE666)]
    [InlineData(ModbusWordOrder.Cdab, 0xE666, 0x438E)]
    [InlineData(ModbusWordOrder.Badc, 0x8E43, 0x66E6)]
    [InlineData(ModbusWordOrder.Dcba, 0x66E6, 0x8E43)]
    public void A_float_is_decoded_and_encoded_in_each_word_order(ModbusWordOrder order, int first, int second)
    {
        ushort[] registers = [(ushort)first, (ushort)second];

        Assert.Equal(285.8f, (float)AnalyserWords.Decode(registers, AnalyserValueType.Float32, order));
        Assert.Equal(registers, AnalyserWords.Encode(285.8, AnalyserValueType.Float32, order));
    }

    [Theory]
    [InlineData(AnalyserValueType.Int16, 0xFFCE, -50)]
    [InlineData(AnalyserValueType.UInt16, 0xFFCE, 65486)]
    public void Sixteen_bit_values_are_the_register_signed_or_not(AnalyserValueType type, int register, double expected)
    {
        Assert.Equal(expected, AnalyserWords.Decode([(ushort)register], type, ModbusWordOrder.Cdab));
    }

    [Theory]
    [InlineData(AnalyserValueType.Int32, -100_000)]
    [InlineData(AnalyserValueType.UInt32, 3_000_000_000)]
    public void Thirty_two_bit_integers_take_the_word_order_low_word_first_in_CDAB(AnalyserValueType type, double value)
    {
        var registers = AnalyserWords.Encode(value, type, ModbusWordOrder.Cdab);

        var bits = type == AnalyserValueType.Int32 ? unchecked((uint)(int)value) : (uint)value;
        Assert.Equal([(ushort)bits, (ushort)(bits >> 16)], registers);
        Assert.Equal(value, AnalyserWords.Decode(registers, type, ModbusWordOrder.Cdab));
    }
}
