using AirMonitor.Sensors.Bme68x;
using AirMonitor.Sensors.Tests.Simulation;
using Iot.Device.Bmxx80;
using UnitsNet;

namespace AirMonitor.Sensors.Tests.Bme68x;

/// <summary>
/// The dotnet/iot Bme680 binding as a second reader of <see cref="SimulatedBme68x"/> in its BME680 variant: it parses
/// the calibration and the field registers on its own. It has no BME688 (docs/dependencies.md), so that variant is
/// only documented here.
/// </summary>
public sealed class Bme680BindingCrossCheckTests
{
    // Both follow Bosch's float API with t_fine unrounded; only the order of a few multiplications differs.
    private const double Same = 1e-9;
    private const double SameGasFraction = 1e-9;

    // Half a raw code, rounded up; the gas encoder picks a range where one code is about 0.08 % of the resistance.
    private const double SetTemperatureCelsius = 0.001;
    private const double SetPressureHectopascals = 0.01;
    private const double SetHumidityPercent = 0.01;
    private const double SetGasFraction = 0.001;

    // The binding reads range_sw_err unsigned (see below); a non-negative one is read alike by both.
    private static readonly Bme68xCalibration NonNegativeRangeSwitchingError = SimulatedBme68x.TypicalCalibration with { RangeSwitchingError = 3 };

    /// <summary>One simulated BME680 read by the binding and by our driver.</summary>
    private sealed class BothReaders : IDisposable
    {
        public BothReaders(SimulatedAir air, Bme68xCalibration? calibration = null)
        {
            Part = new SimulatedBme68x(air, Bme68xVariant.Bme680, calibration: calibration ?? NonNegativeRangeSwitchingError);
            Binding = new Bme680(new SharedI2cDevice(Part));

            // The binding sleeps its heater duration on every Read (150 ms by default); the simulated plate is hot at once.
            Binding.ConfigureHeatingProfile(Bme680HeaterProfile.Profile1, Temperature.FromDegreesCelsius(300), Duration.FromMilliseconds(1), Temperature.FromDegreesCelsius(25));
            Driver = new Bme68xDevice(new SharedI2cDevice(Part)) { Wait = _ => { } };
        }

        public SimulatedBme68x Part { get; }

        public Bme680 Binding { get; }

        public Bme68xDevice Driver { get; }

        public void Dispose()
        {
            Driver.Dispose();
            Binding.Dispose();
        }
    }

    [Theory]
    [InlineData(25.0, 1013.25, 45.0, 120_000.0)]
    [InlineData(-40.0, 300.0, 0.5, 5_000.0)]
    [InlineData(85.0, 1100.0, 99.5, 1_000_000.0)]
    [InlineData(0.0, 850.0, 80.0, 50_000.0)]
    public void The_binding_reads_what_our_driver_reads_and_the_air_set(double celsius, double hectopascals, double percent, double ohms)
    {
        var air = new SimulatedAir { TemperatureCelsius = celsius, PressureHectopascals = hectopascals, HumidityPercent = percent, GasResistanceOhms = ohms };
        using var readers = new BothReaders(air);
        var (binding, driver) = (readers.Binding, readers.Driver);

        var theirs = binding.Read();
        Assert.True(driver.TryReadForced(out var ours));

        Assert.Equal(ours.TemperatureCelsius, theirs.Temperature!.Value.DegreesCelsius, Same);
        Assert.Equal(ours.PressureHectopascals, theirs.Pressure!.Value.Hectopascals, Same);
        Assert.Equal(ours.HumidityPercent, theirs.Humidity!.Value.Percent, Same);
        Assert.Equal(1.0, theirs.GasResistance!.Value.Ohms / ours.GasResistanceOhms!.Value, SameGasFraction);
        Assert.Equal(celsius, theirs.Temperature.Value.DegreesCelsius, SetTemperatureCelsius);
        Assert.Equal(hectopascals, theirs.Pressure.Value.Hectopascals, SetPressureHectopascals);
        Assert.Equal(percent, theirs.Humidity.Value.Percent, SetHumidityPercent);
        Assert.Equal(1.0, theirs.GasResistance.Value.Ohms / ohms, SetGasFraction);
    }

    // The heater step: res_heat_0 (0x5A) from Bosch's calc_res_heat and gas_wait_0 (0x64) from calc_gas_wait.
    [Theory]
    [InlineData(200, 25, 30)]
    [InlineData(300, 25, 100)]
    [InlineData(320, 10, 150)]
    [InlineData(400, 35, 4000)]
    public void The_binding_writes_the_same_heater_step_bytes(int targetCelsius, int ambientCelsius, int milliseconds)
    {
        var part = new SimulatedBme68x(new SimulatedAir(), Bme68xVariant.Bme680);
        using var binding = new Bme680(new SharedI2cDevice(part));
        part.Writes.Clear();
        binding.ConfigureHeatingProfile(Bme680HeaterProfile.Profile1, Temperature.FromDegreesCelsius(targetCelsius), Duration.FromMilliseconds(milliseconds), Temperature.FromDegreesCelsius(ambientCelsius));
        var theirs = part.Writes.Select(Convert.ToHexString).ToArray();
        part.Writes.Clear();

        var settings = new Bme68xSettings { HeaterTemperatureCelsius = targetCelsius, AmbientTemperatureCelsius = ambientCelsius, HeaterDurationMilliseconds = milliseconds };
        using var driver = new Bme68xDevice(new SharedI2cDevice(part), settings) { Wait = _ => { } };
        var ours = part.Writes.Where(w => w.Length == 2 && w[0] is 0x5A or 0x64).Select(Convert.ToHexString).ToArray();

        Assert.Equal(theirs, ours);
        Assert.Equal($"5A{part.Calibration.HeaterResistanceCode(targetCelsius, ambientCelsius):X2}", ours[0]);
    }

    // docs/dependencies.md: the binding never reads the variant id (0xF0), so a BME688 passes its chip-id check. It enables
    // gas with the BME680's run_gas (01) and reads 0x2A/0x2B; the BME688 reports gas at 0x2C/0x2D and only with run_gas 10,
    // so the binding gets no gas value, while temperature, pressure and humidity, which the two share, agree.
    [Fact]
    public void On_a_BME688_the_binding_reads_no_gas_but_the_shared_channels_agree()
    {
        var air = new SimulatedAir { TemperatureCelsius = 22.0, PressureHectopascals = 1000.0, HumidityPercent = 40.0, GasResistanceOhms = 80_000 };
        var part = new SimulatedBme68x(air, Bme68xVariant.Bme688);
        using var binding = new Bme680(new SharedI2cDevice(part));
        binding.ConfigureHeatingProfile(Bme680HeaterProfile.Profile1, Temperature.FromDegreesCelsius(300), Duration.FromMilliseconds(1), Temperature.FromDegreesCelsius(25));

        var theirs = binding.Read();

        Assert.Equal(0x10, part.Registers[0x71] & 0x30);
        Assert.Null(theirs.GasResistance);
        Assert.Equal(22.0, theirs.Temperature!.Value.DegreesCelsius, SetTemperatureCelsius);
        Assert.Equal(1000.0, theirs.Pressure!.Value.Hectopascals, SetPressureHectopascals);
        Assert.Equal(40.0, theirs.Humidity!.Value.Percent, SetHumidityPercent);

        using var driver = new Bme68xDevice(new SharedI2cDevice(part)) { Wait = _ => { } };
        Assert.True(driver.TryReadForced(out var ours));
        Assert.Equal(80_000, ours.GasResistanceOhms!.Value, 80.0);
    }

    // The binding keeps par_t3 (0x8C) in an unsigned byte: Bosch's API reads it as int8_t (bme68x.c, get_calib_data), so a
    // chip with a negative par_t3 reads wrong through the binding. Here par_t3 = −3 is read as 253.
    [Fact]
    public void The_binding_reads_a_negative_par_t3_as_unsigned()
    {
        var calibration = SimulatedBme68x.TypicalCalibration with { T3 = -3 };
        using var readers = new BothReaders(new SimulatedAir { TemperatureCelsius = 40.0 }, calibration);
        var (part, binding, driver) = (readers.Part, readers.Binding, readers.Driver);

        var theirs = binding.Read().Temperature!.Value.DegreesCelsius;
        Assert.True(driver.TryReadForced(out var ours));

        var adc = (part.Registers[0x22] << 12) | (part.Registers[0x23] << 4) | (part.Registers[0x24] >> 4);
        var var1 = ((adc / 16384.0) - (calibration.T1 / 1024.0)) * calibration.T2;
        var var2 = (adc / 131072.0) - (calibration.T1 / 8192.0);
        Assert.Equal(0xFD, part.Registers[0x8C]);
        Assert.Equal(40.0, ours.TemperatureCelsius, SetTemperatureCelsius);
        Assert.Equal((var1 + (var2 * var2 * 253 * 16)) / 5120.0, theirs, 1e-9);
        Assert.True(Math.Abs(theirs - 40.0) > 0.1, $"the binding read {theirs} °C");
    }

    // The binding takes range_sw_err (0x04 bits [7:4]) unsigned, 0…15; Bosch's API reads it signed, −8…7
    // (bme68x.c: (int8_t)(reg & 0xF0) / 16). With −1 (0xF0) it computes 1340 + 5·15 where Bosch has 1340 − 5.
    [Fact]
    public void The_binding_reads_a_negative_range_switching_error_as_unsigned()
    {
        var calibration = SimulatedBme68x.TypicalCalibration with { RangeSwitchingError = -1 };
        using var readers = new BothReaders(new SimulatedAir { GasResistanceOhms = 120_000 }, calibration);
        var (part, binding, driver) = (readers.Part, readers.Binding, readers.Driver);

        var theirs = binding.Read().GasResistance!.Value.Ohms;
        Assert.True(driver.TryReadForced(out var ours));

        var (adc, range) = part.LastGas;
        var k1 = new[] { 0, 0, 0, 0, 0, -1.0, 0, -0.8, 0, 0, -0.2, -0.5, 0, -1.0, 0, 0 }[range];
        var k2 = new[] { 0, 0, 0, 0, 0.1, 0.7, 0, -0.8, -0.1, 0, 0, 0, 0, 0, 0, 0 }[range];
        var asUnsigned = 1.0 / ((1.0 + (k2 / 100.0)) * 0.000000125 * (1 << range) * (((adc - 512.0) / ((1340.0 + (5.0 * 15)) * (1.0 + (k1 / 100.0)))) + 1.0));
        Assert.Equal(0xF0, part.Registers[0x04]);
        Assert.Equal(1.0, ours.GasResistanceOhms!.Value / 120_000, SetGasFraction);
        Assert.Equal(1.0, theirs / asUnsigned, SameGasFraction);
        Assert.True(Math.Abs((theirs / 120_000) - 1.0) > 0.001, $"the binding read {theirs} Ω");
    }
}
