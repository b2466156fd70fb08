using AirMonitor.Core.Metrics;
using AirMonitor.Edge.Profiles;
using AirMonitor.Edge.Sampling;
using AirMonitor.Sensors;
using AirMonitor.Sensors.Sgp40;
using Microsoft.Extensions.Time.Testing;
using AirMonitor.Testing;

namespace AirMonitor.Edge.Tests;

public sealed class EdgeDeviceTests
{
    public static TheoryData<string> ExampleProfiles() =>
        [.. Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "firmware-config", "devices"), "*.yaml").Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(ExampleProfiles))]
    public async Task Every_sensor_of_an_example_profile_opens_and_reads_canonical_metrics_on_simulated_buses(string file)
    {
        var loaded = DeviceProfileLoader.Load(Path.Combine(RepositoryFiles.Root, "firmware-config", "devices", file), SensorModels.Names.ToHashSet());
        var profile = loaded with { Simulated = true, Sensors = [.. loaded.Sensors.Select(s => s with { Average = 1 })] };
        using var device = EdgeDevice.Create(profile, new FakeTimeProvider(DateTimeOffset.UtcNow));

        Assert.Equal(profile.Sensors.Count, device.Samplers.Count);
        foreach (var (sampler, sensor) in device.Samplers.Zip(profile.Sensors))
        {
            var reading = await sampler.SampleOnceAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.True(reading is not null, $"{file}: {sensor.Name} ({sensor.Model}) gave no reading: {sampler.State.LastError}");
            Assert.Equal(sensor.Name, reading.Sensor);
            Assert.NotEmpty(reading.Values);
            Assert.All(reading.Values, v => Assert.True(MetricVocabulary.TryGet(v.Key, out var metric) && metric.InRange(v.Value), $"{file}: {sensor.Name}: {v.Key} = {v.Value}"));
        }
    }

    [Fact]
    public void A_model_without_a_driver_is_refused_naming_the_sensor()
    {
        var profile = DeviceProfileLoader.Parse("""
            device: {id: lab-01, simulated: true}
            mqtt: {url: "mqtt://127.0.0.1:1883"}
            sensors:
              - {name: mystery, model: xyz9000, bus: i2c, address: 0x20, interval: 10s}
            """, "lab-01.yaml", new HashSet<string> { "xyz9000" });

        var error = Assert.Throws<ArgumentException>(() => EdgeDevice.Create(profile, TimeProvider.System));

        Assert.Equal("lab-01.yaml: sensor 'mystery': no driver for model 'xyz9000'", error.Message);
    }

    [Fact]
    public async Task The_sgp40_is_compensated_with_the_climate_sensor_s_latest_humidity_and_temperature_until_it_goes_stale()
    {
        var profile = DeviceProfileLoader.Parse("""
            device: {id: lab-02, simulated: true}
            mqtt: {url: "mqtt://127.0.0.1:1883"}
            sensors:
              - {model: sgp40, bus: i2c, interval: 1s}
              - {model: bme280, bus: i2c, address: 0x76, interval: 1s}
            """, "lab-02.yaml", SensorModels.Names.ToHashSet());
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var device = EdgeDevice.Create(profile, time);
        var sgp40 = Assert.IsType<Sgp40Sensor>(device.Sensors[0]);
        Assert.Null(sgp40.Compensation!());

        device.Air!.HumidityPercent = 72;
        device.Air.TemperatureCelsius = 31;
        var climate = await device.Samplers[1].SampleOnceAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        var (humidity, temperature) = sgp40.Compensation!()!.Value;
        Assert.Equal(climate!.Values[MetricVocabulary.Humidity], humidity);
        Assert.Equal(climate.Values[MetricVocabulary.Temperature], temperature);
        Assert.Equal(72, humidity, precision: 0);
        time.Advance(DeviceConditions.MaxClimateAge + TimeSpan.FromSeconds(1));
        Assert.Null(sgp40.Compensation!());
    }
}
