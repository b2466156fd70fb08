using System.Buffers.Binary;
using System.Device.I2c;

namespace AirMonitor.Sensors.Ads1115;

/// <summary>
/// TI ADS1115 16-bit ADC on I2C (0x48 with ADDR to GND, 0x49 VDD, 0x4A SDA, 0x4B SCL), used in single-shot mode:
/// each read writes the config word with OS = 1, polls OS until the conversion is done, and reads the result.
/// Owns the <see cref="I2cDevice"/>; in single-shot mode the chip powers down after each conversion, so
/// <see cref="Dispose"/> has nothing to stop and only disposes the bus.
/// </summary>
public sealed class Ads1115Device : IDisposable
{
    public const int DefaultAddress = 0x48;

    private const int ConversionPolls = 10;

    private readonly I2cDevice _device;
    private bool _disposed;

    public Ads1115Device(I2cDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
    }

    /// <summary>How the driver waits for a conversion; tests replace it to run without delays.</summary>
    internal Action<TimeSpan> Wait { get; set; } = Thread.Sleep;

    /// <summary>
    /// The config word of one single-shot conversion: OS = 1 (start), MUX, PGA, MODE = 1 (single shot), DR, and the
    /// comparator disabled (COMP_QUE = 11, the other comparator bits at their defaults 0).
    /// </summary>
    public static ushort SingleShotConfig(Ads1115Input input, Ads1115FullScale fullScale, Ads1115DataRate rate) =>
        (ushort)(Ads1115Registers.OperationalStatus
            | ((int)input << Ads1115Registers.MultiplexerShift)
            | ((int)fullScale << Ads1115Registers.FullScaleShift)
            | Ads1115Registers.SingleShotMode
            | ((int)rate << Ads1115Registers.DataRateShift)
            | Ads1115Registers.ComparatorDisabled);

    /// <summary>
    /// One single-shot conversion. Waits one sample period (plus 10 % and 1 ms, the datasheet's oscillator tolerance
    /// and wake-up), then polls OS; false when the conversion never completes.
    /// </summary>
    /// <exception cref="IOException">The bus failed.</exception>
    public bool TryConvert(Ads1115Input input, Ads1115FullScale fullScale, Ads1115DataRate rate, out Ads1115Conversion conversion)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        conversion = default;
        Span<byte> write = stackalloc byte[3];
        write[0] = Ads1115Registers.Config;
        BinaryPrimitives.WriteUInt16BigEndian(write[1..], SingleShotConfig(input, fullScale, rate));
        _device.Write(write);

        var samplePeriod = TimeSpan.FromSeconds(1.1 / rate.SamplesPerSecond()) + TimeSpan.FromMilliseconds(1);
        Wait(samplePeriod);
        var polls = 0;
        while ((ReadRegister(Ads1115Registers.Config) & Ads1115Registers.OperationalStatus) == 0)
        {
            if (++polls >= ConversionPolls)
            {
                return false;
            }

            Wait(samplePeriod / 4);
        }

        conversion = new Ads1115Conversion((short)ReadRegister(Ads1115Registers.Conversion), fullScale);
        return true;
    }

    /// <summary>Single-shot mode leaves nothing running: only the bus is disposed.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _device.Dispose();
    }

    private ushort ReadRegister(byte pointer)
    {
        Span<byte> value = stackalloc byte[2];
        _device.WriteRead([pointer], value);
        return BinaryPrimitives.ReadUInt16BigEndian(value);
    }
}
