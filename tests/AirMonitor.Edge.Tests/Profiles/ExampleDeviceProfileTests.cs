using AirMonitor.Core.Stations;
using AirMonitor.Edge.Profiles;
using AirMonitor.Hosting;
using AirMonitor.Testing;

namespace AirMonitor.Edge.Tests.Profiles;

/// <summary>The example profiles in firmware-config/devices/ load, and agree with the station registry.</summary>
public sealed class ExampleDeviceProfileTests
{
    private static readonly StationRegistry Registry = ConfigurationFiles.LoadStationRegistry(RepositoryFiles.PathOf("firmware-config/stations.yaml"));

    private static readonly string[] ProfileFileNames =
        [.. Directory.GetFiles(RepositoryFiles.PathOf("firmware-config/devices"), "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> ProfileFiles => new(ProfileFileNames);

    private static DeviceProfile Load(string file) =>
        DeviceProfileLoader.Load(RepositoryFiles.PathOf(Path.Combine("firmware-config/devices", file)), TestProfiles.KnownModels, Registry);

    [Fact]
    public void Devices_folder_holds_the_four_documented_examples()
    {
        Assert.Superset(
            new HashSet<string> { "bkk-dindaeng-01.yaml", "sim-laptop-01.yaml", "yok-naka-01.yaml", "yok-tsurumi-plant-01.yaml" },
            ProfileFileNames.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(ProfileFiles))]
    public void Every_profile_is_valid_and_named_for_its_device(string file)
    {
        var profile = Load(file);

        Assert.Equal(Path.GetFileNameWithoutExtension(file), profile.DeviceId);
        Assert.NotEmpty(profile.Sensors);
    }

    [Theory]
    [MemberData(nameof(ProfileFiles))]
    public void Every_hardware_profile_names_the_station_the_registry_lists_its_device_under(string file)
    {
        var profile = Load(file);

        if (profile.Simulated)
        {
            Assert.Null(profile.StationId);
            Assert.False(Registry.TryFindByDevice(profile.DeviceId, out _));
            return;
        }

        Assert.True(Registry.TryFindByDevice(profile.DeviceId, out var station), $"{profile.DeviceId} is not in stations.yaml");
        Assert.Equal(station.Id, profile.StationId);
    }

    [Fact]
    public void Bangkok_roadside_device_has_a_pms5003_on_the_uart_a_bme280_and_an_electrochemical_no2_board()
    {
        var profile = Load("bkk-dindaeng-01.yaml");

        Assert.Equal("bkk-dindaeng", profile.StationId);
        Assert.False(profile.Simulated);
        Assert.Equal(new MqttProfile("mqtts://mqtt.bkk.airmon.example:8883", "bkk-dindaeng-01", "/etc/airmon/mqtt.credentials"), profile.Mqtt);
        Assert.Equal(new OutboxProfile("/var/lib/airmon/outbox.db", 512L * 1024 * 1024, TimeSpan.FromSeconds(60)), profile.Outbox);
        Assert.Equal(["pms5003", "bme280", "no2"], profile.Sensors.Select(s => s.Name));

        var pms = profile.Sensors[0];
        Assert.Equal((SensorBus.Uart, "/dev/ttyAMA0", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), 5), (pms.Bus, pms.Port, pms.Interval, pms.WarmUp, pms.Average));
        Assert.Equal(new CalibrationProfile("pm2_5", 0.74, 1.8), pms.Calibration["pm2_5"]);

        var bme = profile.Sensors[1];
        Assert.Equal((SensorBus.I2c, 1, 0x76), (bme.Bus, bme.I2cBus, bme.Address));

        var no2 = profile.Sensors[2];
        Assert.Equal(("ads1115-electrochem", 0x48, TimeSpan.FromMinutes(30)), (no2.Model, no2.Address, no2.WarmUp));
        Assert.Equal("0.212", no2.Parameters["sensitivity_mv_per_ppb"]);
        Assert.Equal(["ae0_mv", "ae_channel", "gas", "k", "sensitivity_mv_per_ppb", "we0_mv", "we_channel"], no2.Parameters.Keys);
    }

    [Fact]
    public void Yokohama_ambient_device_runs_four_sensirion_and_bosch_sensors_on_i2c()
    {
        var profile = Load("yok-naka-01.yaml");

        Assert.Equal(OutboxProfile.Default, profile.Outbox);
        Assert.Equal(
            [("sps30", 0x69), ("scd41", 0x62), ("sgp40", 0x59), ("bme280", 0x77)],
            profile.Sensors.Select(s => (s.Name, s.Address!.Value)));
        Assert.All(profile.Sensors, s => Assert.Equal(SensorBus.I2c, s.Bus));
        Assert.Equal(TimeSpan.FromSeconds(1), profile.Sensors[2].Interval);
        Assert.Equal("1013", profile.Sensors[1].Parameters["ambient_pressure_hpa"]);
    }

    [Fact]
    public void Yokohama_plant_device_reads_five_analyser_loops_on_two_converters()
    {
        var profile = Load("yok-tsurumi-plant-01.yaml");

        Assert.Equal(new OutboxProfile(OutboxProfile.DefaultPath, 1L << 30, TimeSpan.FromSeconds(30)), profile.Outbox);
        Assert.All(profile.Sensors, s => Assert.Equal("ads1115-4-20ma", s.Model));
        Assert.Equal(
            [
                ("stack-nox", 0x48, "0", "stack_nox", "200"),
                ("stack-so2", 0x48, "1", "stack_so2", "200"),
                ("stack-o2", 0x48, "2", "o2", "25"),
                ("stack-dust", 0x49, "0", "stack_dust", "50"),
                ("flue-temperature", 0x49, "1", "flue_temperature", "400"),
            ],
            profile.Sensors.Select(s => (s.Name, s.Address!.Value, s.Parameters["channel"], s.Parameters["metric"], s.Parameters["range_max"])));
        Assert.Equal(53.2, profile.Sensors[3].Calibrate("stack_dust", 50), precision: 9);
    }

    [Fact]
    public void Simulated_laptop_profile_is_unregistered_and_runs_four_sensors_locally()
    {
        var profile = Load("sim-laptop-01.yaml");

        Assert.True(profile.Simulated);
        Assert.Null(profile.StationId);
        Assert.Equal(new MqttProfile("mqtt://127.0.0.1:1883", "sim-laptop-01", null), profile.Mqtt);
        Assert.Equal(["pms5003", "sps30", "sgp40", "bme280"], profile.Sensors.Select(s => s.Name));
        Assert.All(profile.Sensors, s => Assert.Equal(TimeSpan.FromSeconds(1), s.Interval));
        Assert.Null(profile.Sensors[1].Address);
    }
}
