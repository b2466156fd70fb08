using AirMonitor.Core.Stations;

namespace AirMonitor.Core.Tests.Stations;

/// <summary>Each rule of the registry schema, with the exact one-line message an operator sees.</summary>
public sealed class StationRegistryValidationTests
{
    private const string Source = "firmware-config/stations.yaml";

    // Line numbers in the expected messages refer to this text: line 1 is "stations:", line 9 the devices.
    private const string OneStation = """
        stations:
          - id: bkk-bangna
            name: Bang Na
            kind: ambient
            city: bangkok
            district: Bang Na
            latitude: 13.6680
            longitude: 100.6045
            devices: [bkk-bangna-01]
        """;

    // Appended to OneStation, its "- id" is line 10.
    private const string SecondStation = """

          - id: bkk-chatuchak
            name: Chatuchak
            kind: ambient
            city: bangkok
            district: Chatuchak
            latitude: 13.8286
            longitude: 100.5597
            devices: [bkk-chatuchak-01]
        """;

    [Fact]
    public void Valid_station_is_read_with_every_field()
    {
        var registry = StationRegistry.Parse(OneStation, Source);

        var station = Assert.Single(registry.Stations);
        Assert.Equal(
            new Station("bkk-bangna", "Bang Na", StationKind.Ambient, "bangkok", "Bang Na", 13.6680, 100.6045, station.Devices),
            station);
        Assert.Equal(["bkk-bangna-01"], station.Devices);
        Assert.Empty(station.Tags);
    }

    [Fact]
    public void Yaml_syntax_error_names_the_file_line_and_column()
    {
        var error = Fails(With("name: Bang Na", "name: 'Bang Na"));

        Assert.Equal(
            $"{Source}: invalid YAML: While scanning a quoted scalar, found unexpected end of stream. (line 3, column 11)",
            error.Message);
    }

    [Fact]
    public void Unclosed_flow_list_is_a_syntax_error_placed_at_the_last_good_token()
    {
        var error = Fails(With("devices: [bkk-bangna-01]", "devices: [bkk-bangna-01") + SecondStation);

        Assert.Equal(
            $"{Source}: invalid YAML: cannot scan the text after this point (an unclosed '[' or '{{'?) (line 9, column 14)",
            error.Message);
    }

    [Fact]
    public void Repeated_key_is_listed_with_both_places_and_the_rest_of_the_file_is_still_checked()
    {
        var error = Fails(With("    city: bangkok", "    city: bangkok\n    city: yokohama").Replace("latitude: 13.6680", "latitude: 123.4", StringComparison.Ordinal));

        Assert.Equal(
            $"{Source}: 2 errors: stations[0].city: duplicate key, first set at line 5, column 5 (line 6, column 5); "
            + "stations[0].latitude: 123.4 is outside -90..90 (line 8, column 15)",
            error.Message);
    }

    [Fact]
    public void Misspelt_station_key_fails_with_a_hint_instead_of_being_ignored()
    {
        var error = Fails(With("latitude:", "lattitude:"));

        Assert.Equal(
            $"{Source}: 2 errors: stations[0].lattitude: unknown key; did you mean 'latitude'? expected id, name, kind, city, district, latitude, longitude, devices, tags, stacks, ox_region (line 7, column 5); "
            + "stations[0].latitude: required key is missing (line 2, column 5)",
            error.Message);
    }

    [Fact]
    public void Unknown_top_level_key_fails()
    {
        var error = Fails(OneStation + "\nversion: 2\n");

        Assert.Equal($"{Source}: version: unknown key; expected stations (line 10, column 1)", error.Message);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("name")]
    [InlineData("kind")]
    [InlineData("city")]
    [InlineData("district")]
    [InlineData("latitude")]
    [InlineData("longitude")]
    [InlineData("devices")]
    public void Missing_required_station_key_fails(string key)
    {
        (string Key, string Value)[] fields =
        [
            ("id", "bkk-bangna"), ("name", "Bang Na"), ("kind", "ambient"), ("city", "bangkok"), ("district", "Bang Na"),
            ("latitude", "13.6680"), ("longitude", "100.6045"), ("devices", "[bkk-bangna-01]"),
        ];
        var yaml = "stations:\n" + string.Join('\n', fields.Where(f => f.Key != key).Select((f, i) => $"{(i == 0 ? "  - " : "    ")}{f.Key}: {f.Value}"));

        var error = Fails(yaml);

        Assert.Equal($"{Source}: stations[0].{key}: required key is missing (line 2, column 5)", error.Message);
    }

    [Fact]
    public void Key_without_a_value_fails()
    {
        var error = Fails(With("district: Bang Na", "district:"));

        Assert.Equal($"{Source}: stations[0].district: value is missing (line 6, column 14)", error.Message);
    }

    [Fact]
    public void Blank_quoted_value_fails()
    {
        var error = Fails(With("name: Bang Na", "name: '  '"));

        Assert.Equal($"{Source}: stations[0].name: must not be blank (line 3, column 11)", error.Message);
    }

    [Fact]
    public void List_where_a_single_value_belongs_fails()
    {
        var error = Fails(With("city: bangkok", "city: [bangkok, yokohama]"));

        Assert.Equal($"{Source}: stations[0].city: expected a single value, found a list (line 5, column 11)", error.Message);
    }

    [Theory]
    [InlineData("bkk bangna")]
    [InlineData("bkk.bangna")]
    [InlineData("bkk/bangna")]
    [InlineData("bängna")]
    [InlineData("a123456789b123456789c123456789d123456789e123456789f123456789g12345")]
    public void Station_id_outside_the_wire_id_format_fails(string id)
    {
        var error = Fails(With("id: bkk-bangna", $"id: '{id}'"));

        Assert.Equal(
            $"{Source}: stations[0].id: '{id}' is not a valid id: use 1 to 64 characters from A-Z, a-z, 0-9, '_' and '-' (line 2, column 9)",
            error.Message);
    }

    [Fact]
    public void Station_id_of_exactly_sixty_four_characters_is_accepted()
    {
        var id = new string('x', 64);

        var registry = StationRegistry.Parse(With("id: bkk-bangna", $"id: {id}"), Source);

        Assert.Equal(id, Assert.Single(registry.Stations).Id);
    }

    [Fact]
    public void Device_id_outside_the_wire_id_format_fails()
    {
        var error = Fails(With("devices: [bkk-bangna-01]", "devices: [bkk-bangna-01, 'bkk bangna 02']"));

        Assert.Equal(
            $"{Source}: stations[0].devices[1]: 'bkk bangna 02' is not a valid id: use 1 to 64 characters from A-Z, a-z, 0-9, '_' and '-' (line 9, column 30)",
            error.Message);
    }

    [Theory]
    [InlineData("industrial")]
    [InlineData("Ambient")]
    [InlineData("general")]
    public void Unknown_kind_fails_and_lists_the_kinds(string kind)
    {
        var error = Fails(With("kind: ambient", $"kind: {kind}"));

        Assert.Equal($"{Source}: stations[0].kind: unknown kind '{kind}'; expected ambient, roadside, plant (line 4, column 11)", error.Message);
    }

    [Theory]
    [InlineData("123.4")]
    [InlineData("-90.0001")]
    [InlineData("91")]
    public void Latitude_outside_minus_90_to_90_fails(string latitude)
    {
        var error = Fails(With("latitude: 13.6680", $"latitude: {latitude}"));

        Assert.Equal($"{Source}: stations[0].latitude: {latitude} is outside -90..90 (line 7, column 15)", error.Message);
    }

    [Theory]
    [InlineData("180.5")]
    [InlineData("-181")]
    public void Longitude_outside_minus_180_to_180_fails(string longitude)
    {
        var error = Fails(With("longitude: 100.6045", $"longitude: {longitude}"));

        Assert.Equal($"{Source}: stations[0].longitude: {longitude} is outside -180..180 (line 8, column 16)", error.Message);
    }

    [Theory]
    [InlineData("13,668")]
    [InlineData("north")]
    [InlineData(".nan")]
    [InlineData("NaN")]
    public void Coordinate_that_is_not_a_finite_number_fails(string latitude)
    {
        var error = Fails(With("latitude: 13.6680", $"latitude: {latitude}"));

        Assert.Equal($"{Source}: stations[0].latitude: '{latitude}' is not a number (line 7, column 15)", error.Message);
    }

    [Fact]
    public void Coordinates_on_the_range_limits_are_accepted()
    {
        var registry = StationRegistry.Parse(With("latitude: 13.6680", "latitude: -90").Replace("longitude: 100.6045", "longitude: 180", StringComparison.Ordinal), Source);

        var station = Assert.Single(registry.Stations);
        Assert.Equal(-90, station.Latitude);
        Assert.Equal(180, station.Longitude);
    }

    [Fact]
    public void Station_without_devices_fails()
    {
        var error = Fails(With("devices: [bkk-bangna-01]", "devices: []"));

        Assert.Equal($"{Source}: stations[0].devices: must list at least one device (line 9, column 14)", error.Message);
    }

    [Fact]
    public void Single_device_not_written_as_a_list_fails()
    {
        var error = Fails(With("devices: [bkk-bangna-01]", "devices: bkk-bangna-01"));

        Assert.Equal($"{Source}: stations[0].devices: expected a list of device ids, found 'bkk-bangna-01' (line 9, column 14)", error.Message);
    }

    [Fact]
    public void Duplicate_station_id_fails_naming_the_first_use()
    {
        var error = Fails(OneStation + SecondStation.Replace("id: bkk-chatuchak", "id: bkk-bangna", StringComparison.Ordinal));

        Assert.Equal($"{Source}: stations[1].id: duplicate station id 'bkk-bangna', already used by stations[0] (line 10, column 9)", error.Message);
    }

    [Fact]
    public void Device_listed_under_two_stations_fails_naming_the_first_station()
    {
        var error = Fails(OneStation + SecondStation.Replace("[bkk-chatuchak-01]", "[bkk-chatuchak-01, bkk-bangna-01]", StringComparison.Ordinal));

        Assert.Equal(
            $"{Source}: stations[1].devices[1]: device 'bkk-bangna-01' is already listed under station 'bkk-bangna' (stations[0].devices[0]) (line 17, column 33)",
            error.Message);
    }

    [Fact]
    public void Device_listed_twice_under_one_station_fails()
    {
        var error = Fails(With("devices: [bkk-bangna-01]", "devices: [bkk-bangna-01, bkk-bangna-01]"));

        Assert.Equal(
            $"{Source}: stations[0].devices[1]: device 'bkk-bangna-01' is already listed under station 'bkk-bangna' (stations[0].devices[0]) (line 9, column 30)",
            error.Message);
    }

    [Fact]
    public void Extra_tags_are_written_after_the_registry_tags_in_key_order()
    {
        var registry = StationRegistry.Parse(OneStation + "\n    tags: {road: Bang Na-Trat Road, operator: BMA}\n", Source);

        Assert.Equal(
            [
                new("station", "bkk-bangna"), new("kind", "ambient"), new("city", "bangkok"), new("district", "Bang Na"),
                new("operator", "BMA"), new("road", "Bang Na-Trat Road"),
            ],
            Assert.Single(registry.Stations).PointTags());
    }

    [Theory]
    [InlineData("district")]
    [InlineData("station")]
    [InlineData("device")]
    [InlineData("kind")]
    [InlineData("time")]
    public void Extra_tag_may_not_override_a_schema_tag(string key)
    {
        var error = Fails(OneStation + $"\n    tags: {{{key}: x}}\n");

        Assert.Equal($"{Source}: stations[0].tags.{key}: '{key}' is a reserved tag key, set by the registry or the ingest (line 10, column 12)", error.Message);
    }

    [Theory]
    [InlineData("Road")]
    [InlineData("road name")]
    [InlineData("1road")]
    public void Extra_tag_key_must_be_lowercase_snake_case(string key)
    {
        var error = Fails(OneStation + $"\n    tags: {{'{key}': x}}\n");

        Assert.Equal(
            $"{Source}: stations[0].tags.{key}: '{key}' is not a valid tag key: use a lowercase letter, then lowercase letters, digits or '_' (at most 64) (line 10, column 12)",
            error.Message);
    }

    [Fact]
    public void Every_problem_of_the_file_is_reported_in_one_line()
    {
        var error = Fails(
            With("latitude: 13.6680", "latitude: 123.4")
            + SecondStation.Replace("kind: ambient", "kind: industrial", StringComparison.Ordinal));

        Assert.Equal(
            $"{Source}: 2 errors: stations[0].latitude: 123.4 is outside -90..90 (line 7, column 15); "
            + "stations[1].kind: unknown kind 'industrial'; expected ambient, roadside, plant (line 12, column 11)",
            error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(2, error.Errors.Count);
        Assert.Equal(Source, error.SourceName);
    }

    [Fact]
    public void Message_lists_at_most_ten_problems_and_counts_the_rest()
    {
        var stations = Enumerable.Range(0, 12).Select(i => SecondStation.Replace("bkk-chatuchak", $"s{i}", StringComparison.Ordinal).Replace("13.8286", "99", StringComparison.Ordinal));

        var error = Fails("stations:" + string.Concat(stations));

        Assert.Equal(12, error.Errors.Count);
        Assert.StartsWith($"{Source}: 12 errors: stations[0].latitude: 99 is outside -90..90", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("stations[9].latitude: 99 is outside -90..90 (line 79, column 15); and 2 more", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_file_fails_because_the_stations_key_is_missing()
    {
        var error = Fails("# nothing here\n");

        Assert.Equal($"{Source}: stations: required key is missing (the file has no YAML content)", error.Message);
    }

    [Fact]
    public void Stations_key_without_a_list_fails()
    {
        var error = Fails("stations:\n");

        Assert.Equal($"{Source}: stations: expected a list of stations, found no value (line 1, column 10)", error.Message);
    }

    [Fact]
    public void Explicitly_empty_station_list_is_an_empty_registry()
    {
        var registry = StationRegistry.Parse("stations: []\n", Source);

        Assert.Empty(registry.Stations);
        Assert.False(registry.TryFindByDevice("bkk-bangna-01", out _));
    }

    [Fact]
    public void Second_yaml_document_fails()
    {
        var error = Fails(OneStation + "\n---\nstations: []\n");

        Assert.Equal($"{Source}: only one YAML document is allowed, found a second one (line 11, column 1)", error.Message);
    }

    [Fact]
    public void Station_that_is_not_a_mapping_fails()
    {
        var error = Fails("stations:\n  - bkk-bangna\n");

        Assert.Equal(
            $"{Source}: stations[0]: expected a station (a mapping of id, name, kind, city, district, latitude, longitude, devices, tags, stacks, ox_region), found 'bkk-bangna' (line 2, column 5)",
            error.Message);
    }

    private static string With(string oldText, string newText)
    {
        Assert.Contains(oldText, OneStation, StringComparison.Ordinal);
        return OneStation.Replace(oldText, newText, StringComparison.Ordinal);
    }

    private static StationRegistryException Fails(string yaml) =>
        Assert.Throws<StationRegistryException>(() => StationRegistry.Parse(yaml, Source));
}
