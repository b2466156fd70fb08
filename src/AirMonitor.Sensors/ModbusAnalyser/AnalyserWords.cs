using System.Buffers.Binary;

namespace AirMonitor.Sensors.ModbusAnalyser;

/// <summary>
/// A value's registers to and from its number: the one place the map's types and word order are decoded.
/// MERGE (Modbus client): <see cref="Decode"/>'s body becomes the matching <c>ModbusValues</c> call per type;
/// <see cref="Encode"/> (the simulated analyser's side) stays unless ModbusValues encodes too.
/// </summary>
internal static class AnalyserWords
{
    /// <summary>The raw number in <paramref name="registers"/> (1 or 2, as <paramref name="type"/> takes); the word order applies to 32-bit types.</summary>
    public static double Decode(ReadOnlySpan<ushort> registers, AnalyserValueType type, ModbusWordOrder order)
    {
        if (type.RegisterCount() == 1)
        {
            return type == AnalyserValueType.Int16 ? (short)registers[0] : registers[0];
        }

        Span<byte> bytes = stackalloc byte[4];
        ToBigEndian(registers[0], registers[1], order, bytes);
        return type switch
        {
            AnalyserValueType.Float32 => BinaryPrimitives.ReadSingleBigEndian(bytes),
            AnalyserValueType.Int32 => BinaryPrimitives.ReadInt32BigEndian(bytes),
            _ => BinaryPrimitives.ReadUInt32BigEndian(bytes),
        };
    }

    /// <summary>The registers that hold <paramref name="raw"/> (rounded and clamped for the integer types).</summary>
    public static ushort[] Encode(double raw, AnalyserValueType type, ModbusWordOrder order)
    {
        switch (type)
        {
            case AnalyserValueType.Int16:
                return [unchecked((ushort)(short)Math.Clamp(Math.Round(raw), short.MinValue, short.MaxValue))];
            case AnalyserValueType.UInt16:
                return [(ushort)Math.Clamp(Math.Round(raw), ushort.MinValue, ushort.MaxValue)];
        }

        Span<byte> bytes = stackalloc byte[4];
        switch (type)
        {
            case AnalyserValueType.Float32:
                BinaryPrimitives.WriteSingleBigEndian(bytes, (float)raw);
                break;
            case AnalyserValueType.Int32:
                BinaryPrimitives.WriteInt32BigEndian(bytes, (int)Math.Clamp(Math.Round(raw), int.MinValue, int.MaxValue));
                break;
            default:
                BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)Math.Clamp(Math.Round(raw), uint.MinValue, uint.MaxValue));
                break;
        }

        // Each word order is its own inverse read from big-endian bytes, so the same reordering serves both ways.
        var high = BinaryPrimitives.ReadUInt16BigEndian(bytes);
        var low = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
        ToBigEndian(high, low, order, bytes);
        return [BinaryPrimitives.ReadUInt16BigEndian(bytes), BinaryPrimitives.ReadUInt16BigEndian(bytes[2..])];
    }

    private static void ToBigEndian(ushort first, ushort second, ModbusWordOrder order, Span<byte> bytes)
    {
        var (high, low) = order is ModbusWordOrder.Abcd or ModbusWordOrder.Badc ? (first, second) : (second, first);
        if (order is ModbusWordOrder.Badc or ModbusWordOrder.Dcba)
        {
            (high, low) = (BinaryPrimitives.ReverseEndianness(high), BinaryPrimitives.ReverseEndianness(low));
        }

        BinaryPrimitives.WriteUInt16BigEndian(bytes, high);
        BinaryPrimitives.WriteUInt16BigEndian(bytes[2..], low);
    }
}
