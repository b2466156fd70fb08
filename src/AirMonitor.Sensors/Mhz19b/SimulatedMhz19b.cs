using AirMonitor.Sensors.Simulation;

namespace AirMonitor.Sensors.Mhz19b;

/// <summary>
/// An MH-Z19B on a simulated serial line: answers the read command with the CO2 of <see cref="SimulatedAir"/> (rounded
/// to whole ppm, as the sensor reports), and records calibration and baseline commands. Commands with a wrong
/// checksum are ignored.
/// </summary>
public sealed class SimulatedMhz19b(SimulatedAir air, TimeSpan readTimeout) : SimulatedSerialStream(readTimeout)
{
    public SimulatedMhz19b(SimulatedAir air)
        : this(air, TimeSpan.FromSeconds(1))
    {
    }

    /// <summary>On from the factory.</summary>
    public bool AutomaticBaselineCorrection { get; private set; } = true;

    public int ZeroCalibrations { get; private set; }

    public List<int> SpanCalibrationsPartsPerMillion { get; } = [];

    /// <summary>When set, the next answer goes out with a wrong checksum.</summary>
    public bool CorruptNextAnswer { get; set; }

    /// <summary>When set, the sensor answers nothing (unplugged, or still booting).</summary>
    public bool IsSilent { get; set; }

    protected override void OnWrite(ReadOnlySpan<byte> written)
    {
        if (IsSilent || written.Length != Mhz19bFrame.Length || written[0] != Mhz19bFrame.Start || written[8] != Mhz19bFrame.Checksum(written))
        {
            return;
        }

        switch (written[2])
        {
            case Mhz19bFrame.ReadCo2Command:
                var answer = Mhz19bFrame.Co2Answer((ushort)Math.Clamp(Math.Round(air.Co2Ppm, MidpointRounding.AwayFromZero), 0, ushort.MaxValue));
                if (CorruptNextAnswer)
                {
                    answer[^1] ^= 0xFF;
                    CorruptNextAnswer = false;
                }

                Enqueue(answer);
                break;
            case Mhz19bFrame.CalibrateZeroCommand:
                ZeroCalibrations++;
                break;
            case Mhz19bFrame.CalibrateSpanCommand:
                SpanCalibrationsPartsPerMillion.Add((written[3] << 8) | written[4]);
                break;
            case Mhz19bFrame.AutomaticBaselineCommand:
                AutomaticBaselineCorrection = written[3] == Mhz19bFrame.AutomaticBaselineOn;
                break;
        }
    }
}
