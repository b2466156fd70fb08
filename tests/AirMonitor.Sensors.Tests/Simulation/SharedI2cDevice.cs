using System.Device.I2c;

namespace AirMonitor.Sensors.Tests.Simulation;

/// <summary>
/// One simulated part seen by two drivers at once (ours and a dotnet/iot binding): every transfer goes to the part,
/// and a driver disposing its bus leaves the part open for the other, since both drivers own the bus they are given.
/// </summary>
internal sealed class SharedI2cDevice(I2cDevice part) : I2cDevice
{
    public override I2cConnectionSettings ConnectionSettings => part.ConnectionSettings;

    public override byte ReadByte() => part.ReadByte();

    public override void Read(Span<byte> buffer) => part.Read(buffer);

    public override void WriteByte(byte value) => part.WriteByte(value);

    public override void Write(ReadOnlySpan<byte> buffer) => part.Write(buffer);

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer) => part.WriteRead(writeBuffer, readBuffer);
}
