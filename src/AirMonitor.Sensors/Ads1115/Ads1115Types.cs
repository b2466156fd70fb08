namespace AirMonitor.Sensors.Ads1115;

/// <summary>The input multiplexer (config MUX[14:12]): differential pairs 000–011, single-ended AINx vs GND 100–111.</summary>
public enum Ads1115Input : byte
{
    Ain0MinusAin1 = 0b000,
    Ain0MinusAin3 = 0b001,
    Ain1MinusAin3 = 0b010,
    Ain2MinusAin3 = 0b011,
    Ain0 = 0b100,
    Ain1 = 0b101,
    Ain2 = 0b110,
    Ain3 = 0b111,
}

/// <summary>The programmable gain amplifier's full-scale range (config PGA[11:9]).</summary>
public enum Ads1115FullScale : byte
{
    PlusMinus6_144Volts = 0b000,
    PlusMinus4_096Volts = 0b001,
    PlusMinus2_048Volts = 0b010,
    PlusMinus1_024Volts = 0b011,
    PlusMinus0_512Volts = 0b100,
    PlusMinus0_256Volts = 0b101,
}

/// <summary>Samples per second (config DR[7:5]).</summary>
public enum Ads1115DataRate : byte
{
    Sps8 = 0b000,
    Sps16 = 0b001,
    Sps32 = 0b010,
    Sps64 = 0b011,
    Sps128 = 0b100,
    Sps250 = 0b101,
    Sps475 = 0b110,
    Sps860 = 0b111,
}

/// <summary>The numbers behind the enums, and the channel a profile names.</summary>
public static class Ads1115Scale
{
    /// <summary>The full-scale voltage of a PGA setting: 6.144, 4.096, 2.048, 1.024, 0.512 or 0.256 V.</summary>
    public static double Volts(this Ads1115FullScale fullScale) => fullScale switch
    {
        Ads1115FullScale.PlusMinus6_144Volts => 6.144,
        Ads1115FullScale.PlusMinus4_096Volts => 4.096,
        Ads1115FullScale.PlusMinus2_048Volts => 2.048,
        Ads1115FullScale.PlusMinus1_024Volts => 1.024,
        Ads1115FullScale.PlusMinus0_512Volts => 0.512,
        Ads1115FullScale.PlusMinus0_256Volts => 0.256,
        _ => throw new ArgumentOutOfRangeException(nameof(fullScale), fullScale, "not a PGA setting"),
    };

    /// <summary>The PGA setting whose full scale is <paramref name="volts"/> (e.g. 4.096).</summary>
    public static bool TryFullScaleOf(double volts, out Ads1115FullScale fullScale)
    {
        foreach (var candidate in Enum.GetValues<Ads1115FullScale>())
        {
            if (Math.Abs(candidate.Volts() - volts) < 1e-9)
            {
                fullScale = candidate;
                return true;
            }
        }

        fullScale = default;
        return false;
    }

    /// <summary>Samples per second of a DR setting.</summary>
    public static int SamplesPerSecond(this Ads1115DataRate rate) => rate switch
    {
        Ads1115DataRate.Sps8 => 8,
        Ads1115DataRate.Sps16 => 16,
        Ads1115DataRate.Sps32 => 32,
        Ads1115DataRate.Sps64 => 64,
        Ads1115DataRate.Sps128 => 128,
        Ads1115DataRate.Sps250 => 250,
        Ads1115DataRate.Sps475 => 475,
        Ads1115DataRate.Sps860 => 860,
        _ => throw new ArgumentOutOfRangeException(nameof(rate), rate, "not a DR setting"),
    };

    /// <summary>The single-ended input for channel 0–3 (AINx vs GND).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not 0–3.</exception>
    public static Ads1115Input SingleEnded(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)channel, 3u, nameof(channel));
        return (Ads1115Input)((int)Ads1115Input.Ain0 + channel);
    }

    /// <summary>A profile parameter naming a channel 0–3.</summary>
    /// <exception cref="ArgumentException">Missing or not 0–3, naming the model and the parameter.</exception>
    internal static int ChannelParameter(SensorConnection connection, string name)
    {
        var value = connection.RequiredNumber(name);
        return value is 0 or 1 or 2 or 3
            ? (int)value
            : throw new ArgumentException($"{connection.Model}: parameter '{name}' must be an ADS1115 channel 0–3 (is '{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}')");
    }
}

/// <summary>One conversion: the signed 16-bit code and the voltage it stands for at the full scale used.</summary>
public readonly record struct Ads1115Conversion(short Raw, Ads1115FullScale FullScale)
{
    /// <summary>V = raw · FSR / 32768.</summary>
    public double Volts => Raw * FullScale.Volts() / 32768.0;

    public double Millivolts => Volts * 1000.0;
}
