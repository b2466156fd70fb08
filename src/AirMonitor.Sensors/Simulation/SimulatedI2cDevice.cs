using System.Device.I2c;

namespace AirMonitor.Sensors.Simulation;

/// <summary>
/// An I2C device in software that speaks a datasheet's bytes: the base of every simulated sensor, used by the
/// drivers' tests and by the edge on a laptop. Subclasses answer writes and reads as the real part would.
/// </summary>
public abstract class SimulatedI2cDevice(int address) : I2cDevice
{
    public override I2cConnectionSettings ConnectionSettings { get; } = new(1, address);

    /// <summary>Every write the driver made, oldest first (tests check commands against the datasheet).</summary>
    public List<byte[]> Writes { get; } = [];

    /// <summary>When set, the next bus operation throws as a failing bus would.</summary>
    public Exception? FailNext { get; set; }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowIfFailing();
        Writes.Add(buffer.ToArray());
        OnWrite(buffer);
    }

    public override void Read(Span<byte> buffer)
    {
        ThrowIfFailing();
        OnRead(buffer);
    }

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Write(writeBuffer);
        Read(readBuffer);
    }

    protected abstract void OnWrite(ReadOnlySpan<byte> buffer);

    protected abstract void OnRead(Span<byte> buffer);

    private void ThrowIfFailing()
    {
        if (FailNext is { } failure)
        {
            FailNext = null;
            throw failure;
        }
    }
}

/// <summary>A register-mapped device (Bosch, TI): a write of [register, data…] stores, a write of [register] points, reads auto-increment.</summary>
public class RegisterMapI2cDevice(int address) : SimulatedI2cDevice(address)
{
    private byte _pointer;

    public byte[] Registers { get; } = new byte[256];

    protected override void OnWrite(ReadOnlySpan<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return;
        }

        _pointer = buffer[0];
        for (var i = 1; i < buffer.Length; i++)
        {
            OnRegisterWritten((byte)(_pointer + i - 1), buffer[i]);
        }
    }

    protected override void OnRead(Span<byte> buffer)
    {
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = Registers[(byte)(_pointer + i)];
        }
    }

    /// <summary>A register write; override to act on it (start a conversion, soft reset).</summary>
    protected virtual void OnRegisterWritten(byte address, byte value) => Registers[address] = value;
}
