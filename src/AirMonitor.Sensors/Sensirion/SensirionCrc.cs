namespace AirMonitor.Sensors.Sensirion;

/// <summary>
/// Sensirion's CRC-8 over every 2-byte data word: polynomial 0x31 (x⁸+x⁵+x⁴+1), init 0xFF, no reflection,
/// no final XOR. Datasheet vector: CRC(0xBE 0xEF) = 0x92. Shared by SPS30, SEN5x, SCD4x, SGP40.
/// </summary>
public static class SensirionCrc
{
    public static byte Compute(ReadOnlySpan<byte> data)
    {
        byte crc = 0xFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80) != 0 ? (byte)((crc << 1) ^ 0x31) : (byte)(crc << 1);
            }
        }

        return crc;
    }

    public static byte Compute(ushort word) => Compute([(byte)(word >> 8), (byte)word]);
}
