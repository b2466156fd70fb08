using System.Reflection;
using AirMonitor.Sensors.Scd4x;
using AirMonitor.Sensors.Tests.Simulation;
using UnitsNet;
using Scd4xBinding = Iot.Device.Scd4x.Scd4x;
using Scd4xDriver = AirMonitor.Sensors.Scd4x.Scd4x;

namespace AirMonitor.Sensors.Tests.Scd4x;

/// <summary>
/// The dotnet/iot Scd4x binding as a second reader of <see cref="SimulatedScd4x"/>: it checks the CRCs and converts the
/// words on its own. One binding serves the class: its constructor sleeps 520 ms and its Dispose 500 ms (docs/dependencies.md).
/// </summary>
public sealed class Scd4xBindingCrossCheckTests(Scd4xBindingCrossCheckTests.SharedPart shared) : IClassFixture<Scd4xBindingCrossCheckTests.SharedPart>
{
    // The same formulas (175/65535, 100/65535); only the order of the operations differs.
    private const double Same = 1e-9;

    // Half a word step: 175/65535/2 °C, 100/65535/2 %RH.
    private const double SetTemperatureCelsius = 0.0014;
    private const double SetHumidityPercent = 0.0008;

    [Theory]
    [InlineData(400.0, 25.0, 45.0)]
    [InlineData(1000.0, 20.0, 50.0)]
    [InlineData(5000.0, -10.0, 0.0)]
    [InlineData(40000.0, 60.0, 100.0)]
    [InlineData(0.0, 0.0, 95.0)]
    public void The_binding_reads_what_our_driver_reads_and_the_air_set(double co2Ppm, double celsius, double percent)
    {
        shared.Air.Co2Ppm = co2Ppm;
        shared.Air.TemperatureCelsius = celsius;
        shared.Air.HumidityPercent = percent;

        var theirs = shared.ReadWithBinding();
        using var driver = new Scd4xDriver(new SharedI2cDevice(shared.Part)) { Wait = _ => { } };
        Assert.True(driver.TryReadMeasurement(out var ours, out _));

        Assert.Equal(ours.Co2Ppm, theirs.CarbonDioxide!.Value.PartsPerMillion, Same);
        Assert.Equal(ours.TemperatureCelsius, theirs.Temperature!.Value.DegreesCelsius, Same);
        Assert.Equal(ours.HumidityPercent, theirs.RelativeHumidity!.Value.Percent, Same);
        Assert.Equal(co2Ppm, theirs.CarbonDioxide.Value.PartsPerMillion);
        Assert.Equal(celsius, theirs.Temperature.Value.DegreesCelsius, SetTemperatureCelsius);
        Assert.Equal(percent, theirs.RelativeHumidity.Value.Percent, SetHumidityPercent);
    }

    // docs/dependencies.md: the binding computes (ushort)(Max(0, Min(Pa, 1)) / 100), so every pressure goes out as 0:
    // E0 00 | 00 00 81 (0x81 the CRC of 0x0000). Our driver sends whole hectopascals: 1013 = 0x03F5, CRC 0xDB.
    [Fact]
    public void The_binding_sends_zero_for_every_ambient_pressure_where_our_driver_sends_hectopascals()
    {
        shared.Part.Writes.Clear();
        shared.Binding.SetPressureCalibration(Pressure.FromHectopascals(1013.25));

        Assert.Equal("E000000081", Convert.ToHexString(Assert.Single(shared.Part.Writes)));
        Assert.Equal(0, shared.Part.AmbientPressureHectopascals);

        using var driver = new Scd4xDriver(new SharedI2cDevice(shared.Part)) { Wait = _ => { } };
        shared.Part.Writes.Clear();
        driver.SetAmbientPressure(1013.25);

        Assert.Equal("E00003F5DB", Convert.ToHexString(Assert.Single(shared.Part.Writes)));
        Assert.Equal(1013, shared.Part.AmbientPressureHectopascals);
    }

    /// <summary>One simulated SCD4x and one binding on it for the whole class.</summary>
    public sealed class SharedPart : IDisposable
    {
        // ReadPeriodicMeasurement first waits out the 5 s period from the start of measuring (Environment.TickCount, no
        // clock to inject); the simulated part has data at once, so the wait is moved to now.
        private static readonly FieldInfo NextReadPeriod = typeof(Scd4xBinding).GetField("_nextReadPeriod", BindingFlags.NonPublic | BindingFlags.Instance)
            ?? throw new InvalidOperationException("Iot.Device.Scd4x.Scd4x has no _nextReadPeriod field: the binding changed, see docs/dependencies.md");

        public SharedPart()
        {
            Part = new SimulatedScd4x(Air);
            Binding = new Scd4xBinding(new SharedI2cDevice(Part));
        }

        public SimulatedAir Air { get; } = new();

        public SimulatedScd4x Part { get; }

        public Scd4xBinding Binding { get; }

        /// <summary>Starts periodic measurement through the binding and reads once; our driver's Dispose stops it again.</summary>
        public (VolumeConcentration? CarbonDioxide, RelativeHumidity? RelativeHumidity, Temperature? Temperature) ReadWithBinding()
        {
            Binding.StartPeriodicMeasurements();
            NextReadPeriod.SetValue(Binding, Environment.TickCount);
            return Binding.ReadPeriodicMeasurement();
        }

        public void Dispose() => Binding.Dispose();
    }
}
