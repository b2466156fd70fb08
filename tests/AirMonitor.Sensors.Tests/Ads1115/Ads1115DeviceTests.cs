using AirMonitor.Sensors.Ads1115;

namespace AirMonitor.Sensors.Tests.Ads1115;

public sealed class Ads1115DeviceTests
{
    private static Ads1115Device Open(SimulatedAds1115 simulated) => new(simulated) { Wait = _ => { } };

    [Theory]
    [InlineData(Ads1115Input.Ain0MinusAin1, 0x8383)]
    [InlineData(Ads1115Input.Ain0MinusAin3, 0x9383)]
    [InlineData(Ads1115Input.Ain1MinusAin3, 0xA383)]
    [InlineData(Ads1115Input.Ain2MinusAin3, 0xB383)]
    [InlineData(Ads1115Input.Ain0, 0xC383)]
    [InlineData(Ads1115Input.Ain1, 0xD383)]
    [InlineData(Ads1115Input.Ain2, 0xE383)]
    [InlineData(Ads1115Input.Ain3, 0xF383)]
    public void Config_word_carries_the_multiplexer_in_bits_14_to_12(Ads1115Input input, int expected)
    {
        // OS 1, PGA 001 (±4.096 V), MODE 1, DR 100 (128 SPS), COMP_QUE 11.
        Assert.Equal(expected, Ads1115Device.SingleShotConfig(input, Ads1115FullScale.PlusMinus4_096Volts, Ads1115DataRate.Sps128));
    }

    [Theory]
    [InlineData(Ads1115FullScale.PlusMinus6_144Volts, 0xC183, 6.144)]
    [InlineData(Ads1115FullScale.PlusMinus4_096Volts, 0xC383, 4.096)]
    [InlineData(Ads1115FullScale.PlusMinus2_048Volts, 0xC583, 2.048)]
    [InlineData(Ads1115FullScale.PlusMinus1_024Volts, 0xC783, 1.024)]
    [InlineData(Ads1115FullScale.PlusMinus0_512Volts, 0xC983, 0.512)]
    [InlineData(Ads1115FullScale.PlusMinus0_256Volts, 0xCB83, 0.256)]
    public void Config_word_carries_the_gain_in_bits_11_to_9(Ads1115FullScale fullScale, int expected, double volts)
    {
        Assert.Equal(expected, Ads1115Device.SingleShotConfig(Ads1115Input.Ain0, fullScale, Ads1115DataRate.Sps128));
        Assert.Equal(volts, fullScale.Volts());
    }

    [Theory]
    [InlineData(Ads1115DataRate.Sps8, 0xC303, 8)]
    [InlineData(Ads1115DataRate.Sps16, 0xC323, 16)]
    [InlineData(Ads1115DataRate.Sps32, 0xC343, 32)]
    [InlineData(Ads1115DataRate.Sps64, 0xC363, 64)]
    [InlineData(Ads1115DataRate.Sps128, 0xC383, 128)]
    [InlineData(Ads1115DataRate.Sps250, 0xC3A3, 250)]
    [InlineData(Ads1115DataRate.Sps475, 0xC3C3, 475)]
    [InlineData(Ads1115DataRate.Sps860, 0xC3E3, 860)]
    public void Config_word_carries_the_data_rate_in_bits_7_to_5(Ads1115DataRate rate, int expected, int samplesPerSecond)
    {
        Assert.Equal(expected, Ads1115Device.SingleShotConfig(Ads1115Input.Ain0, Ads1115FullScale.PlusMinus4_096Volts, rate));
        Assert.Equal(samplesPerSecond, rate.SamplesPerSecond());
    }

    [Fact]
    public void Config_word_starts_a_single_shot_with_the_comparator_disabled()
    {
        var word = Ads1115Device.SingleShotConfig(Ads1115Input.Ain2, Ads1115FullScale.PlusMinus1_024Volts, Ads1115DataRate.Sps860);

        Assert.Equal(0x8000, word & 0x8000); // OS: start
        Assert.Equal(0x0100, word & 0x0100); // MODE: single shot
        Assert.Equal(0x0003, word & 0x001F); // COMP_QUE 11, COMP_LAT/POL/MODE 0
    }

    [Theory]
    [InlineData(32767, Ads1115FullScale.PlusMinus4_096Volts, 4.095875)]
    [InlineData(-32768, Ads1115FullScale.PlusMinus4_096Volts, -4.096)]
    [InlineData(16384, Ads1115FullScale.PlusMinus6_144Volts, 3.072)]
    [InlineData(-1, Ads1115FullScale.PlusMinus0_256Volts, -0.0000078125)]
    [InlineData(4800, Ads1115FullScale.PlusMinus4_096Volts, 0.6)]
    public void Volts_are_raw_times_full_scale_over_32768(short raw, Ads1115FullScale fullScale, double expected)
    {
        Assert.Equal(expected, new Ads1115Conversion(raw, fullScale).Volts, 12);
    }

    [Fact]
    public void Simulated_chip_resets_to_config_0x8583()
    {
        Assert.Equal(0x8583, new SimulatedAds1115(_ => 0).Word(0x01));
    }

    [Fact]
    public void Conversion_writes_config_then_polls_OS_then_reads_pointer_0()
    {
        var simulated = new SimulatedAds1115(channel => channel == 2 ? 1.5 : 0.0);
        using var adc = Open(simulated);

        Assert.True(adc.TryConvert(Ads1115Input.Ain2, Ads1115FullScale.PlusMinus2_048Volts, Ads1115DataRate.Sps128, out var conversion));

        Assert.Equal(["01E583", "01", "00"], simulated.Writes.Select(Convert.ToHexString).ToArray());
        Assert.Equal(24000, conversion.Raw); // 1.5 / 2.048 · 32768
        Assert.Equal(1.5, conversion.Volts, 12);
    }

    [Fact]
    public void Conversion_polls_until_OS_reads_idle()
    {
        var simulated = new SimulatedAds1115(_ => 1.0) { BusyPolls = 3 };
        using var adc = Open(simulated);

        Assert.True(adc.TryConvert(Ads1115Input.Ain0, Ads1115FullScale.PlusMinus4_096Volts, Ads1115DataRate.Sps860, out var conversion));

        Assert.Equal(4, simulated.Writes.Count(w => w is [0x01]));
        Assert.Equal(8000, conversion.Raw);
    }

    [Fact]
    public void A_conversion_that_never_completes_gives_false()
    {
        var simulated = new SimulatedAds1115(_ => 1.0) { NeverCompletes = true };
        using var adc = Open(simulated);

        Assert.False(adc.TryConvert(Ads1115Input.Ain0, Ads1115FullScale.PlusMinus4_096Volts, Ads1115DataRate.Sps128, out _));
    }

    [Fact]
    public void Differential_input_below_zero_gives_a_negative_code()
    {
        var volts = new[] { 0.1, 0.3, 0.0, 0.0 };
        using var adc = Open(new SimulatedAds1115(channel => volts[channel]));

        Assert.True(adc.TryConvert(Ads1115Input.Ain0MinusAin1, Ads1115FullScale.PlusMinus1_024Volts, Ads1115DataRate.Sps128, out var conversion));

        Assert.Equal(-6400, conversion.Raw); // −0.2 / 1.024 · 32768
        Assert.Equal(-0.2, conversion.Volts, 12);
    }

    [Fact]
    public void Input_beyond_full_scale_saturates_at_the_largest_code()
    {
        using var adc = Open(new SimulatedAds1115(_ => 5.0));

        Assert.True(adc.TryConvert(Ads1115Input.Ain0, Ads1115FullScale.PlusMinus4_096Volts, Ads1115DataRate.Sps128, out var conversion));

        Assert.Equal(short.MaxValue, conversion.Raw);
    }

    [Fact]
    public void Dispose_disposes_the_bus_without_writing()
    {
        var simulated = new SimulatedAds1115(_ => 0.0);
        var adc = Open(simulated);

        adc.Dispose();

        Assert.Empty(simulated.Writes);
        Assert.True(simulated.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => adc.TryConvert(Ads1115Input.Ain0, Ads1115FullScale.PlusMinus4_096Volts, Ads1115DataRate.Sps128, out _));
    }
}
