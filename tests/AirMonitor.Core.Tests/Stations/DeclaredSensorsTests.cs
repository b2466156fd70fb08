using AirMonitor.Core.Stations;

namespace AirMonitor.Core.Tests.Stations;

/// <summary>A station's devices declared with their sensors and metrics: what is read, and each refusal's exact line.</summary>
public sealed class DeclaredSensorsTests
{
    private const string Source = "stations.yaml";

    // Line 10 is the declared device's "- id", line 12 its first sensor; line 15 a device listed as a plain id.
    private const string Declared = """
        stations:
          - id: bkk-dindaeng
            name: Din Daeng (roadside)
            kind: roadside
            city: bangkok
            district: Din Daeng
            latitude: 13.7649
            longitude: 100.5503
            devices:
              - id: bkk-dindaeng-01
                sensors:
                  pms5003: [pm1_0, pm2_5, pm10, pm2_5_cf1]
                  bme280: [temperature, humidity, pressure]
                  no2: [no2]
              - bkk-dindaeng-02
        """;

    [Fact]
    public void Declared_device_keeps_its_sensors_and_metrics_and_a_plain_id_declares_nothing()
    {
        var registry = StationRegistry.Parse(Declared, Source);

        var station = Assert.Single(registry.Stations);
        Assert.Equal(["bkk-dindaeng-01", "bkk-dindaeng-02"], station.Devices);
        Assert.True(registry.TryFindByDevice("bkk-dindaeng-01", out var first));
        Assert.True(registry.TryFindByDevice("bkk-dindaeng-02", out var second));
        Assert.Same(station, first);
        Assert.Same(station, second);

        var declared = registry.DeclarationOf("bkk-dindaeng-01");
        Assert.NotNull(declared);
        Assert.Equal(["bme280", "no2", "pms5003"], declared.Sensors.Keys);
        Assert.Equal(["pm10", "pm1_0", "pm2_5", "pm2_5_cf1"], declared.Sensors["pms5003"].Order(StringComparer.Ordinal));
        Assert.Equal(["humidity", "pressure", "temperature"], declared.Sensors["bme280"].Order(StringComparer.Ordinal));
        Assert.Equal(["no2"], declared.Sensors["no2"]);
        Assert.True(declared.TryGetMetrics("no2", out var no2));
        Assert.Contains("no2", no2);
        Assert.False(declared.TryGetMetrics("sps30", out _));
        Assert.Same(declared, Assert.Single(station.Declarations).Value);

        Assert.Null(registry.DeclarationOf("bkk-dindaeng-02"));
        Assert.Null(registry.DeclarationOf("unregistered-01"));
    }

    [Fact]
    public void Flow_style_declaration_reads_the_same()
    {
        var registry = StationRegistry.Parse(
            Declared.Replace(
                """
                      - id: bkk-dindaeng-01
                        sensors:
                          pms5003: [pm1_0, pm2_5, pm10, pm2_5_cf1]
                          bme280: [temperature, humidity, pressure]
                          no2: [no2]
                """,
                "      - {id: bkk-dindaeng-01, sensors: {pms5003: [pm2_5], no2: [no2]}}\n",
                StringComparison.Ordinal),
            Source);

        var declared = registry.DeclarationOf("bkk-dindaeng-01");
        Assert.NotNull(declared);
        Assert.Equal(["no2", "pms5003"], declared.Sensors.Keys);
        Assert.Equal(["pm2_5"], declared.Sensors["pms5003"]);
    }

    [Fact]
    public void Station_without_declarations_has_none()
    {
        var registry = StationRegistry.Parse(Declared[..Declared.IndexOf("    devices:", StringComparison.Ordinal)] + "    devices: [bkk-dindaeng-01]\n", Source);

        Assert.Empty(Assert.Single(registry.Stations).Declarations);
        Assert.Null(registry.DeclarationOf("bkk-dindaeng-01"));
    }

    [Fact]
    public void Misspelt_device_key_fails_with_a_hint()
    {
        var error = Fails(With("        sensors:", "        sensor:"));

        Assert.Equal(
            $"{Source}: stations[0].devices[0].sensor: unknown key; did you mean 'sensors'? expected id, sensors, pm_correction (line 11, column 9)",
            error.Message);
    }

    [Fact]
    public void A_device_marked_for_PM_correction_is_listed_on_its_station_with_or_without_declared_sensors()
    {
        var registry = StationRegistry.Parse(
            Declared.Replace("        sensors:\n", "        pm_correction: us-epa-plantower\n        sensors:\n", StringComparison.Ordinal)
                .Replace("      - bkk-dindaeng-02", "      - {id: bkk-dindaeng-02, pm_correction: us-epa-plantower}\n      - bkk-dindaeng-03", StringComparison.Ordinal),
            Source);

        var station = Assert.Single(registry.Stations);
        Assert.Equal(["bkk-dindaeng-01", "bkk-dindaeng-02"], station.CorrectedPmDevices.Order(StringComparer.Ordinal));
        Assert.NotNull(registry.DeclarationOf("bkk-dindaeng-01"));
        Assert.Null(registry.DeclarationOf("bkk-dindaeng-02"));
    }

    [Fact]
    public void A_station_names_its_Ox_issuance_region_and_a_misspelt_one_fails_with_the_nearest()
    {
        var inRegion = StationRegistry.Parse(Declared.Replace("    devices:\n", "    ox_region: yokohama\n    devices:\n", StringComparison.Ordinal), Source);
        var error = Fails(Declared.Replace("    devices:\n", "    ox_region: yokohma\n    devices:\n", StringComparison.Ordinal));

        Assert.Equal("yokohama", Assert.Single(inRegion.Stations).OxRegion);
        Assert.Null(Assert.Single(StationRegistry.Parse(Declared, Source).Stations).OxRegion);
        Assert.Equal(
            $"{Source}: stations[0].ox_region: unknown ox_region 'yokohma'; did you mean 'yokohama'? expected yokohama, kawasaki, sagamihara, yokosuka, shonan, kenou, seisho (line 9, column 16)",
            error.Message);
    }

    [Fact]
    public void An_unknown_PM_correction_fails_naming_the_one_there_is()
    {
        var error = Fails(With("        sensors:\n", "        pm_correction: epa\n        sensors:\n"));

        Assert.Equal(
            $"{Source}: stations[0].devices[0].pm_correction: unknown pm_correction 'epa'; expected us-epa-plantower (line 11, column 24)",
            error.Message);
    }

    [Fact]
    public void Declared_device_without_an_id_fails()
    {
        var error = Fails(With("      - id: bkk-dindaeng-01\n        sensors:", "      - sensors:"));

        Assert.Equal($"{Source}: stations[0].devices[0].id: required key is missing (line 10, column 9)", error.Message);
    }

    [Fact]
    public void Metric_outside_the_vocabulary_fails_with_the_nearest_metric()
    {
        var error = Fails(With("[pm1_0, pm2_5, pm10, pm2_5_cf1]", "[pm1_0, pm25, pm10, pm2_5_cf1]"));

        Assert.Equal(
            $"{Source}: stations[0].devices[0].sensors.pms5003[1]: unknown metric 'pm25'; did you mean 'pm2_5'? metrics are named as on the wire (docs/storage.md) (line 12, column 28)",
            error.Message);
    }

    [Fact]
    public void Sensor_declared_twice_fails_naming_where_it_was_first()
    {
        var error = Fails(With("          no2: [no2]", "          bme280: [temperature]"));

        Assert.Equal(
            $"{Source}: stations[0].devices[0].sensors.bme280: duplicate key, first set at line 13, column 11 (line 14, column 11)",
            error.Message);
    }

    [Fact]
    public void Metric_listed_twice_for_a_sensor_fails_naming_the_first()
    {
        var error = Fails(With("[temperature, humidity, pressure]", "[temperature, humidity, temperature]"));

        Assert.Equal(
            $"{Source}: stations[0].devices[0].sensors.bme280[2]: duplicate metric 'temperature', already listed at stations[0].devices[0].sensors.bme280[0] (line 13, column 43)",
            error.Message);
    }

    [Fact]
    public void Sensor_with_an_empty_metric_list_fails()
    {
        var error = Fails(With("no2: [no2]", "no2: []"));

        Assert.Equal($"{Source}: stations[0].devices[0].sensors.no2: must list at least one metric (line 14, column 16)", error.Message);
    }

    [Fact]
    public void Device_with_no_sensors_fails()
    {
        var error = Fails(With(
            """
                    sensors:
                      pms5003: [pm1_0, pm2_5, pm10, pm2_5_cf1]
                      bme280: [temperature, humidity, pressure]
                      no2: [no2]
            """,
            "        sensors: {}"));

        Assert.Equal($"{Source}: stations[0].devices[0].sensors: must declare at least one sensor (line 11, column 18)", error.Message);
    }

    [Fact]
    public void Sensors_written_as_a_list_fail()
    {
        var error = Fails(With(
            """
                    sensors:
                      pms5003: [pm1_0, pm2_5, pm10, pm2_5_cf1]
                      bme280: [temperature, humidity, pressure]
                      no2: [no2]
            """,
            "        sensors: [pms5003, bme280]"));

        Assert.Equal(
            $"{Source}: stations[0].devices[0].sensors: expected a mapping of sensor name to its metrics, found a list (line 11, column 18)",
            error.Message);
    }

    [Fact]
    public void Single_metric_not_written_as_a_list_fails()
    {
        var error = Fails(With("no2: [no2]", "no2: no2"));

        Assert.Equal($"{Source}: stations[0].devices[0].sensors.no2: expected a list of metric names, found 'no2' (line 14, column 16)", error.Message);
    }

    [Fact]
    public void Sensor_name_outside_the_wire_id_format_fails()
    {
        var error = Fails(With("          no2: [no2]", "          'no2 cell': [no2]"));

        Assert.Equal(
            $"{Source}: stations[0].devices[0].sensors.no2 cell: 'no2 cell' is not a valid sensor name: use 1 to 64 characters from A-Z, a-z, 0-9, '_' and '-' (line 14, column 11)",
            error.Message);
    }

    [Fact]
    public void Declared_device_listed_again_fails_like_a_plain_id()
    {
        var error = Fails(With("      - bkk-dindaeng-02", "      - bkk-dindaeng-01"));

        Assert.Equal(
            $"{Source}: stations[0].devices[1]: device 'bkk-dindaeng-01' is already listed under station 'bkk-dindaeng' (stations[0].devices[0].id) (line 15, column 9)",
            error.Message);
    }

    [Fact]
    public void Every_problem_of_a_declaration_is_reported()
    {
        var error = Fails(With("[pm1_0, pm2_5, pm10, pm2_5_cf1]", "[pm1_0, pm25]").Replace("no2: [no2]", "no2: []", StringComparison.Ordinal));

        Assert.Equal(
            $"{Source}: 2 errors: stations[0].devices[0].sensors.pms5003[1]: unknown metric 'pm25'; did you mean 'pm2_5'? metrics are named as on the wire (docs/storage.md) (line 12, column 28); "
            + "stations[0].devices[0].sensors.no2: must list at least one metric (line 14, column 16)",
            error.Message);
    }

    private static string With(string oldText, string newText)
    {
        Assert.Contains(oldText, Declared, StringComparison.Ordinal);
        return Declared.Replace(oldText, newText, StringComparison.Ordinal);
    }

    private static StationRegistryException Fails(string yaml) =>
        Assert.Throws<StationRegistryException>(() => StationRegistry.Parse(yaml, Source));
}
