using System.Buffers.Binary;

namespace AirMonitor.Sensors.Pmsx003;

/// <summary>
/// The Plantower frames (PMS5003 datasheet, appendix I and II): a 32-byte data frame <c>42 4D</c>, length word 28,
/// 13 data words and a checksum word; 7-byte commands <c>42 4D CMD DH DL CKH CKL</c>; and the 8-byte answer
/// <c>42 4D 00 04 CMD DL CKH CKL</c> to mode and sleep commands. Every checksum is the 16-bit sum of the bytes before it.
/// </summary>
internal static class Pmsx003Frame
{
    public const byte Start1 = 0x42;
    public const byte Start2 = 0x4D;

    /// <summary>The bytes of a data frame.</summary>
    public const int DataFrameLength = 32;

    /// <summary>The length word of a data frame: 13 data words and the checksum word.</summary>
    public const ushort DataLengthWord = 28;

    /// <summary>The bytes of the answer to a mode or sleep command.</summary>
    public const int AcknowledgementLength = 8;

    public const ushort AcknowledgementLengthWord = 4;

    /// <summary>Command byte: data DL 0 passive, 1 active.</summary>
    public const byte SetModeCommand = 0xE1;

    /// <summary>Command byte: send one data frame (passive mode).</summary>
    public const byte ReadCommand = 0xE2;

    /// <summary>Command byte: data DL 0 sleep, 1 wake up.</summary>
    public const byte SleepCommand = 0xE4;

    public static ushort Checksum(ReadOnlySpan<byte> bytes)
    {
        var sum = 0;
        foreach (var b in bytes)
        {
            sum += b;
        }

        return (ushort)sum;
    }

    public static byte[] Command(byte command, byte data) => WithChecksum([Start1, Start2, command, 0x00, data, 0, 0]);

    public static byte[] Acknowledgement(byte command, byte data) =>
        WithChecksum([Start1, Start2, 0x00, (byte)AcknowledgementLengthWord, command, data, 0, 0]);

    /// <summary>A data frame: header, length word, the 13 words of <paramref name="measurement"/>, checksum.</summary>
    public static byte[] Encode(Pmsx003Measurement measurement)
    {
        var frame = new byte[DataFrameLength];
        frame[0] = Start1;
        frame[1] = Start2;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), DataLengthWord);
        ReadOnlySpan<ushort> words =
        [
            measurement.Pm1_0StandardMicrogramsPerCubicMeter,
            measurement.Pm2_5StandardMicrogramsPerCubicMeter,
            measurement.Pm10StandardMicrogramsPerCubicMeter,
            measurement.Pm1_0AtmosphericMicrogramsPerCubicMeter,
            measurement.Pm2_5AtmosphericMicrogramsPerCubicMeter,
            measurement.Pm10AtmosphericMicrogramsPerCubicMeter,
            measurement.ParticlesAbove0_3MicrometersPerDeciliter,
            measurement.ParticlesAbove0_5MicrometersPerDeciliter,
            measurement.ParticlesAbove1_0MicrometersPerDeciliter,
            measurement.ParticlesAbove2_5MicrometersPerDeciliter,
            measurement.ParticlesAbove5_0MicrometersPerDeciliter,
            measurement.ParticlesAbove10MicrometersPerDeciliter,
            measurement.Reserved,
        ];
        for (var i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(4 + (2 * i)), words[i]);
        }

        return WithChecksum(frame);
    }

    /// <summary>Decodes a 32-byte data frame; false, with the reason, when its header, length word or checksum is wrong.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> frame, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Pmsx003Measurement? measurement, out SensorFault fault, out string detail)
    {
        measurement = null;
        if (frame.Length != DataFrameLength || frame[0] != Start1 || frame[1] != Start2)
        {
            (fault, detail) = (SensorFault.BadFrame, $"no 42 4D data frame ({Convert.ToHexString(frame[..Math.Min(4, frame.Length)])}…, {frame.Length} bytes)");
            return false;
        }

        var lengthWord = BinaryPrimitives.ReadUInt16BigEndian(frame[2..]);
        if (lengthWord != DataLengthWord)
        {
            (fault, detail) = (SensorFault.BadFrame, $"length word {lengthWord} (expected {DataLengthWord})");
            return false;
        }

        var expected = BinaryPrimitives.ReadUInt16BigEndian(frame[30..]);
        var actual = Checksum(frame[..30]);
        if (expected != actual)
        {
            (fault, detail) = (SensorFault.ChecksumError, $"frame checksum 0x{expected:X4}, bytes sum to 0x{actual:X4}");
            return false;
        }

        // Word n (1-based, after the length word) is at byte 2 + 2n.
        Span<ushort> words = stackalloc ushort[13];
        for (var n = 1; n <= words.Length; n++)
        {
            words[n - 1] = BinaryPrimitives.ReadUInt16BigEndian(frame[(2 + (2 * n))..]);
        }

        measurement = new Pmsx003Measurement(
            words[0], words[1], words[2], words[3], words[4], words[5], words[6], words[7], words[8], words[9], words[10], words[11], words[12]);
        (fault, detail) = (default, string.Empty);
        return true;
    }

    private static byte[] WithChecksum(byte[] frame)
    {
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(frame.Length - 2), Checksum(frame.AsSpan(0, frame.Length - 2)));
        return frame;
    }
}
