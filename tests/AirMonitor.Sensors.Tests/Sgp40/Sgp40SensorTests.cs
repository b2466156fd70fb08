using AirMonitor.Core.Metrics;
using AirMonitor.Sensors.Sgp40;
using Sgp40Driver = AirMonitor.Sensors.Sgp40.Sgp40;

namespace AirMonitor.Sensors.Tests.Sgp40;

public sealed class Sgp40SensorTests : IDisposable
{
    private readonly SimulatedAir _air = new() { VocRawTicks = 30_000 };
    private readonly SimulatedSgp40 _device;
    private readonly Sgp40Sensor _sensor;

    public Sgp40SensorTests()
    {
        _device = new SimulatedSgp40(_air);
        _sensor = new Sgp40Sensor(new Sgp40Driver(_device) { Wait = _ => { } });
    }

    public void Dispose() => _sensor.Dispose();

    [Fact]
    public void Model_is_sgp40_and_warm_up_is_the_datasheets_hour_to_specification()
    {
        Assert.Equal("sgp40", _sensor.Model);
        Assert.Equal(TimeSpan.FromHours(1), _sensor.WarmUp);
    }

    [Fact]
    public void Voc_index_is_0_for_the_46_blackout_reads_then_the_algorithms_index_of_the_raw_signal()
    {
        var reference = new VocIndexAlgorithm();
        _sensor.Start();

        for (var i = 0; i < 46; i++)
        {
            Assert.Equal(0, _sensor.Read().Values[MetricVocabulary.VocIndex]);
            reference.Process(30_000);
        }

        for (var i = 0; i < 300; i++)
        {
            _air.VocRawTicks = 30_000 + ((i % 9) - 4);
            var reading = _sensor.Read();
            Assert.True(reading.IsValid);
            Assert.Equal(reference.Process((int)_air.VocRawTicks), reading.Values[MetricVocabulary.VocIndex]);
        }

        Assert.Equal(100, _sensor.Read().Values[MetricVocabulary.VocIndex]);
        Assert.True(_device.HeaterOn);
    }

    [Fact]
    public void A_steady_signal_after_blackout_rises_from_1_to_100_through_the_lowpass()
    {
        var reads = Enumerable.Range(0, 200).Select(_ => _sensor.Read().Values[MetricVocabulary.VocIndex]).ToList();
        var indices = reads[46..];

        Assert.Equal(0, reads[45]);
        Assert.Equal(1, indices[0]);
        Assert.Equal(100, indices[^1]);
        Assert.Equal(indices.Order(), indices);
    }

    [Fact]
    public void Compensation_sends_the_climate_sensors_humidity_and_temperature()
    {
        _sensor.Compensation = () => (40.0, 22.0);

        _sensor.Read();

        Assert.Equal(((ushort)0x6666, (ushort)25091), _device.LastCompensation);
    }

    [Fact]
    public void Without_a_climate_reading_the_measure_is_uncompensated()
    {
        _sensor.Compensation = () => null;

        _sensor.Read();

        Assert.Equal(((ushort)0x8000, (ushort)0x6666), _device.LastCompensation);
    }

    [Fact]
    public void A_crc_mismatch_is_a_crc_error_without_value()
    {
        _device.CorruptNextCrc();

        var reading = _sensor.Read();

        Assert.Equal(SensorFault.CrcError, reading.Fault);
        Assert.Empty(reading.Values);
    }

    [Fact]
    public void A_bus_failure_is_a_bus_error()
    {
        _device.FailNext = new IOException("remote I/O error");

        var reading = _sensor.Read();

        Assert.Equal(SensorFault.BusError, reading.Fault);
        Assert.Contains("remote I/O error", reading.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_turns_the_heater_off_and_releases_the_bus()
    {
        _sensor.Read();

        _sensor.Dispose();

        Assert.False(_device.HeaterOn);
        Assert.Equal(0x3615, _device.CommandsReceived.Last());
        Assert.True(_device.IsDisposed);
    }

    [Fact]
    public void Simulated_device_answers_the_self_test_and_serial_number()
    {
        using var sgp40 = new Sgp40Driver(new SimulatedSgp40(_air) { SelfTestFails = true }) { Wait = _ => { } };

        Assert.True(sgp40.TryRunSelfTest(out var result));
        Assert.Equal(Sgp40SelfTestResult.Failed, result);
        Assert.True(sgp40.TryReadSerialNumber(out var serial));
        Assert.Equal(0x0000_0A5B_3C21UL, serial);
    }

    [Fact]
    public void Model_serves_sgp40_and_its_simulation_reads_a_voc_index()
    {
        var model = new Sgp40Model();
        using var sensor = model.CreateSimulated(new SensorConnection("sgp40"), _air);

        var reading = sensor.Read();

        Assert.Equal(["sgp40"], model.Names);
        Assert.Equal(0, reading.Values[MetricVocabulary.VocIndex]);
    }

    [Fact]
    public void Model_sampling_interval_parameter_sets_the_blackout()
    {
        var connection = new SensorConnection("sgp40", Parameters: new Dictionary<string, string> { [Sgp40Model.SamplingIntervalParameter] = "10" });
        using var sensor = new Sgp40Model().CreateSimulated(connection, _air);

        var indices = Enumerable.Range(0, 6).Select(_ => sensor.Read().Values[MetricVocabulary.VocIndex]).ToList();

        Assert.Equal([0, 0, 0, 0, 0], indices.Take(5));
        Assert.NotEqual(0, indices[5]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("11")]
    [InlineData("1.5")]
    [InlineData("fast")]
    public void Model_rejects_a_sampling_interval_outside_1_to_10_whole_seconds(string value)
    {
        var connection = new SensorConnection("sgp40", Parameters: new Dictionary<string, string> { [Sgp40Model.SamplingIntervalParameter] = value });

        var error = Assert.Throws<ArgumentException>(() => new Sgp40Model().CreateSimulated(connection, _air));
        Assert.Contains(Sgp40Model.SamplingIntervalParameter, error.Message, StringComparison.Ordinal);
    }
}
