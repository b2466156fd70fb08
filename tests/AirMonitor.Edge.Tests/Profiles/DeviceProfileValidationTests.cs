using AirMonitor.Core.Stations;
using AirMonitor.Edge.Profiles;
using static AirMonitor.Edge.Tests.Profiles.TestProfiles;

namespace AirMonitor.Edge.Tests.Profiles;

/// <summary>Each rule of the device profile schema, with the exact one-line message an operator sees.</summary>
public sealed class DeviceProfileValidationTests
{
    private const string Source = "firmware-config/devices/yok-naka-01.yaml";

    // Line numbers in the expected messages refer to this text: line 8 is the first sensor ("- model: sps30"),
    // line 12 the second ("- model: pms5003").
    private const string Profile = """
        device:
          id: yok-naka-01
          station: yok-naka
          simulated: false
        mqtt:
          url: mqtt://127.0.0.1:1883
        sensors:
          - model: sps30
            bus: i2c
            address: 0x69
            interval: 10s
          - model: pms5003
            bus: uart
            port: /dev/ttyAMA0
            interval: 10s
        """;

    // Appended to Profile, its "- model" is line 16.
    private const string ThirdSensor = """

          - model: bme280
            bus: i2c
            interval: 10s
        """;

    private const string Registry = """
        stations:
          - id: yok-naka
            name: Naka Ward
            kind: ambient
            city: yokohama
            district: Naka-ku
            latitude: 35.4447
            longitude: 139.6424
            devices: [yok-naka-01]
          - id: yok-nishi
            name: Nishi Ward
            kind: ambient
            city: yokohama
            district: Nishi-ku
            latitude: 35.4538
            longitude: 139.6169
            devices: [yok-nishi-01]
        """;

    private static readonly StationRegistry Stations = StationRegistry.Parse(Registry, "stations.yaml");

    private static string Error(string yaml) => Fails(yaml, Source).Message;

    private static string RegistryError(string yaml) =>
        Assert.Throws<DeviceProfileException>(() => DeviceProfileLoader.Parse(yaml, Source, KnownModels, Stations)).Message;

    // ---- the whole profile ---------------------------------------------------------------------------------

    [Fact]
    public void Valid_profile_is_read_with_every_default_filled_in()
    {
        var profile = Parse(Profile, Source);

        Assert.Equal(("yok-naka-01", "yok-naka", false, Source), (profile.DeviceId, profile.StationId, profile.Simulated, profile.SourceName));
        Assert.Equal(new MqttProfile("mqtt://127.0.0.1:1883", "yok-naka-01", null), profile.Mqtt);
        Assert.Equal(new OutboxProfile("/var/lib/airmon/outbox.db", 256L * 1024 * 1024, TimeSpan.FromSeconds(60)), profile.Outbox);

        var sps30 = profile.Sensors[0];
        Assert.Equal(
            ("sps30", "sps30", SensorBus.I2c, 1, (int?)0x69, (string?)null, TimeSpan.FromSeconds(10), (TimeSpan?)null, 1),
            (sps30.Name, sps30.Model, sps30.Bus, sps30.I2cBus, sps30.Address, sps30.Port, sps30.Interval, sps30.WarmUp, sps30.Average));
        Assert.Empty(sps30.Calibration);
        Assert.Empty(sps30.Parameters);

        var pms = profile.Sensors[1];
        Assert.Equal(("pms5003", SensorBus.Uart, (int?)null, "/dev/ttyAMA0"), (pms.Name, pms.Bus, pms.Address, pms.Port));
    }

    [Fact]
    public void Yaml_syntax_error_names_the_file_line_and_column()
    {
        Assert.Equal(
            $"{Source}: invalid YAML: While scanning a quoted scalar, found unexpected end of stream. (line 14, column 11)",
            Error(Profile.With("port: /dev/ttyAMA0", "port: '/dev/ttyAMA0")));
    }

    [Fact]
    public void Unclosed_flow_mapping_is_reported_where_the_parser_gave_up()
    {
        Assert.Equal(
            $"{Source}: invalid YAML: While parsing a flow mapping,  did not find expected ',' or '}}'. (line 13, column 3)",
            Error(Profile.With("interval: 10s\n  - model: pms5003", "interval: 10s\n    calibration: {pm2_5: {slope: 2}\n  - model: pms5003")));
    }

    [Fact]
    public void Unclosed_flow_list_is_a_syntax_error_placed_at_the_last_good_token()
    {
        Assert.Equal(
            $"{Source}: invalid YAML: cannot scan the text after this point (an unclosed '[' or '{{'?) (line 10, column 14)",
            Error(Profile.With("address: 0x69\n    interval: 10s", "address: [0x69\n  - model: bme280")));
    }

    [Fact]
    public void Repeated_key_is_reported_with_both_places_and_the_rest_of_the_profile_is_still_checked()
    {
        Assert.Equal(
            $"{Source}: 2 errors: sensors[0].bus: duplicate key, first set at line 9, column 5 (line 10, column 5); "
            + "sensors[1].interval: '10' is not a duration: write a whole number and a unit, ms, s, m or h (e.g. 250ms, 10s, 5m) (line 16, column 15)",
            Error(Profile.With("bus: i2c", "bus: i2c\n    bus: uart").With("/dev/ttyAMA0\n    interval: 10s", "/dev/ttyAMA0\n    interval: 10")));
    }

    [Fact]
    public void Anchors_and_aliases_share_one_block_between_sensors()
    {
        var profile = Parse(
            Profile.With("address: 0x69", "address: 0x69\n    parameters: &loop {shunt_ohms: 150, range_min: 0}")
                .With("port: /dev/ttyAMA0", "port: /dev/ttyAMA0\n    parameters: *loop"),
            Source);

        Assert.Equal(profile.Sensors[0].Parameters, profile.Sensors[1].Parameters);
        Assert.Equal("150", profile.Sensors[1].Parameters["shunt_ohms"]);
    }

    [Fact]
    public void Alias_to_no_anchor_is_refused()
    {
        Assert.Equal(
            $"{Source}: invalid YAML: alias '*loop' refers to no anchor defined before it (line 11, column 17)",
            Error(Profile.With("address: 0x69", "address: 0x69\n    parameters: *loop")));
    }

    [Fact]
    public void Second_yaml_document_is_refused()
    {
        Assert.Equal(
            $"{Source}: only one YAML document is allowed, found a second one (line 17, column 1)",
            Error(Profile + "\n---\ndevice: {id: other}"));
    }

    [Fact]
    public void Empty_file_names_the_keys_it_should_hold()
    {
        Assert.Equal($"{Source}: the file has no YAML content; expected the keys device, mqtt, outbox, sensors", Error("# nothing yet\n"));
    }

    [Fact]
    public void Root_that_is_not_a_mapping_is_refused()
    {
        Assert.Equal(
            $"{Source}: expected a mapping with the keys device, mqtt, outbox, sensors, found a list (line 1, column 1)",
            Error("- device\n- sensors\n"));
    }

    [Fact]
    public void Misspelt_key_fails_with_a_hint_instead_of_being_ignored()
    {
        Assert.Equal(
            $"{Source}: 2 errors: sensor: unknown key; did you mean 'sensors'? expected device, mqtt, outbox, sensors (line 7, column 1); "
            + "sensors: required key is missing (line 1, column 1)",
            Error(Profile.With("sensors:", "sensor:")));
    }

    [Fact]
    public void Misspelt_sensor_key_names_the_sensor_by_its_index()
    {
        Assert.Equal(
            $"{Source}: sensors[1].intervall: unknown key; did you mean 'interval'? expected name, model, bus, i2c_bus, address, port, host, tcp_port, baud, parity, stop_bits, unit, timeout, retries, interval, warmup, average, calibration, parameters, modbus (line 16, column 5)",
            Error(Profile + "\n    intervall: 5s"));
    }

    [Fact]
    public void Missing_required_keys_are_each_reported_at_their_mapping()
    {
        Assert.Equal(
            $"{Source}: 3 errors: device.id: required key is missing (line 2, column 3); mqtt.url: required key is missing (line 5, column 3); "
            + "sensors[0].model: required key is missing (line 7, column 5)",
            Error(Profile.With("  id: yok-naka-01\n", "").With("url: mqtt://127.0.0.1:1883", "client_id: naka").With("- model: sps30\n    bus: i2c", "- bus: i2c")));
    }

    [Fact]
    public void Key_without_a_value_is_reported_as_missing_its_value()
    {
        Assert.Equal($"{Source}: mqtt.url: value is missing (line 6, column 7)", Error(Profile.With("url: mqtt://127.0.0.1:1883", "url:")));
    }

    [Fact]
    public void Several_problems_are_counted_and_joined_in_one_line()
    {
        var error = Fails(Profile.With("interval: 10s\n  - model: pms5003", "interval: 0s\n  - model: pms5003").With("bus: uart", "bus: spi"), Source);

        Assert.Equal(2, error.Errors.Count);
        Assert.Equal(Source, error.SourceName);
        Assert.Equal(
            $"{Source}: 2 errors: sensors[0].interval: 0s is shorter than the minimum 1s (line 11, column 15); sensors[1].bus: unknown bus 'spi'; expected i2c, uart, modbus-tcp, modbus-rtu, gpio (line 13, column 10)",
            error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void More_than_ten_problems_show_the_first_ten_and_count_the_rest()
    {
        var sensors = string.Concat(Enumerable.Range(0, 12).Select(_ => "\n  - model: nope\n    bus: i2c\n    interval: 1s"));
        var error = Fails(Profile + sensors, Source);

        Assert.Equal(12, error.Errors.Count);
        Assert.EndsWith("; and 2 more", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_file_is_reported_with_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"airmon-missing-{Guid.NewGuid():N}", "yok-naka-01.yaml");

        var error = Assert.Throws<DeviceProfileException>(() => DeviceProfileLoader.Load(path, KnownModels));

        Assert.StartsWith($"{path}: cannot read the device profile: Could not find a part of the path", error.Message, StringComparison.Ordinal);
        Assert.IsType<DirectoryNotFoundException>(error.InnerException);
    }

    [Fact]
    public void Profile_file_is_loaded_from_disk_and_named_by_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"airmon-profile-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, Profile);
        try
        {
            Assert.Equal(path, DeviceProfileLoader.Load(path, KnownModels).SourceName);
            Assert.Equal(
                $"{path}: 2 errors: sensors[0].model: unknown model 'sps30'; known: none (line 8, column 12); sensors[1].model: unknown model 'pms5003'; known: none (line 12, column 12)",
                Assert.Throws<DeviceProfileException>(() => DeviceProfileLoader.Load(path, new HashSet<string>())).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    // ---- device ----------------------------------------------------------------------------------------------

    [Fact]
    public void Device_id_outside_the_wire_format_is_refused()
    {
        Assert.Equal(
            $"{Source}: device.id: 'yok naka 01' is not a valid device id: use 1 to 64 characters from A-Z, a-z, 0-9, '_' and '-' (line 2, column 7)",
            Error(Profile.With("id: yok-naka-01", "id: yok naka 01")));
    }

    [Fact]
    public void Device_id_alerts_is_refused_because_it_is_the_alert_topics_level()
    {
        Assert.Equal(
            $"{Source}: device.id: 'alerts' cannot be a device id: it is the level of the alert topics (airmon/v1/alerts/…) (line 2, column 7)",
            Error(Profile.With("id: yok-naka-01", "id: alerts")));
    }

    [Fact]
    public void Station_id_outside_the_id_format_is_refused()
    {
        Assert.Equal(
            $"{Source}: device.station: 'Naka Ward' is not a valid station id: use 1 to 64 characters from A-Z, a-z, 0-9, '_' and '-' (line 3, column 12)",
            Error(Profile.With("station: yok-naka", "station: Naka Ward")));
    }

    [Fact]
    public void Simulated_must_be_true_or_false()
    {
        Assert.Equal(
            $"{Source}: device.simulated: 'yes' is not true or false (line 4, column 14)",
            Error(Profile.With("simulated: false", "simulated: yes")));
    }

    [Fact]
    public void Simulated_and_station_are_optional()
    {
        var profile = Parse(Profile.With("  station: yok-naka\n  simulated: false\n", ""), Source);

        Assert.Equal((null, false), (profile.StationId, profile.Simulated));
    }

    // ---- device against the station registry -----------------------------------------------------------------

    [Fact]
    public void Device_listed_under_its_station_passes_the_registry_check()
    {
        Assert.Equal("yok-naka", DeviceProfileLoader.Parse(Profile, Source, KnownModels, Stations).StationId);
    }

    [Fact]
    public void Unknown_station_is_refused_with_a_hint()
    {
        Assert.Equal(
            $"{Source}: device.station: unknown station 'yok-nak'; did you mean 'yok-naka'? it is not in the station registry (line 3, column 12)",
            RegistryError(Profile.With("station: yok-naka", "station: yok-nak")));
    }

    [Fact]
    public void Station_other_than_the_registry_lists_the_device_under_is_refused()
    {
        Assert.Equal(
            $"{Source}: device.station: the station registry lists device 'yok-naka-01' under station 'yok-naka', not 'yok-nishi' (line 3, column 12)",
            RegistryError(Profile.With("station: yok-naka", "station: yok-nishi")));
    }

    [Fact]
    public void Device_missing_from_its_station_in_the_registry_is_refused()
    {
        Assert.Equal(
            $"{Source}: device.id: device 'yok-naka-02' is not listed under station 'yok-naka' in the station registry (line 2, column 7)",
            RegistryError(Profile.With("id: yok-naka-01", "id: yok-naka-02")));
    }

    [Fact]
    public void Registered_device_without_a_station_is_told_which_station_to_name()
    {
        Assert.Equal(
            $"{Source}: device.station: required key is missing: the station registry lists device 'yok-naka-01' under station 'yok-naka' (line 2, column 3)",
            RegistryError(Profile.With("  station: yok-naka\n", "")));
    }

    [Fact]
    public void Unregistered_device_without_a_station_passes_the_registry_check()
    {
        var profile = DeviceProfileLoader.Parse(Profile.With("  station: yok-naka\n", "").With("id: yok-naka-01", "id: sim-laptop-01"), Source, KnownModels, Stations);

        Assert.Equal(("sim-laptop-01", null), (profile.DeviceId, profile.StationId));
    }

    // ---- mqtt ------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("http://broker:1883")]
    [InlineData("tcp://broker:1883")]
    [InlineData("mqtt://")]
    [InlineData("broker:1883")]
    public void Broker_url_must_be_mqtt_or_mqtts(string url)
    {
        Assert.Equal(
            $"{Source}: mqtt.url: '{url}' is not mqtt://host:port or mqtts://host:port (line 6, column 8)",
            Error(Profile.With("url: mqtt://127.0.0.1:1883", $"url: '{url}'")));
    }

    [Fact]
    public void Client_id_and_credentials_file_are_read_when_set()
    {
        var profile = Parse(
            Profile.With("url: mqtt://127.0.0.1:1883", "url: mqtts://broker.example:8883\n  client_id: naka-edge\n  credentials_file: /etc/airmon/mqtt.credentials"),
            Source);

        Assert.Equal(new MqttProfile("mqtts://broker.example:8883", "naka-edge", "/etc/airmon/mqtt.credentials"), profile.Mqtt);
    }

    [Fact]
    public void Ca_certificate_and_key_files_are_read_when_set()
    {
        var profile = Parse(
            Profile.With("url: mqtt://127.0.0.1:1883", "url: mqtts://broker.example:8884\n  ca_file: /etc/airmon/ca.crt\n  cert_file: /etc/airmon/device.crt\n  key_file: /etc/airmon/device.key"),
            Source);

        Assert.Equal(new MqttProfile("mqtts://broker.example:8884", "yok-naka-01", null, "/etc/airmon/ca.crt", "/etc/airmon/device.crt", "/etc/airmon/device.key"), profile.Mqtt);
    }

    [Fact]
    public void A_client_certificate_without_its_key_and_TLS_files_without_mqtts_are_refused()
    {
        Assert.Equal(
            $"{Source}: mqtt.key_file: required with cert_file: a client certificate and its private key go together (line 7, column 14)",
            Error(Profile.With("url: mqtt://127.0.0.1:1883", "url: mqtts://broker.example:8884\n  cert_file: /etc/airmon/device.crt")));
        Assert.Equal(
            $"{Source}: mqtt.url: 'mqtt://broker.example:1883' is not mqtts://: ca_file, cert_file and key_file are for TLS (line 6, column 8)",
            Error(Profile.With("url: mqtt://127.0.0.1:1883", "url: mqtt://broker.example:1883\n  ca_file: /etc/airmon/ca.crt")));
    }

    [Fact]
    public void Client_id_outside_the_id_format_is_refused()
    {
        Assert.Equal(
            $"{Source}: mqtt.client_id: 'naka/edge' is not a valid client id: use 1 to 64 characters from A-Z, a-z, 0-9, '_' and '-' (line 7, column 14)",
            Error(Profile.With("url: mqtt://127.0.0.1:1883", "url: mqtt://127.0.0.1:1883\n  client_id: naka/edge")));
    }

    [Fact]
    public void Credentials_written_inline_instead_of_a_file_are_refused()
    {
        Assert.Equal(
            $"{Source}: mqtt.credentials_file: looks like a username:password, not a file path: put the credentials in a file and name the file here (line 7, column 21)",
            Error(Profile.With("url: mqtt://127.0.0.1:1883", "url: mqtt://127.0.0.1:1883\n  credentials_file: naka:s3cret")));
    }

    [Fact]
    public void Credentials_file_naming_a_directory_is_refused()
    {
        Assert.Equal(
            $"{Source}: mqtt.credentials_file: '/etc/airmon/' names a directory; expected a file (line 7, column 21)",
            Error(Profile.With("url: mqtt://127.0.0.1:1883", "url: mqtt://127.0.0.1:1883\n  credentials_file: /etc/airmon/")));
    }

    // ---- outbox ----------------------------------------------------------------------------------------------

    [Fact]
    public void Outbox_settings_are_read_with_their_units()
    {
        var profile = Parse(Profile + "\noutbox:\n  path: /data/outbox.db\n  max_size: 2GB\n  resend_after: 5m", Source);

        Assert.Equal(new OutboxProfile("/data/outbox.db", 2_000_000_000, TimeSpan.FromMinutes(5)), profile.Outbox);
    }

    [Fact]
    public void Outbox_path_naming_a_directory_is_refused()
    {
        Assert.Equal(
            $"{Source}: outbox.path: '/var/lib/airmon/' names a directory; expected a file (line 17, column 9)",
            Error(Profile + "\noutbox:\n  path: /var/lib/airmon/"));
    }

    [Fact]
    public void Outbox_size_without_a_unit_is_refused()
    {
        Assert.Equal(
            $"{Source}: outbox.max_size: '1000000' is not a size: write a whole number and a unit, B, KB, MB, GB, KiB, MiB or GiB (e.g. 256MiB) (line 17, column 13)",
            Error(Profile + "\noutbox:\n  max_size: 1000000"));
    }

    [Fact]
    public void Outbox_size_outside_its_range_is_refused()
    {
        Assert.Equal(
            $"{Source}: outbox.max_size: 512KiB is outside 1MiB..64GiB (line 17, column 13)",
            Error(Profile + "\noutbox:\n  max_size: 512KiB"));
    }

    [Fact]
    public void Resend_delay_shorter_than_a_second_is_refused()
    {
        Assert.Equal(
            $"{Source}: outbox.resend_after: 500ms is shorter than the minimum 1s (line 17, column 17)",
            Error(Profile + "\noutbox:\n  resend_after: 500ms"));
    }

    // ---- sensors: list, names, models, buses -----------------------------------------------------------------

    [Fact]
    public void Empty_sensor_list_is_refused()
    {
        Assert.Equal(
            $"{Source}: sensors: must list at least one sensor (line 7, column 10)",
            Error(Profile[..Profile.IndexOf("sensors:", StringComparison.Ordinal)] + "sensors: []"));
    }

    [Fact]
    public void Sensor_that_is_not_a_mapping_is_refused()
    {
        Assert.Equal(
            $"{Source}: sensors[2]: expected a sensor (a mapping of name, model, bus, i2c_bus, address, port, host, tcp_port, baud, parity, stop_bits, unit, timeout, retries, interval, warmup, average, calibration, parameters, modbus), found 'bme280' (line 16, column 5)",
            Error(Profile + "\n  - bme280"));
    }

    [Fact]
    public void Sensor_name_outside_the_id_format_is_refused()
    {
        Assert.Equal(
            $"{Source}: sensors[0].name: 'PM 2.5' is not a valid sensor name: use 1 to 64 characters from A-Z, a-z, 0-9, '_' and '-' (line 8, column 11)",
            Error(Profile.With("- model: sps30", "- name: PM 2.5\n    model: sps30")));
    }

    [Fact]
    public void Two_sensors_named_alike_are_refused()
    {
        Assert.Equal(
            $"{Source}: sensors[1].name: duplicate sensor name 'pm', already used by sensors[0] (line 13, column 11)",
            Error(Profile.With("- model: sps30", "- name: pm\n    model: sps30").With("- model: pms5003", "- name: pm\n    model: pms5003")));
    }

    [Fact]
    public void Two_sensors_of_one_model_without_names_are_told_to_name_them()
    {
        Assert.Equal(
            $"{Source}: sensors[3].name: duplicate sensor name 'bme280' (the model, as no name is set), already used by sensors[2]; give each sensor of one model its own name (line 19, column 12)",
            Error(Profile + ThirdSensor + ThirdSensor.Replace("bus: i2c", "bus: i2c\n    i2c_bus: 3", StringComparison.Ordinal)));
    }

    [Fact]
    public void Unknown_model_is_refused_with_a_hint_and_the_known_models()
    {
        Assert.Equal(
            $"{Source}: sensors[1].model: unknown model 'pms5300'; did you mean 'pms5003'? known: ads1115-4-20ma, ads1115-electrochem, bme280, bme680, bme688, mhz19b, modbus-analyser, pms5003, pms7003, pmsa003, pmsa003i, scd40, scd41, sen50, sen54, sen55, sgp40, sps30 (line 12, column 12)",
            Error(Profile.With("model: pms5003", "model: pms5300")));
    }

    [Fact]
    public void Unknown_bus_is_refused()
    {
        Assert.Equal($"{Source}: sensors[0].bus: unknown bus 'spi'; expected i2c, uart, modbus-tcp, modbus-rtu, gpio (line 9, column 10)", Error(Profile.With("bus: i2c", "bus: spi")));
    }

    [Fact]
    public void Uart_sensor_without_a_port_is_refused()
    {
        Assert.Equal(
            $"{Source}: sensors[1].port: required for bus: uart (the serial device, e.g. /dev/ttyAMA0) (line 12, column 5)",
            Error(Profile.With("    port: /dev/ttyAMA0\n", "")));
    }

    [Fact]
    public void Uart_sensor_with_an_i2c_address_is_refused()
    {
        Assert.Equal(
            $"{Source}: sensors[1].address: only applies to bus: i2c; this sensor is on bus: uart (line 15, column 14)",
            Error(Profile.With("port: /dev/ttyAMA0", "port: /dev/ttyAMA0\n    address: 0x12")));
    }

    [Fact]
    public void I2c_sensor_with_a_serial_port_is_refused()
    {
        Assert.Equal(
            $"{Source}: sensors[0].port: only applies to bus: uart, modbus-rtu; this sensor is on bus: i2c (line 11, column 11)",
            Error(Profile.With("address: 0x69", "address: 0x69\n    port: /dev/ttyUSB0")));
    }

    [Fact]
    public void Serial_port_must_be_a_device_path()
    {
        Assert.Equal(
            $"{Source}: sensors[1].port: 'ttyAMA0' is not a serial device: expected a device path such as /dev/ttyAMA0 or /dev/serial0 (line 14, column 11)",
            Error(Profile.With("port: /dev/ttyAMA0", "port: ttyAMA0")));
    }

    [Fact]
    public void Two_sensors_on_one_serial_port_are_refused()
    {
        Assert.Equal(
            $"{Source}: sensors[2].port: '/dev/ttyAMA0' is already used by sensors[1] (line 18, column 11)",
            Error(Profile + "\n  - model: mhz19b\n    bus: uart\n    port: /dev/ttyAMA0\n    interval: 10s"));
    }

    // ---- sensors: I2C bus and address ------------------------------------------------------------------------

    [Theory]
    [InlineData("0x69", 0x69)]
    [InlineData("0X4a", 0x4a)]
    [InlineData("105", 105)]
    [InlineData("0x03", 0x03)]
    [InlineData("0x77", 0x77)]
    public void Address_is_read_in_hex_or_decimal(string written, int address)
    {
        Assert.Equal(address, Parse(Profile.With("address: 0x69", $"address: {written}"), Source).Sensors[0].Address);
    }

    [Theory]
    [InlineData("0x78")]
    [InlineData("0x02")]
    [InlineData("200")]
    public void Address_outside_the_7_bit_device_range_is_refused(string written)
    {
        Assert.Equal(
            $"{Source}: sensors[0].address: {written} is outside 0x03..0x77, the 7-bit addresses a device may use (line 10, column 14)",
            Error(Profile.With("address: 0x69", $"address: {written}")));
    }

    [Fact]
    public void Address_that_is_not_a_number_is_refused()
    {
        Assert.Equal(
            $"{Source}: sensors[0].address: '69h' is not an I2C address: write it in hex (0x69) or decimal (105) (line 10, column 14)",
            Error(Profile.With("address: 0x69", "address: 69h")));
    }

    [Fact]
    public void Address_may_be_left_to_the_models_default()
    {
        var sensor = Parse(Profile.With("    address: 0x69\n", ""), Source).Sensors[0];

        Assert.Null(sensor.Address);
        Assert.Null(sensor.ToConnection().Address);
    }

    [Fact]
    public void I2c_bus_outside_its_range_is_refused()
    {
        Assert.Equal(
            $"{Source}: sensors[0].i2c_bus: 256 is outside 0..255 (line 10, column 14)",
            Error(Profile.With("bus: i2c", "bus: i2c\n    i2c_bus: 256")));
    }

    [Fact]
    public void I2c_bus_that_is_not_a_whole_number_is_refused()
    {
        Assert.Equal(
            $"{Source}: sensors[0].i2c_bus: '1.5' is not a whole number (line 10, column 14)",
            Error(Profile.With("bus: i2c", "bus: i2c\n    i2c_bus: 1.5")));
    }

    [Fact]
    public void Two_models_at_one_address_on_one_bus_are_refused()
    {
        Assert.Equal(
            $"{Source}: sensors[2].address: 0x69 on I2C bus 1 is already used by sensors[0], a sps30; only sensors of one model (channels of one converter) may share an address (line 18, column 14)",
            Error(Profile + ThirdSensor.Replace("bus: i2c", "bus: i2c\n    address: 105", StringComparison.Ordinal)));
    }

    [Fact]
    public void Channels_of_one_converter_may_share_its_address()
    {
        var loop = "\n  - name: {0}\n    model: ads1115-4-20ma\n    bus: i2c\n    address: 0x48\n    interval: 10s\n    parameters: {{channel: {1}}}";
        var profile = Parse(Profile + string.Format(null, loop, "stack-nox", 0) + string.Format(null, loop, "stack-so2", 1), Source);

        Assert.Equal([0x48, 0x48], profile.Sensors.Skip(2).Select(s => s.Address!.Value));
    }

    [Fact]
    public void Same_address_on_another_bus_is_not_a_conflict()
    {
        var profile = Parse(Profile + ThirdSensor.Replace("bus: i2c", "bus: i2c\n    i2c_bus: 3\n    address: 0x69", StringComparison.Ordinal), Source);

        Assert.Equal((3, 0x69), (profile.Sensors[2].I2cBus, profile.Sensors[2].Address!.Value));
    }

    // ---- sensors: timing -------------------------------------------------------------------------------------

    [Fact]
    public void Interval_without_a_unit_is_refused()
    {
        Assert.Equal(
            $"{Source}: sensors[0].interval: '10' is not a duration: write a whole number and a unit, ms, s, m or h (e.g. 250ms, 10s, 5m) (line 11, column 15)",
            Error(Profile.With("interval: 10s\n  - model: pms5003", "interval: 10\n  - model: pms5003")));
    }

    [Fact]
    public void Interval_shorter_than_a_second_is_refused()
    {
        Assert.Equal(
            $"{Source}: sensors[0].interval: 250ms is shorter than the minimum 1s (line 11, column 15)",
            Error(Profile.With("interval: 10s\n  - model: pms5003", "interval: 250ms\n  - model: pms5003")));
    }

    [Fact]
    public void Interval_longer_than_a_day_is_refused()
    {
        Assert.Equal(
            $"{Source}: sensors[0].interval: 25h is longer than the maximum 24h (line 11, column 15)",
            Error(Profile.With("interval: 10s\n  - model: pms5003", "interval: 25h\n  - model: pms5003")));
    }

    [Fact]
    public void Warmup_and_average_override_the_defaults()
    {
        var sensor = Parse(Profile.With("address: 0x69", "address: 0x69\n    warmup: 0s\n    average: 10"), Source).Sensors[0];

        Assert.Equal((TimeSpan.Zero, 10), (sensor.WarmUp, sensor.Average));
    }

    [Fact]
    public void Average_below_one_is_refused()
    {
        Assert.Equal(
            $"{Source}: sensors[0].average: 0 is outside 1..1000 (line 11, column 14)",
            Error(Profile.With("address: 0x69", "address: 0x69\n    average: 0")));
    }

    [Fact]
    public void Average_whose_sub_readings_do_not_fit_in_the_interval_is_refused()
    {
        Assert.Equal(
            $"{Source}: sensors[0].average: 11 sub-readings 1s apart do not fit in the interval 10s; use at most 10 (line 11, column 14)",
            Error(Profile.With("address: 0x69", "address: 0x69\n    average: 11")));
    }

    // ---- sensors: calibration and parameters -----------------------------------------------------------------

    [Fact]
    public void Calibration_is_read_per_metric_with_defaults_for_the_unset_half()
    {
        var sensor = Parse(Profile.With("address: 0x69", "address: 0x69\n    calibration:\n      pm2_5: {slope: 0.74, offset: 1.8}\n      pm10: {slope: 0.9}\n      pm1_0: {offset: -0.5}"), Source).Sensors[0];

        Assert.Equal(
            [new CalibrationProfile("pm10", 0.9, 0), new CalibrationProfile("pm1_0", 1, -0.5), new CalibrationProfile("pm2_5", 0.74, 1.8)],
            sensor.Calibration.Values);
    }

    [Fact]
    public void Calibration_of_a_metric_outside_the_vocabulary_is_refused_with_a_hint()
    {
        Assert.Equal(
            $"{Source}: sensors[0].calibration.pm25: unknown metric 'pm25'; did you mean 'pm2_5'? metrics are named as on the wire (docs/storage.md) (line 12, column 7)",
            Error(Profile.With("address: 0x69", "address: 0x69\n    calibration:\n      pm25: {slope: 0.74}")));
    }

    [Fact]
    public void Calibration_of_the_raw_cf1_value_is_refused_and_points_to_pm2_5()
    {
        Assert.Equal(
            $"{Source}: sensors[1].calibration.pm2_5_cf1: pm2_5_cf1 is never calibrated: the US EPA correction is fitted on the raw CF=1 value; calibrate pm2_5 instead (line 17, column 7)",
            Error(Profile.With("port: /dev/ttyAMA0", "port: /dev/ttyAMA0\n    calibration:\n      pm2_5: {slope: 0.74}\n      pm2_5_cf1: {slope: 0.74}")));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1.2")]
    public void Calibration_slope_must_be_positive(string slope)
    {
        Assert.Equal(
            $"{Source}: sensors[0].calibration.pm2_5.slope: {slope} is not a valid slope: it must be greater than 0 (line 13, column 16)",
            Error(Profile.With("address: 0x69", $"address: 0x69\n    calibration:\n      pm2_5:\n        slope: {slope}")));
    }

    [Fact]
    public void Calibration_offset_must_be_a_number()
    {
        Assert.Equal(
            $"{Source}: sensors[0].calibration.pm2_5.offset: 'two' is not a number (line 13, column 17)",
            Error(Profile.With("address: 0x69", "address: 0x69\n    calibration:\n      pm2_5:\n        offset: two")));
    }

    [Fact]
    public void Calibration_without_slope_or_offset_is_refused()
    {
        Assert.Equal(
            $"{Source}: sensors[0].calibration.pm2_5: set slope, offset or both (line 12, column 14)",
            Error(Profile.With("address: 0x69", "address: 0x69\n    calibration:\n      pm2_5: {}")));
    }

    [Fact]
    public void Calibration_key_other_than_slope_or_offset_is_refused()
    {
        Assert.Equal(
            $"{Source}: sensors[0].calibration.pm2_5.gain: unknown key; expected slope, offset (line 12, column 15)",
            Error(Profile.With("address: 0x69", "address: 0x69\n    calibration:\n      pm2_5: {gain: 2}")));
    }

    [Fact]
    public void Parameters_are_passed_as_written()
    {
        var sensor = Parse(Profile.With("address: 0x69", "address: 0x69\n    parameters: {we0_mv: 227, k: 1.18, channels: '0,1'}"), Source).Sensors[0];

        Assert.Equal(
            new Dictionary<string, string> { ["channels"] = "0,1", ["k"] = "1.18", ["we0_mv"] = "227" },
            sensor.Parameters);
    }

    [Fact]
    public void Parameter_name_outside_the_format_is_refused()
    {
        Assert.Equal(
            $"{Source}: sensors[0].parameters.WE0: 'WE0' is not a valid parameter name: use a lowercase letter, then lowercase letters, digits or '_' (at most 64) (line 11, column 18)",
            Error(Profile.With("address: 0x69", "address: 0x69\n    parameters: {WE0: 227}")));
    }

    [Fact]
    public void Parameter_with_a_list_value_is_refused()
    {
        Assert.Equal(
            $"{Source}: sensors[0].parameters.channels: expected a single value, found a list (line 11, column 28)",
            Error(Profile.With("address: 0x69", "address: 0x69\n    parameters: {channels: [0, 1]}")));
    }

    [Fact]
    public void Parameter_without_a_value_is_refused()
    {
        Assert.Equal(
            $"{Source}: sensors[0].parameters.k: value is missing (line 12, column 9)",
            Error(Profile.With("address: 0x69", "address: 0x69\n    parameters:\n      k:\n")));
    }
}
