using AirMonitor.Core.Contract;
using AirMonitor.Core.Metrics;
using AirMonitor.Edge.Profiles;
using AirMonitor.Edge.Sampling;
using AirMonitor.Sensors;
using Microsoft.Extensions.Time.Testing;

namespace AirMonitor.Edge.Tests.Sampling;

public sealed class SensorSamplerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));

    private SensorSampler Sampler(ScriptedSensor sensor, SamplerSettings? settings = null, DeviceConditions? conditions = null) =>
        new(sensor, settings ?? new SamplerSettings("pm", TimeSpan.FromSeconds(10), TimeSpan.Zero), conditions ?? new DeviceConditions(_time), _time);

    private async Task<UnstampedSample?> SampleAsync(SensorSampler sampler)
    {
        var sampling = sampler.SampleOnceAsync(CancellationToken.None);
        while (!sampling.IsCompleted)
        {
            await Task.Delay(1);
            _time.Advance(TimeSpan.FromMilliseconds(250));
        }

        return await sampling;
    }

    [Fact]
    public async Task Sub_readings_are_averaged_then_calibrated()
    {
        var sensor = new ScriptedSensor("pms5003",
            ScriptedSensor.Values((MetricVocabulary.Pm2_5, 10), (MetricVocabulary.Pm10, 20)),
            ScriptedSensor.Values((MetricVocabulary.Pm2_5, 12), (MetricVocabulary.Pm10, 22)),
            ScriptedSensor.Values((MetricVocabulary.Pm2_5, 14), (MetricVocabulary.Pm10, 24)));
        var settings = new SamplerSettings("pms", TimeSpan.FromSeconds(10), TimeSpan.Zero, Average: 3,
            Calibration: new Dictionary<string, CalibrationProfile> { [MetricVocabulary.Pm2_5] = new(MetricVocabulary.Pm2_5, Slope: 0.5, Offset: 1.0) });

        var sample = await SampleAsync(Sampler(sensor, settings));

        Assert.NotNull(sample);
        Assert.Equal("pms", sample.Sensor);
        Assert.Equal(7.0, sample.Values[MetricVocabulary.Pm2_5]);
        Assert.Equal(22.0, sample.Values[MetricVocabulary.Pm10]);
        Assert.Empty(sample.Flags);
    }

    [Fact]
    public async Task Readings_within_the_warm_up_are_flagged_and_later_ones_are_not()
    {
        var sensor = new ScriptedSensor("sps30", ScriptedSensor.Values((MetricVocabulary.Pm2_5, 5)), ScriptedSensor.Values((MetricVocabulary.Pm2_5, 6)));
        var sampler = Sampler(sensor, new SamplerSettings("sps30", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)));

        var early = await SampleAsync(sampler);
        Assert.Equal(SensorStatus.WarmingUp, sampler.State.Status);
        _time.Advance(TimeSpan.FromSeconds(31));
        var later = await SampleAsync(sampler);

        Assert.Equal([QualityFlags.Warmup], early!.Flags);
        Assert.Empty(later!.Flags);
        Assert.Equal(SensorStatus.Ok, sampler.State.Status);
    }

    [Fact]
    public async Task Without_a_warm_up_in_the_profile_the_drivers_own_counts_once_the_sensor_is_open()
    {
        // A BME68x's 5 minutes: known to the driver only once it is opened, at the sampler's first start on real hardware.
        var sensor = new ScriptedSensor("bme688", ScriptedSensor.Values((MetricVocabulary.Humidity, 50)), ScriptedSensor.Values((MetricVocabulary.Humidity, 51)))
        {
            OpenedWarmUp = TimeSpan.FromMinutes(5),
        };
        var sampler = Sampler(sensor, new SamplerSettings("gas", TimeSpan.FromSeconds(10), WarmUp: null));

        await SampleAsync(sampler);
        _time.Advance(TimeSpan.FromMinutes(1));
        var oneMinuteIn = await SampleAsync(sampler);

        Assert.Equal([QualityFlags.Warmup], oneMinuteIn!.Flags);
        Assert.Equal(SensorStatus.WarmingUp, sampler.State.Status);
    }

    [Fact]
    public async Task A_crc_failure_among_sub_readings_flags_the_reading_and_is_counted()
    {
        var sensor = new ScriptedSensor("scd41",
            SensorReading.Failed(SensorFault.CrcError, "word 1"),
            ScriptedSensor.Values((MetricVocabulary.Co2, 500)));
        var sampler = Sampler(sensor, new SamplerSettings("scd41", TimeSpan.FromSeconds(10), TimeSpan.Zero, Average: 2));

        var sample = await SampleAsync(sampler);

        Assert.Equal(500.0, sample!.Values[MetricVocabulary.Co2]);
        Assert.Equal([QualityFlags.CrcError], sample.Flags);
        Assert.Equal(1, sampler.State.Faults["crc_error"]);
        Assert.Equal("crc_error: word 1", sampler.State.LastError);
    }

    [Fact]
    public async Task A_failing_sensor_gives_no_reading_is_reported_failing_and_is_restarted_then_recovers()
    {
        var sensor = new ScriptedSensor("pms5003", SensorReading.Failed(SensorFault.Timeout, "no frame"));
        var sampler = Sampler(sensor);

        Assert.Null(await SampleAsync(sampler));
        Assert.Equal(SensorStatus.Failing, sampler.State.Status);
        Assert.Equal(1, sampler.State.Faults["timeout"]);

        sensor.Enqueue(ScriptedSensor.Values((MetricVocabulary.Pm2_5, 9)));
        var recovered = await SampleAsync(sampler);

        Assert.Equal(9.0, recovered!.Values[MetricVocabulary.Pm2_5]);
        Assert.Equal(2, sensor.Starts);
        Assert.Equal(SensorStatus.Ok, sampler.State.Status);
    }

    [Fact]
    public async Task A_bus_exception_is_a_counted_fault_not_a_crash()
    {
        var sensor = new ScriptedSensor("bme280") { FailStart = new IOException("Remote I/O error") };
        var sampler = Sampler(sensor);

        Assert.Null(await SampleAsync(sampler));

        Assert.Equal(1, sampler.State.Faults["bus_error"]);
        Assert.Equal("bus_error: Remote I/O error", sampler.State.LastError);
        Assert.Equal(SensorStatus.Failing, sampler.State.Status);
    }

    [Fact]
    public async Task A_value_outside_the_physical_range_is_dropped_and_flagged_while_the_others_are_kept()
    {
        var sensor = new ScriptedSensor("bme280", ScriptedSensor.Values((MetricVocabulary.Temperature, 24.5), (MetricVocabulary.Humidity, 130)));

        var sample = await SampleAsync(Sampler(sensor, new SamplerSettings("bme280", TimeSpan.FromSeconds(10), TimeSpan.Zero)));

        Assert.Equal(new Dictionary<string, double> { [MetricVocabulary.Temperature] = 24.5 }, sample!.Values);
        Assert.Equal([QualityFlags.OutOfRange], sample.Flags);
    }

    [Fact]
    public async Task A_flat_line_of_the_same_non_zero_value_is_flagged_stuck()
    {
        var sensor = new ScriptedSensor("pms5003");
        var sampler = Sampler(sensor, new SamplerSettings("pms", TimeSpan.FromSeconds(10), TimeSpan.Zero) { StuckAfter = 3 });
        var flags = new List<IReadOnlyList<string>>();
        foreach (var value in new double[] { 7, 7, 7, 8, 0, 0, 0 })
        {
            sensor.Enqueue(ScriptedSensor.Values((MetricVocabulary.Pm2_5, value)));
            flags.Add((await SampleAsync(sampler))!.Flags);
        }

        Assert.Equal([[], [], [QualityFlags.Stuck], [], [], [], []], flags);
    }

    [Fact]
    public async Task A_plant_state_that_holds_is_never_flagged_stuck()
    {
        var sensor = new ScriptedSensor("modbus-analyser");
        var sampler = Sampler(sensor, new SamplerSettings("plant", TimeSpan.FromSeconds(10), TimeSpan.Zero) { StuckAfter = 3 });
        var flags = new List<IReadOnlyList<string>>();
        for (var i = 0; i < 4; i++)
        {
            sensor.Enqueue(ScriptedSensor.Values((MetricVocabulary.PlantState, 2), (MetricVocabulary.StackSo2, 12)));
            flags.Add((await SampleAsync(sampler))!.Flags);
        }

        Assert.Equal([[], [], [QualityFlags.Stuck], [QualityFlags.Stuck]], flags); // from stack_so2 alone
        sensor.Enqueue(ScriptedSensor.Values((MetricVocabulary.PlantState, 2)));
        Assert.Empty((await SampleAsync(sampler))!.Flags);
    }

    [Fact]
    public async Task An_analyser_status_on_one_sub_reading_is_on_the_averaged_sample_with_its_values()
    {
        var sensor = new ScriptedSensor("modbus-analyser",
            ScriptedSensor.Values((MetricVocabulary.StackSo2, 10)),
            ScriptedSensor.Values((MetricVocabulary.StackSo2, 0)).WithStatus([QualityFlags.NotMeasuring]),
            ScriptedSensor.Values((MetricVocabulary.StackSo2, 20)).WithStatus([QualityFlags.Maintenance, QualityFlags.NotMeasuring]));
        var settings = new SamplerSettings("stack", TimeSpan.FromSeconds(10), TimeSpan.Zero, Average: 3);

        var sample = await SampleAsync(Sampler(sensor, settings));

        Assert.Equal(10.0, sample!.Values[MetricVocabulary.StackSo2]);
        Assert.Equal([QualityFlags.Maintenance, QualityFlags.NotMeasuring], sample.Flags);
    }

    [Theory]
    [InlineData(SensorFault.ExceptionResponse, "exception_response")]
    [InlineData(SensorFault.LinkDown, "link_down")]
    public async Task A_failed_Modbus_request_is_counted_under_its_fault_code(SensorFault fault, string code)
    {
        var sensor = new ScriptedSensor("modbus-analyser", SensorReading.Failed(fault, "unit 3"));
        var sampler = Sampler(sensor);

        Assert.Null(await SampleAsync(sampler));
        Assert.Equal(1, sampler.State.Faults[code]);
        Assert.Equal($"{code}: unit 3", sampler.State.LastError);
    }

    [Fact]
    public async Task Particle_readings_are_flagged_when_the_device_humidity_is_above_85_percent()
    {
        var conditions = new DeviceConditions(_time);
        var climate = Sampler(new ScriptedSensor("bme280", ScriptedSensor.Values((MetricVocabulary.Humidity, 91))), new SamplerSettings("bme280", TimeSpan.FromSeconds(10), TimeSpan.Zero), conditions);
        var particles = Sampler(new ScriptedSensor("pms5003", ScriptedSensor.Values((MetricVocabulary.Pm2_5, 40))), null, conditions);

        Assert.Empty((await SampleAsync(climate))!.Flags);
        var pm = await SampleAsync(particles);

        Assert.Equal([QualityFlags.HumidityHigh], pm!.Flags);
    }
}
