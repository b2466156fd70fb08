using System.Globalization;
using AirMonitor.Core.Stations;
using AirMonitor.Edge.Profiles;
using AirMonitor.Hosting;
using AirMonitor.Sensors.Modbus;
using AirMonitor.Sensors.ModbusAnalyser;
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
    public void Devices_folder_holds_the_five_documented_examples()
    {
        Assert.Superset(
            new HashSet<string> { "bkk-dindaeng-01.yaml", "sim-laptop-01.yaml", "yok-kanazawa-plant-01.yaml", "yok-naka-01.yaml", "yok-tsurumi-plant-01.yaml" },
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
    public void Tsurumi_plant_device_reads_a_MARSIC300_over_Modbus_TCP_four_loops_and_the_plant_state()
    {
        var profile = Load("yok-tsurumi-plant-01.yaml");

        Assert.Equal(new OutboxProfile(OutboxProfile.DefaultPath, 1L << 30, TimeSpan.FromSeconds(30)), profile.Outbox);
        Assert.Equal(["stack-gas", "stack-dust", "flue-temperature", "flue-pressure", "stack-flow", "plant-state"], profile.Sensors.Select(s => s.Name));

        var marsic = profile.Sensors[0].Analyser!;
        Assert.Equal((new ModbusTcpEndpoint("10.30.0.21"), TimeSpan.FromMilliseconds(500)), (marsic.Endpoint, marsic.Timeout));
        Assert.Equal(
            [new ModbusRead(ModbusTable.DiscreteInputs, 1000, 5), new ModbusRead(ModbusTable.DiscreteInputs, 1026, 1), new ModbusRead(ModbusTable.InputRegisters, 1000, 22)],
            AnalyserReadPlan.For(marsic.Map));
        Assert.Equal(new StatusBit(ModbusTable.DiscreteInputs, 1004, false, AnalyserStatus.NotMeasuring), marsic.Map.Status[4]);

        Assert.Equal(
            [("stack-dust", 0, "stack_dust"), ("flue-temperature", 1, "flue_temperature"), ("flue-pressure", 2, "flue_pressure"), ("stack-flow", 3, "flow")],
            profile.Sensors.Where(s => s.Model == "ads1115-4-20ma").Select(s => (s.Name, int.Parse(s.Parameters["channel"], CultureInfo.InvariantCulture), s.Parameters["metric"])));
        Assert.Equal(53.2, profile.Sensors[1].Calibrate("stack_dust", 50), precision: 9);
        Assert.IsType<PlantStateRegister>(profile.Sensors[5].Analyser!.Map.State);
    }

    [Fact]
    public void Kanazawa_plant_device_reads_a_GA700_with_status_bytes_two_analysers_on_one_line_and_contacts()
    {
        var profile = Load("yok-kanazawa-plant-01.yaml");

        var ga700 = profile.Sensors[0].Analyser!;
        Assert.All(ga700.Map.Values, v => Assert.Equal((StatusCodeByte.Low, AnalyserStatus.FunctionCheck), (v.Status!.Byte, v.Status.Codes[0xBC])));
        Assert.Equal([new ModbusRead(ModbusTable.HoldingRegisters, 0, 12)], AnalyserReadPlan.For(ga700.Map));

        Assert.Equal(
            [("/dev/ttyUSB0", (byte)2), ("/dev/ttyUSB0", (byte)3)],
            profile.Sensors.Where(s => s.Bus == SensorBus.ModbusRtu).Select(s => (((ModbusRtuEndpoint)s.Analyser!.Endpoint!).PortName, s.Analyser.Unit)));
        Assert.Equal(SensorBus.Gpio, profile.Sensors[3].Bus);
        Assert.Equal([5, 6, 13], profile.Sensors[3].Analyser!.Map.Pins);
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
