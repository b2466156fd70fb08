using System.Buffers.Binary;

namespace AirMonitor.Sensors.Modbus;

/// <summary>
/// Registers to values. A register is a big-endian 16-bit word (Modbus Application Protocol V1.1b3 §4.2); 32-bit values
/// take two registers in the device's <see cref="ModbusWordOrder"/>. A scaled integer is decoded here and multiplied by
/// its scale by the caller.
/// </summary>
public static class ModbusValues
{
    public static ushort ToUInt16(ushort register) => register;

    public static short ToInt16(ushort register) => unchecked((short)register);

    /// <summary>The 32-bit value in the first two of <paramref name="registers"/>.</summary>
    public static uint ToUInt32(ReadOnlySpan<ushort> registers, ModbusWordOrder order)
    {
        if (registers.Length < 2)
        {
            throw new ArgumentException($"a 32-bit value takes 2 registers, got {registers.Length}", nameof(registers));
        }

        var (first, second) = (registers[0], registers[1]);
        if (order is ModbusWordOrder.Badc or ModbusWordOrder.Dcba)
        {
            (first, second) = (BinaryPrimitives.ReverseEndianness(first), BinaryPrimitives.ReverseEndianness(second));
        }

        return order is ModbusWordOrder.Cdab or ModbusWordOrder.Dcba
            ? ((uint)second << 16) | first
            : ((uint)first << 16) | second;
    }

    /// <summary>The two registers that hold <paramref name="value"/> in <paramref name="order"/> (the inverse of <see cref="ToUInt32"/>).</summary>
    public static (ushort First, ushort Second) FromUInt32(uint value, ModbusWordOrder order)
    {
        var (high, low) = ((ushort)(value >> 16), (ushort)value);
        if (order is ModbusWordOrder.Badc or ModbusWordOrder.Dcba)
        {
            (high, low) = (BinaryPrimitives.ReverseEndianness(high), BinaryPrimitives.ReverseEndianness(low));
        }

        return order is ModbusWordOrder.Cdab or ModbusWordOrder.Dcba ? (low, high) : (high, low);
    }

    public static int ToInt32(ReadOnlySpan<ushort> registers, ModbusWordOrder order) => unchecked((int)ToUInt32(registers, order));

    /// <summary>The IEEE 754 single in the first two of <paramref name="registers"/>.</summary>
    public static float ToFloat32(ReadOnlySpan<ushort> registers, ModbusWordOrder order) => BitConverter.UInt32BitsToSingle(ToUInt32(registers, order));
}
