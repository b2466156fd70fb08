using AirMonitor.Sensors.Modbus;

namespace AirMonitor.Sensors.ModbusAnalyser;

/// <summary>A value's registers to and from its number, by the map's type and word order (<see cref="ModbusValues"/>).</summary>
internal static class AnalyserWords
{
    /// <summary>The raw number in <paramref name="registers"/> (1 or 2, as <paramref name="type"/> takes); the word order applies to 32-bit types.</summary>
    public static double Decode(ReadOnlySpan<ushort> registers, AnalyserValueType type, ModbusWordOrder order) => type switch
    {
        AnalyserValueType.Int16 => ModbusValues.ToInt16(registers[0]),
        AnalyserValueType.UInt16 => ModbusValues.ToUInt16(registers[0]),
        AnalyserValueType.Float32 => ModbusValues.ToFloat32(registers, order),
        AnalyserValueType.Int32 => ModbusValues.ToInt32(registers, order),
        _ => ModbusValues.ToUInt32(registers, order),
    };

    /// <summary>The registers that hold <paramref name="raw"/> (rounded and clamped for the integer types): the simulated analyser's side.</summary>
    public static ushort[] Encode(double raw, AnalyserValueType type, ModbusWordOrder order)
    {
        var bits = type switch
        {
            AnalyserValueType.Int16 => unchecked((ushort)(short)Math.Clamp(Math.Round(raw), short.MinValue, short.MaxValue)),
            AnalyserValueType.UInt16 => (ushort)Math.Clamp(Math.Round(raw), ushort.MinValue, ushort.MaxValue),
            AnalyserValueType.Float32 => BitConverter.SingleToUInt32Bits((float)raw),
            AnalyserValueType.Int32 => unchecked((uint)(int)Math.Clamp(Math.Round(raw), int.MinValue, int.MaxValue)),
            _ => (uint)Math.Clamp(Math.Round(raw), uint.MinValue, uint.MaxValue),
        };
        if (type.RegisterCount() == 1)
        {
            return [(ushort)bits];
        }

        var (first, second) = ModbusValues.FromUInt32(bits, order);
        return [first, second];
    }
}
