namespace AirMonitor.Sensors.Mhz19b;

/// <summary>
/// The Winsen MH-Z19B 9-byte frames (user's manual, "Commands"): a command <c>FF 01 CMD B3 B4 00 00 00 CS</c> and the
/// answer to a read, <c>FF 86 HH LL … CS</c>. The checksum is (0xFF − sum of bytes 1..7) + 1, modulo 256.
/// </summary>
internal static class Mhz19bFrame
{
    public const int Length = 9;
    public const byte Start = 0xFF;

    /// <summary>Byte 1 of a command: the sensor number, always 1.</summary>
    public const byte SensorNumber = 0x01;

    public const byte ReadCo2Command = 0x86;
    public const byte CalibrateZeroCommand = 0x87;
    public const byte CalibrateSpanCommand = 0x88;

    /// <summary>Byte 3: 0xA0 on, 0x00 off.</summary>
    public const byte AutomaticBaselineCommand = 0x79;

    public const byte AutomaticBaselineOn = 0xA0;
    public const byte AutomaticBaselineOff = 0x00;

    /// <summary>The checksum of a 9-byte frame: over bytes 1..7.</summary>
    public static byte Checksum(ReadOnlySpan<byte> frame)
    {
        var sum = 0;
        foreach (var b in frame[1..8])
        {
            sum += b;
        }

        return (byte)((0xFF - (byte)sum) + 1);
    }

    public static byte[] Command(byte command, byte byte3 = 0, byte byte4 = 0) =>
        WithChecksum([Start, SensorNumber, command, byte3, byte4, 0, 0, 0, 0]);

    /// <summary>The answer to a read: CO2 in bytes 2 and 3, bytes 4–7 zero as in the manual's example.</summary>
    public static byte[] Co2Answer(ushort co2PartsPerMillion) =>
        WithChecksum([Start, ReadCo2Command, (byte)(co2PartsPerMillion >> 8), (byte)co2PartsPerMillion, 0, 0, 0, 0, 0]);

    private static byte[] WithChecksum(byte[] frame)
    {
        frame[^1] = Checksum(frame);
        return frame;
    }
}
