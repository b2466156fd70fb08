using AirMonitor.Edge.Profiles;
using AirMonitor.Edge.Tests.Profiles;
using Microsoft.Extensions.Options;

namespace AirMonitor.Edge.Tests;

public sealed class EdgeOptionsTests
{
    private static readonly DeviceProfile Field = TestProfiles.Parse("""
        device: {id: bkk-test-01, simulated: false}
        mqtt: {url: "mqtts://mqtt.bkk.example:8883", credentials_file: /etc/airmon/mqtt.credentials}
        outbox: {path: /var/lib/airmon/outbox.db, max_size: 512MiB}
        sensors:
          - {model: bme280, bus: i2c, address: 0x76, interval: 10s}
        """, "bkk-test-01.yaml");

    [Fact]
    public void Without_overrides_the_profile_runs_as_written()
    {
        Assert.Equal(Field, new EdgeOptions().ApplyTo(Field));
    }

    [Fact]
    public void A_field_profile_runs_on_a_laptop_with_simulated_buses_a_lab_broker_without_its_credentials_and_a_local_outbox()
    {
        var options = new EdgeOptions { Simulate = true, MqttUrl = "mqtt://127.0.0.1:1883", OutboxPath = "/tmp/lab/outbox.db" };

        var laptop = options.ApplyTo(Field);

        Assert.True(laptop.Simulated);
        Assert.Equal(new MqttProfile("mqtt://127.0.0.1:1883", "bkk-test-01", null), laptop.Mqtt);
        Assert.Equal(Field.Outbox with { Path = "/tmp/lab/outbox.db" }, laptop.Outbox);
        Assert.Equal(Field.Sensors, laptop.Sensors);
    }

    [Theory]
    [InlineData("http://127.0.0.1:1883")]
    [InlineData("127.0.0.1:1883")]
    public void A_broker_override_that_is_not_an_mqtt_url_fails_at_start(string url)
    {
        var profile = Path.GetTempFileName();
        try
        {
            var errors = new EdgeOptions { ProfilePath = profile, MqttUrl = url }.Validate().ToList();

            Assert.Equal([$"Edge:MqttUrl '{url}' is not an mqtt:// or mqtts:// URL"], errors);
        }
        finally
        {
            File.Delete(profile);
        }
    }

    [Fact]
    public void A_mistyped_key_fails_at_start_with_the_key_it_meant_instead_of_falling_back_to_the_default()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => EdgeHost.Build(["--Edge:ProfilPath=/etc/airmon/bkk-01.yaml"]));

        Assert.Equal(
            [
                "Edge:ProfilPath is not a setting; did you mean 'ProfilePath'? settings: ProfilePath, ClockSyncFile, MaxHeldReadings, SamplesPerMessage, FlushInterval, StatusInterval, MaxMessagesPerSecond, Simulate, MqttUrl, OutboxPath",
                "Edge:ProfilePath '/etc/airmon/device.yaml' does not exist",
            ],
            failure.Failures);
    }
}
