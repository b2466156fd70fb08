using AirMonitor.Sensors.Sensirion;

namespace AirMonitor.Sensors.Sps30;

/// <summary>One SPS30 reading in float output format: mass and number concentrations by size, and the typical particle size.</summary>
public sealed record Sps30Measurement(
    double Pm1_0MicrogramsPerCubicMeter,
    double Pm2_5MicrogramsPerCubicMeter,
    double Pm4_0MicrogramsPerCubicMeter,
    double Pm10MicrogramsPerCubicMeter,
    double Nc0_5PerCubicCentimeter,
    double Nc1_0PerCubicCentimeter,
    double Nc2_5PerCubicCentimeter,
    double Nc4_0PerCubicCentimeter,
    double Nc10PerCubicCentimeter,
    double TypicalParticleSizeMicrometers)
{
    /// <summary>The 20 words of "read measured values" (float format), in the datasheet's order.</summary>
    internal static Sps30Measurement FromWords(ReadOnlySpan<ushort> words)
    {
        Span<double> values = stackalloc double[10];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = SensirionI2c.ToSingle(words[2 * i], words[(2 * i) + 1]);
        }

        return new(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7], values[8], values[9]);
    }
}
