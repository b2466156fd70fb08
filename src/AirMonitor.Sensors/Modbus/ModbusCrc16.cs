namespace AirMonitor.Sensors.Modbus;

/// <summary>
/// The CRC of a Modbus RTU frame (MODBUS over Serial Line V1.02 §6.2.2): CRC-16 with the reflected polynomial 0xA001,
/// initial value 0xFFFF, no final XOR; the frame carries it low byte first.
/// </summary>
public static class ModbusCrc16
{
    private const ushort Polynomial = 0xA001;

    public static ushort Compute(ReadOnlySpan<byte> data)
    {
        ushort crc = 0xFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (ushort)((crc >> 1) ^ Polynomial) : (ushort)(crc >> 1);
            }
        }

        return crc;
    }

    /// <summary>Whether <paramref name="frame"/> (unit id, at least a function code, CRC) ends with the CRC of what precedes it, low byte first.</summary>
    public static bool IsValidFrame(ReadOnlySpan<byte> frame) =>
        frame.Length >= 4 && Compute(frame[..^2]) == (frame[^2] | (frame[^1] << 8));
}
