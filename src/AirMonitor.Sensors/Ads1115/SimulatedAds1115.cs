using System.Buffers.Binary;
using AirMonitor.Sensors.Simulation;

namespace AirMonitor.Sensors.Ads1115;

/// <summary>
/// An ADS1115 in software: 16-bit big-endian registers behind the pointer byte (config resets to 0x8583), and a
/// single-shot conversion of the voltages <see cref="InputVolts"/> gives per channel when config is written with OS = 1.
/// </summary>
public sealed class SimulatedAds1115 : RegisterMapI2cDevice
{
    private byte _pointer;
    private int _pollsUntilIdle;

    /// <param name="inputVolts">The voltage on AIN0–AIN3 (argument: channel) at the moment of a conversion.</param>
    public SimulatedAds1115(Func<int, double> inputVolts, int address = Ads1115Device.DefaultAddress)
        : base(address)
    {
        ArgumentNullException.ThrowIfNull(inputVolts);
        InputVolts = inputVolts;
        WriteWord(Ads1115Registers.Config, Ads1115Registers.ConfigReset);
        WriteWord(Ads1115Registers.LowThreshold, 0x8000);
        WriteWord(Ads1115Registers.HighThreshold, 0x7FFF);
    }

    public Func<int, double> InputVolts { get; set; }

    /// <summary>How many config reads report "converting" (OS = 0) after a conversion starts.</summary>
    public int BusyPolls { get; set; }

    /// <summary>When set, conversions never complete.</summary>
    public bool NeverCompletes { get; set; }

    public bool IsDisposed { get; private set; }

    /// <summary>Every config word written, oldest first.</summary>
    public List<ushort> ConfigWrites { get; } = [];

    /// <summary>An ADS1115 on an Alphasense board: WE = WE0 + sensitivity·c + k·drift, AE = AE0 + drift, with a 7 mV auxiliary drift.</summary>
    public static SimulatedAds1115 ForElectrochemicalCell(SimulatedAir air, ElectrochemicalCell cell, int address = Ads1115Device.DefaultAddress)
    {
        ArgumentNullException.ThrowIfNull(air);
        ArgumentNullException.ThrowIfNull(cell);
        const double auxiliaryDriftMillivolts = 7.0;
        return new SimulatedAds1115(
            channel =>
            {
                var concentration = cell.Gas switch
                {
                    ElectrochemicalGas.No2 => air.No2Ppb,
                    ElectrochemicalGas.O3 => air.O3Ppb,
                    ElectrochemicalGas.So2 => air.So2Ppb,
                    _ => air.CoPpm,
                };
                var millivolts = channel == cell.WorkingChannel
                    ? cell.WorkingZeroMillivolts + (cell.Sensitivity * concentration) + (cell.AuxiliaryFactor * auxiliaryDriftMillivolts)
                    : channel == cell.AuxiliaryChannel ? cell.AuxiliaryZeroMillivolts + auxiliaryDriftMillivolts : 0.0;
                return millivolts / 1000.0;
            },
            address);
    }

    /// <summary>An ADS1115 with a 4–20 mA loop's shunt on its channel: V = <see cref="SimulatedAir.LoopCurrentMilliamps"/> · R.</summary>
    public static SimulatedAds1115 ForCurrentLoop(SimulatedAir air, CurrentLoop loop, int address = Ads1115Device.DefaultAddress)
    {
        ArgumentNullException.ThrowIfNull(air);
        ArgumentNullException.ThrowIfNull(loop);
        return new SimulatedAds1115(channel => channel == loop.Channel ? air.LoopCurrentMilliamps / 1000.0 * loop.ShuntOhms : 0.0, address);
    }

    /// <summary>A 16-bit register as the chip holds it.</summary>
    public ushort Word(byte register) => BinaryPrimitives.ReadUInt16BigEndian(Registers.AsSpan(2 * register, 2));

    protected override void OnWrite(ReadOnlySpan<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return;
        }

        _pointer = (byte)(buffer[0] & 0x03);
        if (buffer.Length < 3 || _pointer == Ads1115Registers.Conversion)
        {
            return; // a pointer write, or a write to the read-only conversion register
        }

        var word = BinaryPrimitives.ReadUInt16BigEndian(buffer[1..]);
        if (_pointer != Ads1115Registers.Config)
        {
            WriteWord(_pointer, word);
            return;
        }

        ConfigWrites.Add(word);
        var startsConversion = (word & Ads1115Registers.OperationalStatus) != 0;
        WriteWord(Ads1115Registers.Config, (ushort)(word & ~Ads1115Registers.OperationalStatus)); // OS reads 0 while converting
        if (startsConversion)
        {
            WriteWord(Ads1115Registers.Conversion, Convert(word));
            _pollsUntilIdle = BusyPolls;
        }
    }

    protected override void OnRead(Span<byte> buffer)
    {
        if (_pointer == Ads1115Registers.Config)
        {
            var idle = !NeverCompletes && _pollsUntilIdle-- <= 0;
            var config = Word(Ads1115Registers.Config);
            WriteWord(Ads1115Registers.Config, idle ? (ushort)(config | Ads1115Registers.OperationalStatus) : config);
        }

        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = Registers[((2 * _pointer) + i) & 0x07];
        }
    }

    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }

    private ushort Convert(ushort config)
    {
        var input = (Ads1115Input)((config >> Ads1115Registers.MultiplexerShift) & 0x07);
        var fullScale = (Ads1115FullScale)Math.Min((config >> Ads1115Registers.FullScaleShift) & 0x07, (int)Ads1115FullScale.PlusMinus0_256Volts);
        var volts = input switch
        {
            Ads1115Input.Ain0MinusAin1 => InputVolts(0) - InputVolts(1),
            Ads1115Input.Ain0MinusAin3 => InputVolts(0) - InputVolts(3),
            Ads1115Input.Ain1MinusAin3 => InputVolts(1) - InputVolts(3),
            Ads1115Input.Ain2MinusAin3 => InputVolts(2) - InputVolts(3),
            _ => InputVolts((int)input - (int)Ads1115Input.Ain0),
        };
        var code = Math.Clamp(Math.Round(volts / fullScale.Volts() * 32768.0), short.MinValue, short.MaxValue);
        return unchecked((ushort)(short)code);
    }

    private void WriteWord(byte register, ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Registers.AsSpan(2 * register, 2), value);
}
