using AirMonitor.Core.Metrics;
using AirMonitor.Sensors.Bme280;

namespace AirMonitor.Sensors.Tests.Bme280;

public sealed class Bme280DeviceTests
{
    private static Bme280Device Open(SimulatedBme280 simulated, Bme280Settings? settings = null)
    {
        var device = new Bme280Device(simulated, settings) { Wait = _ => { } };
        return device;
    }

    [Fact]
    public void Construction_soft_resets_then_writes_ctrl_hum_config_and_ctrl_meas_in_sleep_mode()
    {
        var simulated = new SimulatedBme280(new SimulatedAir());

        using var device = new Bme280Device(simulated);

        var writes = simulated.Writes.Where(w => w.Length == 2).Select(Convert.ToHexString).ToArray();
        Assert.Equal(["E0B6", "F201", "F500", "F424"], writes);
    }

    [Fact]
    public void Forced_read_writes_ctrl_hum_before_ctrl_meas_with_forced_mode_bits()
    {
        var simulated = new SimulatedBme280(new SimulatedAir());
        using var device = Open(simulated);
        simulated.Writes.Clear();

        Assert.True(device.TryReadForced(out _));

        // ctrl_hum 0x01 (×1), then ctrl_meas 0b001_001_01: osrs_t ×1, osrs_p ×1, mode forced; then status, then data.
        Assert.Equal(["F201", "F425", "F3", "F7"], simulated.Writes.Select(Convert.ToHexString).ToArray());
        Assert.Equal(0b01, simulated.LastModeWritten);
    }

    [Fact]
    public void Oversampling_x16_is_code_5_in_every_field()
    {
        var simulated = new SimulatedBme280(new SimulatedAir());
        var settings = new Bme280Settings
        {
            TemperatureOversampling = Bme280Oversampling.X16,
            PressureOversampling = Bme280Oversampling.X16,
            HumidityOversampling = Bme280Oversampling.X16,
            Filter = Bme280Filter.Coefficient16,
        };
        using var device = Open(simulated, settings);
        simulated.Writes.Clear();

        device.Configure();
        device.TryReadForced(out _);

        // config: filter 16 = 0b100 in bits [4:2] = 0x10; ctrl_meas forced: 101_101_01 = 0xB5.
        Assert.Equal(["F205", "F510", "F4B4", "F205", "F4B5"], simulated.Writes.Where(w => w.Length == 2).Select(Convert.ToHexString).ToArray());
    }

    [Fact]
    public void Maximum_measurement_time_follows_datasheet_appendix_B()
    {
        // ×1 everywhere: 1.25 + 2.3 + 2.875 + 2.875 = 9.3 ms.
        Assert.Equal(9.3, new Bme280Settings().MaximumMeasurementTime.TotalMilliseconds, 6);
    }

    [Fact]
    public void A_BMP280_chip_id_is_rejected_by_name()
    {
        var simulated = new SimulatedBme280(new SimulatedAir(), chipId: 0x58);

        var error = Assert.Throws<InvalidOperationException>(() => new Bme280Device(simulated));

        Assert.Contains("BMP280", error.Message, StringComparison.Ordinal);
        Assert.Contains("0x58", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_chip_id_is_rejected()
    {
        var simulated = new SimulatedBme280(new SimulatedAir(), chipId: 0x61);

        var error = Assert.Throws<InvalidOperationException>(() => new Bme280Device(simulated));

        Assert.Contains("0x61", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Calibration_is_read_from_the_chip()
    {
        using var device = Open(new SimulatedBme280(new SimulatedAir()));

        Assert.Equal(SimulatedBme280.DatasheetCalibration, device.Calibration);
    }

    [Fact]
    public void Reads_back_the_simulated_air_through_the_raw_codes()
    {
        var air = new SimulatedAir { TemperatureCelsius = 21.5, HumidityPercent = 43.0, PressureHectopascals = 1008.3 };
        using var device = Open(new SimulatedBme280(air));

        Assert.True(device.TryReadForced(out var measurement));

        Assert.Equal(21.5, measurement.TemperatureCelsius, 0.01);
        Assert.Equal(43.0, measurement.HumidityPercent!.Value, 0.02);
        Assert.Equal(1008.3, measurement.PressureHectopascals!.Value, 0.01);
        Assert.Equal(100830, measurement.PressurePascals!.Value, 1.0);
    }

    // Datasheet table 25 (ctrl_meas mode[1:0]): 00 sleep, 01 and 10 forced, 11 normal. The dotnet/iot binding writes 10.
    [Theory]
    [InlineData(0x25)]
    [InlineData(0x26)]
    public void The_simulated_chip_measures_on_either_forced_mode_code(byte controlMeasurement)
    {
        var simulated = new SimulatedBme280(new SimulatedAir { TemperatureCelsius = 21.5 });

        simulated.Write([0xF4, controlMeasurement]);

        Span<byte> data = stackalloc byte[8];
        simulated.WriteRead([0xF7], data);
        var adcTemperature = (data[3] << 12) | (data[4] << 4) | (data[5] >> 4);
        Assert.Equal(21.5, simulated.Calibration.CompensateTemperature(adcTemperature, out _), 0.001);
        Assert.Equal(0, simulated.Registers[0xF4] & 0b11);
    }

    // Bosch clamps to −40…85 °C and 300…1100 hPa; the raw code for an end of the range must be the code of that end,
    // not any code the clamp also maps there (the search found adc 0 for −40 °C, which unclamped reads about −141 °C).
    [Theory]
    [InlineData(-40.0, 300.0)]
    [InlineData(85.0, 1100.0)]
    public void At_the_ends_of_the_range_the_raw_codes_stand_for_the_ends_unclamped(double celsius, double hectopascals)
    {
        var simulated = new SimulatedBme280(new SimulatedAir { TemperatureCelsius = celsius, PressureHectopascals = hectopascals });

        simulated.Write([0xF4, 0x25]);

        Span<byte> data = stackalloc byte[8];
        simulated.WriteRead([0xF7], data);
        var adcPressure = (data[0] << 12) | (data[1] << 4) | (data[2] >> 4);
        var adcTemperature = (data[3] << 12) | (data[4] << 4) | (data[5] >> 4);
        var calibration = simulated.Calibration;
        Assert.Equal(celsius, calibration.CompensateTemperatureUnclamped(adcTemperature, out var tFine), 0.001);
        Assert.Equal(hectopascals * 100, calibration.CompensatePressureUnclamped(adcPressure, tFine), 1.0);
    }

    [Fact]
    public void Skipped_humidity_gives_no_humidity_value()
    {
        using var device = Open(new SimulatedBme280(new SimulatedAir()), new Bme280Settings { HumidityOversampling = Bme280Oversampling.Skipped });

        Assert.True(device.TryReadForced(out var measurement));

        Assert.Null(measurement.HumidityPercent);
        Assert.NotNull(measurement.PressurePascals);
    }

    [Fact]
    public void A_chip_that_never_finishes_measuring_gives_false()
    {
        var simulated = new SimulatedBme280(new SimulatedAir());
        using var device = Open(simulated);
        simulated.StuckMeasuring = true;

        Assert.False(device.TryReadForced(out _));
    }

    [Fact]
    public void Dispose_puts_the_chip_to_sleep_then_disposes_the_bus()
    {
        var simulated = new SimulatedBme280(new SimulatedAir());
        var device = Open(simulated);
        device.TryReadForced(out _);

        device.Dispose();

        Assert.Equal("F424", Convert.ToHexString(simulated.Writes[^1]));
        Assert.Equal(0, simulated.Registers[0xF4] & 0b11);
        Assert.True(simulated.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => device.TryReadForced(out _));
    }

    [Fact]
    public void Sensor_reports_temperature_humidity_and_pressure_in_hectopascals()
    {
        var air = new SimulatedAir { TemperatureCelsius = 18.0, HumidityPercent = 61.0, PressureHectopascals = 995.0 };
        using var sensor = new Bme280Sensor(Open(new SimulatedBme280(air)));

        var reading = sensor.Read();

        Assert.True(reading.IsValid);
        Assert.Equal(18.0, reading.Values[MetricVocabulary.Temperature], 0.01);
        Assert.Equal(61.0, reading.Values[MetricVocabulary.Humidity], 0.02);
        Assert.Equal(995.0, reading.Values[MetricVocabulary.Pressure], 0.01);
    }

    [Fact]
    public void Sensor_turns_a_bus_failure_into_a_bus_error_fault()
    {
        var simulated = new SimulatedBme280(new SimulatedAir());
        using var sensor = new Bme280Sensor(Open(simulated));
        simulated.FailNext = new IOException("remote I/O error");

        var reading = sensor.Read();

        Assert.Equal(SensorFault.BusError, reading.Fault);
        Assert.Empty(reading.Values);
    }

    [Fact]
    public void Sensor_turns_an_unfinished_measurement_into_not_ready()
    {
        var simulated = new SimulatedBme280(new SimulatedAir());
        using var sensor = new Bme280Sensor(Open(simulated));
        simulated.StuckMeasuring = true;

        Assert.Equal(SensorFault.NotReady, sensor.Read().Fault);
    }

    [Fact]
    public void Model_serves_bme280_and_simulates_the_given_air()
    {
        var model = new Bme280Model();
        var air = new SimulatedAir { TemperatureCelsius = 30.0 };

        using var sensor = model.CreateSimulated(new SensorConnection("bme280"), air);

        Assert.Equal(["bme280"], model.Names);
        Assert.Equal("bme280", sensor.Model);
        Assert.Equal(30.0, sensor.Read().Values[MetricVocabulary.Temperature], 0.01);
    }
}
