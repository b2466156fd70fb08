using AirMonitor.Sensors.Bme280;
using AirMonitor.Sensors.Tests.Simulation;
using Bme280Binding = Iot.Device.Bmxx80.Bme280;

namespace AirMonitor.Sensors.Tests.Bme280;

/// <summary>
/// The dotnet/iot Bme280 binding as a second reader of <see cref="SimulatedBme280"/>: it parses the calibration
/// registers and the data registers on its own, so a simulation that encodes wrongly cannot agree with a driver that
/// decodes the same way wrongly.
/// </summary>
public sealed class Bme280BindingCrossCheckTests
{
    // Both use Bosch's double formulas; ours truncates t_fine to an int as Bosch's API does, the binding keeps it a double,
    // which moves pressure by well under 0.1 Pa and humidity by under 0.001 %RH.
    private const double SameTemperatureCelsius = 1e-9;
    private const double SamePressureHectopascals = 0.001;
    private const double SameHumidityPercent = 0.001;

    // How near a raw code comes to the air the simulation was set to: half a code step, rounded up.
    private const double SetTemperatureCelsius = 0.001;
    private const double SetPressureHectopascals = 0.01;
    private const double SetHumidityPercent = 0.01;

    [Theory]
    [InlineData(25.0, 1013.25, 45.0)]
    [InlineData(-39.9, 300.5, 0.5)]
    [InlineData(84.9, 1099.5, 99.5)]
    [InlineData(0.0, 850.0, 80.0)]
    [InlineData(-10.0, 1050.0, 10.0)]
    public void The_binding_reads_what_our_driver_reads_and_the_air_set(double celsius, double hectopascals, double percent)
    {
        var air = new SimulatedAir { TemperatureCelsius = celsius, PressureHectopascals = hectopascals, HumidityPercent = percent };
        var part = new SimulatedBme280(air);
        using var binding = new Bme280Binding(new SharedI2cDevice(part));
        using var driver = new Bme280Device(new SharedI2cDevice(part)) { Wait = _ => { } };

        var theirs = binding.Read();
        Assert.True(driver.TryReadForced(out var ours));

        Assert.Equal(ours.TemperatureCelsius, theirs.Temperature!.Value.DegreesCelsius, SameTemperatureCelsius);
        Assert.Equal(ours.PressureHectopascals!.Value, theirs.Pressure!.Value.Hectopascals, SamePressureHectopascals);
        Assert.Equal(ours.HumidityPercent!.Value, theirs.Humidity!.Value.Percent, SameHumidityPercent);
        Assert.Equal(celsius, theirs.Temperature.Value.DegreesCelsius, SetTemperatureCelsius);
        Assert.Equal(hectopascals, theirs.Pressure.Value.Hectopascals, SetPressureHectopascals);
        Assert.Equal(percent, theirs.Humidity.Value.Percent, SetHumidityPercent);
    }

    // At the ends of the datasheet's ranges (−40 °C, 300 hPa, 0 and 100 %RH) Bosch's API clamps; the binding clamps only
    // humidity, so the raw codes the part sends there must stand for the end itself, not for a value beyond the clamp.
    [Theory]
    [InlineData(-40.0, 300.0, 0.0)]
    [InlineData(85.0, 1100.0, 100.0)]
    public void At_the_ends_of_the_range_the_binding_reads_the_ends(double celsius, double hectopascals, double percent)
    {
        var air = new SimulatedAir { TemperatureCelsius = celsius, PressureHectopascals = hectopascals, HumidityPercent = percent };
        var part = new SimulatedBme280(air);
        using var binding = new Bme280Binding(new SharedI2cDevice(part));

        var theirs = binding.Read();

        Assert.Equal(celsius, theirs.Temperature!.Value.DegreesCelsius, SetTemperatureCelsius);
        Assert.Equal(hectopascals, theirs.Pressure!.Value.Hectopascals, SetPressureHectopascals);
        Assert.Equal(percent, theirs.Humidity!.Value.Percent, SetHumidityPercent);
    }
}
