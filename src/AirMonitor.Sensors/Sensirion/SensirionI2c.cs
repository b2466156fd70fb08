using System.Buffers.Binary;
using System.Device.I2c;

namespace AirMonitor.Sensors.Sensirion;

/// <summary>
/// The framing every Sensirion I2C sensor shares: a 16-bit command, optional argument words, and data words
/// each followed by its CRC-8. A CRC mismatch is a failed read, never a value.
/// </summary>
public static class SensirionI2c
{
    /// <summary>Sends a command with its argument words (each followed by its CRC).</summary>
    public static void WriteCommand(I2cDevice device, ushort command, params ReadOnlySpan<ushort> arguments)
    {
        Span<byte> buffer = stackalloc byte[2 + (3 * arguments.Length)];
        BinaryPrimitives.WriteUInt16BigEndian(buffer, command);
        for (var i = 0; i < arguments.Length; i++)
        {
            var at = buffer[(2 + (3 * i))..];
            BinaryPrimitives.WriteUInt16BigEndian(at, arguments[i]);
            at[2] = SensirionCrc.Compute(at[..2]);
        }

        device.Write(buffer);
    }

    /// <summary>Reads <paramref name="words"/>.Length data words; false when any word's CRC does not match.</summary>
    public static bool TryReadWords(I2cDevice device, Span<ushort> words)
    {
        Span<byte> buffer = stackalloc byte[3 * words.Length];
        device.Read(buffer);
        for (var i = 0; i < words.Length; i++)
        {
            var word = buffer.Slice(3 * i, 3);
            if (SensirionCrc.Compute(word[..2]) != word[2])
            {
                return false;
            }

            words[i] = BinaryPrimitives.ReadUInt16BigEndian(word);
        }

        return true;
    }

    /// <summary>
    /// Why the "read the data-ready flag, then read the values" sequence every measuring Sensirion sensor uses must stop
    /// before the values: <see cref="SensorFault.CrcError"/> when the flag's CRC did not match,
    /// <see cref="SensorFault.NotReady"/> when the flag is clear; null when the values may be read.
    /// </summary>
    public static SensorFault? ReadyFault(bool flagRead, bool ready) =>
        !flagRead ? SensorFault.CrcError : !ready ? SensorFault.NotReady : null;

    /// <summary>Words carrying a NUL-terminated ASCII string, two characters each (SPS30/SEN5x serial, SEN5x product name).</summary>
    public static string ToAscii(ReadOnlySpan<ushort> words)
    {
        Span<byte> bytes = stackalloc byte[2 * words.Length];
        for (var i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(bytes[(2 * i)..], words[i]);
        }

        var end = bytes.IndexOf((byte)0);
        return System.Text.Encoding.ASCII.GetString(end < 0 ? bytes : bytes[..end]);
    }

    /// <summary>Two words as the IEEE-754 float they carry (SPS30 float output).</summary>
    public static float ToSingle(ushort high, ushort low) => BitConverter.UInt32BitsToSingle(((uint)high << 16) | low);
}
