using AirMonitor.Core.Stations;
using AirMonitor.Ingest.Validation;
using AirMonitor.Testing;

namespace AirMonitor.Ingest.Tests.Validation;

/// <summary>
/// What a device may write: a declared device only its declared sensors and metrics; any other device at most
/// <see cref="ValidationOptions.MaxSensorsPerDevice"/> sensor names, remembered for a bounded number of devices.
/// </summary>
public class ReadingValidatorDeclarationTests
{
    private const string Declared = "bkk-dindaeng-01";
    private const string Plain = "bkk-dindaeng-02";
    private const string Unregistered = "field-test-7";

    private static readonly StationRegistry Registry = StationRegistry.Parse(
        $$"""
        stations:
          - id: bkk-dindaeng
            name: Din Daeng (roadside)
            kind: roadside
            city: bangkok
            district: Din Daeng
            latitude: 13.7649
            longitude: 100.5503
            devices:
              - id: {{Declared}}
                sensors: {pms5003: [pm1_0, pm2_5, pm10, pm2_5_cf1], bme280: [temperature, humidity, pressure]}
              - {{Plain}}
        """,
        "stations.yaml");

    [Fact]
    public void Declared_sensors_with_declared_metrics_are_accepted()
    {
        var result = Validator().Validate(Declared, Message(Declared, ("pms5003", "\"pm2_5\":12.4,\"pm2_5_cf1\":13.0"), ("bme280", "\"temperature\":29.4,\"pressure\":1008.1")), WireGen.Now);

        Assert.Empty(result.Rejections);
        Assert.Equal(["pms5003", "bme280"], result.Accepted.Select(s => s.Sensor));
    }

    [Fact]
    public void Sample_of_an_undeclared_sensor_is_rejected_naming_it_and_the_other_samples_are_kept()
    {
        var result = Validator().Validate(Declared, Message(Declared, ("pms5003", "\"pm2_5\":12.4"), ("sps30", "\"pm2_5\":11.0"), ("bme280", "\"humidity\":61.2")), WireGen.Now);

        Assert.Equal(["pms5003", "bme280"], result.Accepted.Select(s => s.Sensor));
        var rejection = Assert.Single(result.Rejections);
        Assert.Equal((RejectReason.UndeclaredSensor, "undeclared_sensor", 1), (rejection.Reason, rejection.Code, rejection.SampleIndex));
        Assert.Equal("sensor 'sps30' is not declared for the device; declared: bme280, pms5003", rejection.Detail);
    }

    [Fact]
    public void Sample_with_a_metric_its_sensor_does_not_declare_is_rejected_whole_naming_the_metric()
    {
        var result = Validator().Validate(Declared, Message(Declared, ("bme280", "\"temperature\":29.4"), ("pms5003", "\"pm2_5\":12.4,\"pm4_0\":15.0")), WireGen.Now);

        // The declared pm2_5 of the same sample is not stored either: a sample is stored whole or not at all.
        Assert.Equal(["bme280"], result.Accepted.Select(s => s.Sensor));
        var rejection = Assert.Single(result.Rejections);
        Assert.Equal((RejectReason.UndeclaredMetric, "undeclared_metric", 1), (rejection.Reason, rejection.Code, rejection.SampleIndex));
        Assert.Equal("metric 'pm4_0' is not declared for sensor 'pms5003'; declared: pm10, pm1_0, pm2_5, pm2_5_cf1", rejection.Detail);
    }

    [Fact]
    public void A_metric_outside_the_vocabulary_is_unknown_before_it_is_undeclared()
    {
        var rejection = Assert.Single(Validator().Validate(Declared, Message(Declared, ("pms5003", "\"pm25\":12.4")), WireGen.Now).Rejections);

        Assert.Equal(("unknown_metric", "metric 'pm25' is not in the vocabulary"), (rejection.Code, rejection.Detail));
    }

    [Fact]
    public void A_declared_device_is_bounded_by_its_declaration_not_by_the_sensor_cap()
    {
        var validator = Validator(new ValidationOptions { MaxSensorsPerDevice = 1 });

        var result = validator.Validate(Declared, Message(Declared, ("pms5003", "\"pm2_5\":12.4"), ("bme280", "\"humidity\":61.2")), WireGen.Now);

        Assert.Empty(result.Rejections);
        Assert.Equal(0, validator.TrackedDevices);
    }

    [Theory]
    [InlineData(Plain)]
    [InlineData(Unregistered)]
    public void A_device_without_a_declaration_may_write_any_sensor_up_to_the_cap(string device)
    {
        var validator = Validator();

        var result = validator.Validate(device, Message(device, ("sps30", "\"pm4_0\":15.0"), ("cems", "\"o2\":11.2")), WireGen.Now);

        Assert.Empty(result.Rejections);
        Assert.Equal(2, result.Accepted.Count);
        Assert.Equal(1, validator.TrackedDevices);
    }

    [Fact]
    public void The_seventeenth_distinct_sensor_is_rejected_and_the_sixteen_known_ones_are_still_accepted()
    {
        var validator = Validator();
        var sixteen = Enumerable.Range(0, 16).Select(i => ($"s{i:D2}", "\"pm2_5\":10")).ToArray();
        Assert.Empty(validator.Validate(Unregistered, Message(Unregistered, sixteen), WireGen.Now).Rejections);

        var result = validator.Validate(Unregistered, Message(Unregistered, ("s03", "\"pm2_5\":11"), ("s16", "\"pm2_5\":12"), ("s15", "\"pm2_5\":13")), WireGen.Now);

        Assert.Equal(["s03", "s15"], result.Accepted.Select(s => s.Sensor));
        var rejection = Assert.Single(result.Rejections);
        Assert.Equal((RejectReason.TooManySensors, "too_many_sensors", 1), (rejection.Reason, rejection.Code, rejection.SampleIndex));
        Assert.Equal("sensor 's16' is beyond the 16 sensors a device without a declaration may write", rejection.Detail);
        Assert.Empty(validator.Validate(Unregistered, Message(Unregistered, sixteen), WireGen.Now).Rejections);
    }

    [Fact]
    public void Within_one_message_the_sensors_past_the_cap_are_rejected_in_order()
    {
        var twenty = Enumerable.Range(0, 20).Select(i => ($"s{i:D2}", "\"pm2_5\":10")).ToArray();

        var result = Validator().Validate(Unregistered, Message(Unregistered, twenty), WireGen.Now);

        Assert.Equal(16, result.Accepted.Count);
        Assert.Equal([16, 17, 18, 19], result.Rejections.Select(r => r.SampleIndex!.Value));
        Assert.All(result.Rejections, r => Assert.Equal(RejectReason.TooManySensors, r.Reason));
    }

    [Fact]
    public void A_rejected_sample_takes_no_place_under_the_cap()
    {
        var validator = Validator(new ValidationOptions { MaxSensorsPerDevice = 1 });
        var old = Json(Unregistered, [("old", "\"pm2_5\":10")]).Replace($"{WireGen.NowMs}", $"{WireGen.NowMs - (31L * 86_400_000)}", StringComparison.Ordinal);

        Assert.Equal("too_old", Assert.Single(validator.Validate(Unregistered, WireGen.Utf8(old), WireGen.Now).Rejections).Code);
        Assert.Empty(validator.Validate(Unregistered, Message(Unregistered, ("a", "\"pm2_5\":10")), WireGen.Now).Rejections);
        Assert.Equal("too_many_sensors", Assert.Single(validator.Validate(Unregistered, Message(Unregistered, ("b", "\"pm2_5\":10")), WireGen.Now).Rejections).Code);
    }

    [Fact]
    public void Each_device_has_its_own_allowance()
    {
        var validator = Validator(new ValidationOptions { MaxSensorsPerDevice = 1 });

        Assert.Empty(validator.Validate("dev-a", Message("dev-a", ("a1", "\"pm2_5\":10")), WireGen.Now).Rejections);
        Assert.Empty(validator.Validate("dev-b", Message("dev-b", ("b1", "\"pm2_5\":10")), WireGen.Now).Rejections);
        Assert.Equal("too_many_sensors", Assert.Single(validator.Validate("dev-a", Message("dev-a", ("a2", "\"pm2_5\":10")), WireGen.Now).Rejections).Code);
    }

    [Fact]
    public void Past_the_device_bound_the_least_recently_heard_from_is_forgotten_and_only_its_allowance_opens_again()
    {
        var validator = Validator(new ValidationOptions { MaxSensorsPerDevice = 1, MaxTrackedDevices = 2 });
        string? Code(string device, string sensor) =>
            validator.Validate(device, Message(device, (sensor, "\"pm2_5\":10")), WireGen.Now).Rejections.SingleOrDefault()?.Code;

        Assert.Null(Code("dev-a", "a1"));
        Assert.Null(Code("dev-b", "b1"));
        Assert.Equal("too_many_sensors", Code("dev-a", "a2"));

        Assert.Null(Code("dev-c", "c1")); // a third device: dev-b, heard from least recently, is forgotten

        Assert.Equal(2, validator.TrackedDevices);
        Assert.Equal("too_many_sensors", Code("dev-a", "a2"));
        Assert.Null(Code("dev-b", "b2"));
    }

    private static ReadingValidator Validator(ValidationOptions? options = null) => new(options ?? new ValidationOptions(), Registry);

    private static byte[] Message(string device, params (string Sensor, string Values)[] samples) =>
        WireGen.Utf8(Json(device, samples));

    private static string Json(string device, (string Sensor, string Values)[] samples) =>
        $$"""{"device":"{{device}}","seq":7,"samples":[{{string.Join(',', samples.Select(s => SampleJson(s.Sensor, s.Values)))}}]}""";

    private static string SampleJson(string sensor, string values) =>
        $$$"""{"ts":{{{WireGen.NowMs}}},"sensor":"{{{sensor}}}","values":{{{{values}}}}}""";
}
