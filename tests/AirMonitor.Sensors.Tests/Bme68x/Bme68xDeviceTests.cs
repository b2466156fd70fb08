using AirMonitor.Core.Metrics;
using AirMonitor.Sensors.Bme68x;

namespace AirMonitor.Sensors.Tests.Bme68x;

public sealed class Bme68xDeviceTests
{
    private static Bme68xDevice Open(SimulatedBme68x simulated, Bme68xSettings? settings = null) =>
        new(simulated, settings) { Wait = _ => { } };

    [Theory]
    [InlineData(Bme68xVariant.Bme680)]
    [InlineData(Bme68xVariant.Bme688)]
    public void Variant_register_is_detected(Bme68xVariant variant)
    {
        using var device = Open(new SimulatedBme68x(new SimulatedAir(), variant));

        Assert.Equal(variant, device.Variant);
    }

    [Theory]
    [InlineData(Bme68xVariant.Bme680, "7110")] // run_gas 01
    [InlineData(Bme68xVariant.Bme688, "7120")] // run_gas 10
    public void Configuration_writes_the_heater_step_and_the_variants_run_gas_bits(Bme68xVariant variant, string controlGas1)
    {
        var simulated = new SimulatedBme68x(new SimulatedAir(), variant);

        using var device = new Bme68xDevice(simulated);

        // Soft reset; ctrl_hum ×16 (5); ctrl_meas T×2 P×1 sleep = 010_001_00; config filter off;
        // res_heat_0 = 111 (0x6F, 300 °C at 25 °C); gas_wait_0 = 100 ms = 0x59; heater on; run_gas, nb_conv 0.
        var writes = simulated.Writes.Where(w => w.Length == 2).Select(Convert.ToHexString).ToArray();
        Assert.Equal(["E0B6", "7205", "7444", "7500", "5A6F", "6459", "7000", controlGas1], writes);
    }

    [Fact]
    public void Forced_read_sets_forced_mode_then_reads_the_17_byte_field_from_0x1D()
    {
        var simulated = new SimulatedBme68x(new SimulatedAir(), Bme68xVariant.Bme688);
        using var device = Open(simulated);
        simulated.Writes.Clear();

        Assert.True(device.TryReadForced(out _));

        Assert.Equal(["7445", "1D"], simulated.Writes.Select(Convert.ToHexString).ToArray());
        Assert.Equal(0b01, simulated.LastModeWritten);
        Assert.Equal(0, simulated.Registers[0x74] & 0b11); // back to sleep after the measurement
    }

    [Theory]
    [InlineData(Bme68xVariant.Bme680)]
    [InlineData(Bme68xVariant.Bme688)]
    public void Reads_back_the_simulated_air_and_gas_resistance(Bme68xVariant variant)
    {
        var air = new SimulatedAir { TemperatureCelsius = 23.4, HumidityPercent = 48.0, PressureHectopascals = 1012.5, GasResistanceOhms = 85_000 };
        using var device = Open(new SimulatedBme68x(air, variant));

        Assert.True(device.TryReadForced(out var measurement));

        Assert.Equal(23.4, measurement.TemperatureCelsius, 0.01);
        Assert.Equal(48.0, measurement.HumidityPercent, 0.02);
        Assert.Equal(1012.5, measurement.PressureHectopascals, 0.01);
        Assert.True(measurement.GasValid);
        Assert.True(measurement.HeaterStable);
        Assert.Equal(85_000, measurement.GasResistanceOhms!.Value, 85.0); // 0.1 %: one step of the 10-bit code
    }

    [Fact]
    public void Bme688_gas_comes_from_0x2C_0x2D_with_the_closed_formula()
    {
        var simulated = new SimulatedBme68x(new SimulatedAir(), Bme68xVariant.Bme688);
        using var device = Open(simulated);
        // Put a known code in 0x2C/0x2D: adc 700 = 0xAF·4 | 0b00, range 6, valid and stable: 1e6·4096/4660 Ω.
        simulated.Registers[0x2C] = 0xAF;
        simulated.Registers[0x2D] = 0x00 | 0x20 | 0x10 | 6;
        simulated.Registers[0x2A] = 0xFF; // the BME680's registers must be ignored
        simulated.Registers[0x2B] = 0xFF;

        var measurement = ReadWithoutNewMeasurement(device, simulated);

        Assert.Equal(878_969.957, measurement.GasResistanceOhms!.Value, 0.001);
    }

    [Fact]
    public void Bme680_gas_comes_from_0x2A_0x2B_with_the_lookup_tables()
    {
        var simulated = new SimulatedBme68x(new SimulatedAir(), Bme68xVariant.Bme680);
        using var device = Open(simulated);
        // adc 300 = 0x4B·4 | 0b00, range 7, valid and stable; range_sw_err −1: 75 012.137 Ω (see the calibration tests).
        simulated.Registers[0x2A] = 0x4B;
        simulated.Registers[0x2B] = 0x00 | 0x20 | 0x10 | 7;
        simulated.Registers[0x2C] = 0xFF;
        simulated.Registers[0x2D] = 0xFF;

        var measurement = ReadWithoutNewMeasurement(device, simulated);

        Assert.Equal(75_012.137, measurement.GasResistanceOhms!.Value, 0.01);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Invalid_gas_or_unstable_heater_gives_no_gas_value_but_valid_climate(bool gasValid, bool heaterStable)
    {
        var air = new SimulatedAir { TemperatureCelsius = 20.0, HumidityPercent = 50.0, PressureHectopascals = 1000.0 };
        var simulated = new SimulatedBme68x(air, Bme68xVariant.Bme688) { GasValid = gasValid, HeaterStable = heaterStable };
        using var sensor = new Bme68xSensor(Open(simulated));

        var reading = sensor.Read();

        Assert.True(reading.IsValid);
        Assert.False(reading.Values.ContainsKey(MetricVocabulary.GasResistance));
        Assert.Equal(20.0, reading.Values[MetricVocabulary.Temperature], 0.01);
        Assert.Equal(50.0, reading.Values[MetricVocabulary.Humidity], 0.02);
        Assert.Equal(1000.0, reading.Values[MetricVocabulary.Pressure], 0.01);
    }

    [Fact]
    public void No_new_data_after_five_polls_gives_false()
    {
        var simulated = new SimulatedBme68x(new SimulatedAir(), Bme68xVariant.Bme680) { NoNewData = true };
        using var device = Open(simulated);
        simulated.Writes.Clear();

        Assert.False(device.TryReadForced(out _));
        Assert.Equal(5, simulated.Writes.Count(w => w is [0x1D]));
    }

    [Fact]
    public void Wrong_chip_id_is_rejected()
    {
        var simulated = new SimulatedBme68x(new SimulatedAir(), Bme68xVariant.Bme680, chipId: 0x60);

        var error = Assert.Throws<InvalidOperationException>(() => new Bme68xDevice(simulated));

        Assert.Contains("0x60", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_variant_is_rejected()
    {
        var simulated = new SimulatedBme68x(new SimulatedAir(), (Bme68xVariant)0x07);

        Assert.Throws<InvalidOperationException>(() => new Bme68xDevice(simulated));
    }

    [Fact]
    public void Heater_target_above_400_is_refused_at_construction()
    {
        var simulated = new SimulatedBme68x(new SimulatedAir(), Bme68xVariant.Bme688);

        Assert.Throws<ArgumentOutOfRangeException>(() => new Bme68xDevice(simulated, new Bme68xSettings { HeaterTemperatureCelsius = 401 }));
    }

    [Fact]
    public void Dispose_puts_the_chip_to_sleep_then_disposes_the_bus()
    {
        var simulated = new SimulatedBme68x(new SimulatedAir(), Bme68xVariant.Bme688);
        var device = Open(simulated);
        device.TryReadForced(out _);

        device.Dispose();

        Assert.Equal("7444", Convert.ToHexString(simulated.Writes[^1]));
        Assert.True(simulated.IsDisposed);
    }

    [Fact]
    public void Sensor_reports_gas_resistance_and_its_variants_model_name()
    {
        var air = new SimulatedAir { GasResistanceOhms = 250_000 };
        using var sensor = new Bme68xSensor(Open(new SimulatedBme68x(air, Bme68xVariant.Bme688)));

        var reading = sensor.Read();

        Assert.Equal("bme688", sensor.Model);
        Assert.Equal(250_000, reading.Values[MetricVocabulary.GasResistance], 250.0);
    }

    [Fact]
    public void Sensor_turns_a_bus_failure_into_a_bus_error_fault()
    {
        var simulated = new SimulatedBme68x(new SimulatedAir(), Bme68xVariant.Bme680);
        using var sensor = new Bme68xSensor(Open(simulated));
        simulated.FailNext = new IOException("remote I/O error");

        Assert.Equal(SensorFault.BusError, sensor.Read().Fault);
    }

    [Fact]
    public void Model_serves_both_names_and_simulates_the_named_variant()
    {
        var model = new Bme68xModel();

        using var sensor = model.CreateSimulated(new SensorConnection("bme688", Parameters: new Dictionary<string, string> { ["heater_ms"] = "20" }), new SimulatedAir());

        Assert.Equal(["bme680", "bme688"], model.Names);
        Assert.Equal("bme688", sensor.Model);
        Assert.True(sensor.Read().Values.ContainsKey(MetricVocabulary.GasResistance));
    }

    [Fact]
    public void Model_rejects_a_heater_above_400_naming_model_and_parameter()
    {
        var connection = new SensorConnection("bme680", Parameters: new Dictionary<string, string> { ["heater_celsius"] = "450" });

        var error = Assert.Throws<ArgumentException>(() => new Bme68xModel().CreateSimulated(connection, new SimulatedAir()));

        Assert.Contains("bme680", error.Message, StringComparison.Ordinal);
        Assert.Contains("heater_celsius", error.Message, StringComparison.Ordinal);
    }

    // Reads field 0 as the chip left it: a forced write re-measures, so the test rewrites the gas bytes after it.
    private static Bme68xMeasurement ReadWithoutNewMeasurement(Bme68xDevice device, SimulatedBme68x simulated)
    {
        var gas = simulated.Registers.AsSpan(0x2A, 4).ToArray();
        simulated.AfterMeasurement = () => gas.CopyTo(simulated.Registers.AsSpan(0x2A, 4));
        Assert.True(device.TryReadForced(out var measurement));
        return measurement;
    }
}
