using System.Buffers.Binary;
using AirMonitor.Sensors.Sensirion;

namespace AirMonitor.Sensors.Simulation;

/// <summary>A command as a Sensirion device received it: the 16-bit command and its argument words (CRCs checked).</summary>
public sealed record SensirionCommand(ushort Command, IReadOnlyList<ushort> Arguments);

/// <summary>
/// A Sensirion I2C device in software (SPS30, SEN5x, SCD4x, SGP40): a write is a 16-bit command and argument
/// words each with its CRC-8; the next read returns the answer registered for that command, each word with its CRC-8.
/// Like the real part it NACKs (throws <see cref="IOException"/>) an argument with a wrong CRC and a read after
/// a command that has no answer.
/// </summary>
public class SimulatedSensirionDevice(int address) : SimulatedI2cDevice(address)
{
    private readonly Dictionary<ushort, Func<byte[]>> _responses = [];
    private readonly List<SensirionCommand> _received = [];
    private ushort? _lastCommand;
    private int? _corruptWord;

    /// <summary>Every well-formed command received, oldest first, with its argument words.</summary>
    public IReadOnlyList<SensirionCommand> Received => _received;

    /// <summary>
    /// Whether new data is waiting. Families' subclasses encode it in their data-ready answer (SPS30 0/1,
    /// SCD4x low 11 bits); tests clear it to see the driver's <see cref="SensorFault.NotReady"/>.
    /// </summary>
    public bool DataReady { get; set; } = true;

    /// <summary>Whether the driver disposed the bus (drivers own their device and dispose it last).</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>Answers <paramref name="command"/> with the words <paramref name="words"/> gives at the time of the read.</summary>
    public void Respond(ushort command, Func<ushort[]> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        _responses[command] = () => WithCrcs(words());
    }

    /// <summary>Answers <paramref name="command"/> with exactly these bytes, CRCs included (a datasheet's example response).</summary>
    public void RespondBytes(ushort command, params byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        _responses[command] = () => bytes;
    }

    /// <summary>The next read sends word <paramref name="wordIndex"/> (0-based) with a wrong CRC; later reads are intact.</summary>
    public void CorruptNextCrc(int wordIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(wordIndex);
        _corruptWord = wordIndex;
    }

    /// <summary>The commands received, without arguments, oldest first (handy for asserting a sequence).</summary>
    public IEnumerable<ushort> CommandsReceived => _received.Select(c => c.Command);

    /// <summary>A string as NUL-padded ASCII words, two characters each (serial numbers, product names).</summary>
    protected static ushort[] AsciiWords(string text, int wordCount)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = new byte[2 * wordCount];
        System.Text.Encoding.ASCII.GetBytes(text, 0, Math.Min(text.Length, bytes.Length - 1), bytes, 0);
        var words = new ushort[wordCount];
        for (var i = 0; i < wordCount; i++)
        {
            words[i] = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(2 * i));
        }

        return words;
    }

    /// <summary>Called for each well-formed command; override to change state (start/stop, sleep). Throw <see cref="IOException"/> to NACK it.</summary>
    protected virtual void OnCommand(SensirionCommand command)
    {
    }

    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }

    protected override void OnWrite(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length < 2 || (buffer.Length - 2) % 3 != 0)
        {
            throw new IOException($"Sensirion device 0x{ConnectionSettings.DeviceAddress:X2}: write of {buffer.Length} bytes is not command + words");
        }

        var command = BinaryPrimitives.ReadUInt16BigEndian(buffer);
        var arguments = new ushort[(buffer.Length - 2) / 3];
        for (var i = 0; i < arguments.Length; i++)
        {
            var word = buffer.Slice(2 + (3 * i), 3);
            if (SensirionCrc.Compute(word[..2]) != word[2])
            {
                _lastCommand = null;
                throw new IOException($"Sensirion device: argument {i} of command 0x{command:X4} has a wrong CRC (NACK)");
            }

            arguments[i] = BinaryPrimitives.ReadUInt16BigEndian(word);
        }

        var received = new SensirionCommand(command, arguments);
        _received.Add(received);
        _lastCommand = command;
        OnCommand(received);
    }

    protected override void OnRead(Span<byte> buffer)
    {
        if (_lastCommand is not { } command || !_responses.TryGetValue(command, out var respond))
        {
            throw new IOException("Sensirion device: read with no answering command before it (NACK)");
        }

        // Taken before answering, so an answer may arm the corruption of the read after it.
        var corruptWord = _corruptWord;
        _corruptWord = null;
        var bytes = respond();
        if (buffer.Length > bytes.Length)
        {
            throw new IOException($"Sensirion device: read of {buffer.Length} bytes after 0x{command:X4}, which answers {bytes.Length}");
        }

        bytes.AsSpan(0, buffer.Length).CopyTo(buffer);
        if (corruptWord is { } corrupt && (3 * corrupt) + 2 < buffer.Length)
        {
            buffer[(3 * corrupt) + 2] ^= 0xFF;
        }
    }

    private static byte[] WithCrcs(ushort[] words)
    {
        var bytes = new byte[3 * words.Length];
        for (var i = 0; i < words.Length; i++)
        {
            var word = bytes.AsSpan(3 * i, 3);
            BinaryPrimitives.WriteUInt16BigEndian(word, words[i]);
            word[2] = SensirionCrc.Compute(word[..2]);
        }

        return bytes;
    }
}
