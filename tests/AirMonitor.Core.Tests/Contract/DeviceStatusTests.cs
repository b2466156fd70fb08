using AirMonitor.Core.Contract;

namespace AirMonitor.Core.Tests.Contract;

public sealed class DeviceStatusTests
{
    [Fact]
    public void Status_encodes_with_the_contract_member_names_and_round_trips()
    {
        var status = new DeviceStatus("yok-naka-01", DeviceStatus.Online, 1763776800000, "0.1.0", 3600.5,
            new OutboxStatus(12, 3, 40.5), new ClockStatus(true, 0, 0),
            [new SensorStatusReport("sps30", "sps30", "ok", new Dictionary<string, long> { ["crc_error"] = 2 }, 360, "crc_error: word 3")]);

        var json = System.Text.Encoding.UTF8.GetString(WireCodec.Encode(status));
        var back = WireCodec.DecodeStatus(WireCodec.Encode(status));

        Assert.Equal(
            """{"device":"yok-naka-01","state":"online","at":1763776800000,"firmware":"0.1.0","uptimeSeconds":3600.5,"outbox":{"depth":12,"evicted":3,"oldestAgeSeconds":40.5},"clock":{"synchronized":true,"held":0,"dropped":0},"sensors":[{"name":"sps30","model":"sps30","state":"ok","faults":{"crc_error":2},"readings":360,"lastError":"crc_error: word 3"}]}""",
            json);
        Assert.Equal(status with { Sensors = null }, back with { Sensors = null });
        Assert.Equal(2, back.Sensors!.Single().Faults["crc_error"]);
    }

    [Fact]
    public void A_status_with_an_empty_outbox_and_no_sensor_error_decodes()
    {
        var status = new DeviceStatus("sim-01", DeviceStatus.Online, 1, Outbox: new OutboxStatus(0, 0), Sensors: [new SensorStatusReport("pm", "pms5003", "ok", new Dictionary<string, long>(), 3)]);

        var back = WireCodec.DecodeStatus(WireCodec.Encode(status));

        Assert.Equal(new OutboxStatus(0, 0), back.Outbox);
        Assert.Null(back.Sensors!.Single().LastError);
    }

    [Fact]
    public void The_last_will_is_a_bare_offline_status()
    {
        var will = WireCodec.Encode(new DeviceStatus("bkk-dindaeng-01", DeviceStatus.Offline, 0));

        Assert.Equal("""{"device":"bkk-dindaeng-01","state":"offline","at":0}""", System.Text.Encoding.UTF8.GetString(will));
    }

    [Theory]
    [InlineData("""{"device":"a-01","state":"asleep","at":0}""", "state 'asleep'")]
    [InlineData("""{"device":"a 01","state":"online","at":0}""", "not a valid device id")]
    [InlineData("""{"device":"a-01","state":"online","at":-1}""", "negative")]
    [InlineData("""{"device":"a-01","state":"online","at":0,"outbox":{"depth":-3,"evicted":0}}""", "outbox")]
    [InlineData("""{"device":"a-01","state":"online","at":0,"clock":{"synchronized":true,"held":-1,"dropped":0}}""", "clock")]
    [InlineData("""{"device":"a-01","state":"online","at":0,"sensors":[null]}""", "sensors[0] is null")]
    [InlineData("""{"device":"a-01","state":"online","at":0,"sensors":[{"name":"","model":"x","state":"ok","faults":{},"readings":1}]}""", "name")]
    [InlineData("""{"device":"a-01","state":"online","at":0,"sensors":[{"name":"pm","model":"x","state":"ok","faults":{"crc":-1},"readings":1}]}""", "negative count")]
    [InlineData("""{"device":"a-01","state":"online","at":0,"sensors":[{"name":"pm","model":"x","state":"ok","faults":{},"readings":1},{"name":"pm","model":"y","state":"ok","faults":{},"readings":1}]}""", "twice")]
    [InlineData("""{"device":"a-01","at":0}""", "state")]
    public void A_status_outside_the_contract_does_not_decode(string json, string problem)
    {
        var refused = Assert.Throws<System.Text.Json.JsonException>(() => WireCodec.DecodeStatus(System.Text.Encoding.UTF8.GetBytes(json)));

        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_status_with_more_sensors_than_the_bound_does_not_decode()
    {
        var sensors = Enumerable.Range(0, DeviceStatus.MaxSensors + 1).Select(i => new SensorStatusReport($"s{i}", "m", "ok", new Dictionary<string, long>(), 0)).ToList();

        var refused = Assert.Throws<System.Text.Json.JsonException>(() => WireCodec.DecodeStatus(WireCodec.Encode(new DeviceStatus("a-01", DeviceStatus.Online, 0, Sensors: sensors))));

        Assert.Contains("65 sensors", refused.Message, StringComparison.Ordinal);
    }
}
