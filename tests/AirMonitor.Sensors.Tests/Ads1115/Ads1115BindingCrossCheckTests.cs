using AirMonitor.Sensors.Ads1115;
using AirMonitor.Sensors.Tests.Simulation;
using Iot.Device.Ads1115;
using Ads1115Binding = Iot.Device.Ads1115.Ads1115;

namespace AirMonitor.Sensors.Tests.Ads1115;

/// <summary>
/// The dotnet/iot Ads1115 binding as a second reader of <see cref="SimulatedAds1115"/>: it builds its own config word
/// and converts the code on its own. It is opened in power-down (single-shot) mode, as our driver uses the chip; its
/// default, continuous mode, would read a conversion the simulation makes only when config is written.
/// </summary>
public sealed class Ads1115BindingCrossCheckTests
{
    [Theory]
    [InlineData(Ads1115Input.Ain0, InputMultiplexer.AIN0, Ads1115FullScale.PlusMinus4_096Volts, MeasuringRange.FS4096, 1.0)]
    [InlineData(Ads1115Input.Ain2, InputMultiplexer.AIN2, Ads1115FullScale.PlusMinus0_256Volts, MeasuringRange.FS0256, 0.2305)]
    [InlineData(Ads1115Input.Ain3, InputMultiplexer.AIN3, Ads1115FullScale.PlusMinus6_144Volts, MeasuringRange.FS6144, 3.3)]
    [InlineData(Ads1115Input.Ain0MinusAin1, InputMultiplexer.AIN0_AIN1, Ads1115FullScale.PlusMinus2_048Volts, MeasuringRange.FS2048, -0.75)]
    [InlineData(Ads1115Input.Ain1, InputMultiplexer.AIN1, Ads1115FullScale.PlusMinus1_024Volts, MeasuringRange.FS1024, 1.0239)]
    [InlineData(Ads1115Input.Ain0MinusAin1, InputMultiplexer.AIN0_AIN1, Ads1115FullScale.PlusMinus0_512Volts, MeasuringRange.FS0512, -0.512)]
    public void The_binding_reads_what_our_driver_reads_and_the_voltage_set(
        Ads1115Input input, InputMultiplexer multiplexer, Ads1115FullScale fullScale, MeasuringRange range, double volts)
    {
        // Single-ended inputs get the voltage; a differential pair gets it on its positive input, 0 V on the other.
        var channel = input == Ads1115Input.Ain0MinusAin1 ? 0 : (int)input - (int)Ads1115Input.Ain0;
        var part = new SimulatedAds1115(c => c == channel ? volts : 0.0);
        using var binding = new Ads1115Binding(new SharedI2cDevice(part), multiplexer, range, DataRate.SPS860, DeviceMode.PowerDown);
        using var driver = new Ads1115Device(new SharedI2cDevice(part)) { Wait = _ => { } };
        part.ConfigWrites.Clear();

        var theirsRaw = binding.ReadRaw();
        var theirs = binding.ReadVoltage();
        var theirConfig = part.ConfigWrites[0];
        part.ConfigWrites.Clear();
        Assert.True(driver.TryConvert(input, fullScale, Ads1115DataRate.Sps860, out var ours));

        Assert.Equal(ours.Raw, theirsRaw);
        Assert.Equal(ours.Volts, theirs.Volts, 1e-12);
        Assert.Equal(Ads1115Device.SingleShotConfig(input, fullScale, Ads1115DataRate.Sps860), theirConfig);
        Assert.Equal(theirConfig, part.ConfigWrites[0]);
        Assert.Equal(volts, theirs.Volts, fullScale.Volts() / 32768 / 2 * 1.0001);
    }

    // Beyond full scale both read the end code (0x7FFF, 0x8000), as the datasheet's table 3 gives.
    [Theory]
    [InlineData(5.0, short.MaxValue)]
    [InlineData(-5.0, short.MinValue)]
    public void Beyond_full_scale_the_binding_reads_the_end_codes(double volts, short expected)
    {
        var part = new SimulatedAds1115(c => c == 0 ? volts : 0.0);
        using var binding = new Ads1115Binding(new SharedI2cDevice(part), InputMultiplexer.AIN0_AIN1, MeasuringRange.FS4096, DataRate.SPS860, DeviceMode.PowerDown);
        using var driver = new Ads1115Device(new SharedI2cDevice(part)) { Wait = _ => { } };

        Assert.Equal(expected, binding.ReadRaw());
        Assert.True(driver.TryConvert(Ads1115Input.Ain0MinusAin1, Ads1115FullScale.PlusMinus4_096Volts, Ads1115DataRate.Sps860, out var ours));
        Assert.Equal(expected, ours.Raw);
    }
}
