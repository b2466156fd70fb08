using System.Collections.ObjectModel;
using AirMonitor.Core.Configuration;

namespace AirMonitor.Core.Tests.Configuration;

/// <summary>The validating YAML reader every configuration schema stands on, through a small schema of its own.</summary>
public sealed class ConfigurationReaderTests
{
    // Line 1 is "name: kitchen", line 6 "items: [a, b]", line 8 "  max: 5".
    private const string Valid = """
        name: kitchen
        count: 3
        ratio: 0.25
        enabled: true
        color: green
        items: [a, b]
        limits:
          max: 5
        """;

    [Fact]
    public void Valid_document_reads_every_kind_of_value()
    {
        var (sample, errors) = SampleSchema.Read(Valid);

        Assert.Empty(errors);
        Assert.Equal(("kitchen", 3, 0.25, true, SampleColor.Green, 5), (sample!.Name, sample.Count, sample.Ratio, sample.Enabled, sample.Color, sample.Max));
        Assert.Equal(["a", "b"], sample.Items);
    }

    [Fact]
    public void Repeated_key_is_listed_with_where_it_was_first_set_and_the_rest_is_still_checked()
    {
        var errors = Fails(Valid.Replace("count: 3", "count: 3\ncount: 4", StringComparison.Ordinal).Replace("max: 5", "max: 50", StringComparison.Ordinal));

        Assert.Equal(
            [
                "count: duplicate key, first set at line 2, column 1 (line 3, column 1)",
                "limits.max: 50 is outside 1..10 (line 9, column 8)",
            ],
            errors);
    }

    [Fact]
    public void Repeated_key_in_a_nested_mapping_is_named_by_its_key_path()
    {
        var errors = Fails(Valid + "\n  max: 6");

        Assert.Equal("limits.max: duplicate key, first set at line 8, column 3 (line 9, column 3)", Assert.Single(errors));
    }

    [Fact]
    public void Unknown_key_gets_the_nearest_known_key_as_a_hint_ignoring_case()
    {
        var errors = Fails(Valid + "\nColour: red");

        Assert.Equal("Colour: unknown key; did you mean 'color'? expected name, count, ratio, enabled, color, items, limits, labels (line 9, column 1)", Assert.Single(errors));
    }

    [Fact]
    public void Unknown_key_with_nothing_near_lists_only_the_known_keys()
    {
        var errors = Fails(Valid + "\nversion: 2");

        Assert.Equal("version: unknown key; expected name, count, ratio, enabled, color, items, limits, labels (line 9, column 1)", Assert.Single(errors));
    }

    [Fact]
    public void Missing_required_key_points_at_the_mapping_that_lacks_it()
    {
        var errors = Fails(Valid.Replace("  max: 5", "  ceiling: 1", StringComparison.Ordinal));

        Assert.Equal(
            [
                "limits.ceiling: unknown key; expected max (line 8, column 3)",
                "limits.max: required key is missing (line 8, column 3)",
            ],
            errors);
    }

    [Theory]
    [InlineData("count: 3", "count: many", "count: 'many' is not a whole number (line 2, column 8)")]
    [InlineData("count: 3", "count: 2.5", "count: '2.5' is not a whole number (line 2, column 8)")]
    [InlineData("count: 3", "count: 11", "count: 11 is outside 1..10 (line 2, column 8)")]
    [InlineData("ratio: 0.25", "ratio: half", "ratio: 'half' is not a number (line 3, column 8)")]
    [InlineData("ratio: 0.25", "ratio: .nan", "ratio: '.nan' is not a number (line 3, column 8)")]
    [InlineData("ratio: 0.25", "ratio: 1.5", "ratio: 1.5 is outside 0..1 (line 3, column 8)")]
    [InlineData("ratio: 0.25", "ratio: [1]", "ratio: expected a single value, found a list (line 3, column 8)")]
    [InlineData("enabled: true", "enabled: yes", "enabled: 'yes' is not true or false (line 4, column 10)")]
    [InlineData("color: green", "color: mauve", "color: unknown color 'mauve'; expected red, green, blue (line 5, column 8)")]
    [InlineData("name: kitchen", "name:", "name: value is missing (line 1, column 6)")]
    [InlineData("name: kitchen", "name: ' '", "name: must not be blank (line 1, column 7)")]
    [InlineData("items: [a, b]", "items: a", "items: expected a list of items, found 'a' (line 6, column 8)")]
    [InlineData("items: [a, b]", "items: []", "items: must list at least one item (line 6, column 8)")]
    [InlineData("items: [a, b]", "items: [a, {b: c}]", "items[1]: expected a single value, found a mapping (line 6, column 12)")]
    [InlineData("limits:\n  max: 5", "limits: 5", "limits: expected a mapping of max, found '5' (line 7, column 9)")]
    public void Value_of_the_wrong_type_or_outside_its_range_is_named_by_its_key_path(string oldText, string newText, string expected)
    {
        var errors = Fails(Valid.Replace(oldText, newText, StringComparison.Ordinal));

        Assert.Equal(expected, Assert.Single(errors));
    }

    [Fact]
    public void Whole_number_and_boolean_accept_a_sign_and_the_capitalised_spellings()
    {
        var (sample, errors) = SampleSchema.Read(Valid.Replace("count: 3", "count: +10", StringComparison.Ordinal).Replace("enabled: true", "enabled: FALSE", StringComparison.Ordinal));

        Assert.Empty(errors);
        Assert.Equal((10, false), (sample!.Count, sample.Enabled));
    }

    [Fact]
    public void Invalid_yaml_is_the_only_error_with_the_parser_position()
    {
        var errors = Fails(Valid.Replace("name: kitchen", "name: 'kitchen", StringComparison.Ordinal));

        Assert.Equal("invalid YAML: While scanning a quoted scalar, found unexpected end of stream. (line 1, column 7)", Assert.Single(errors));
    }

    [Fact]
    public void Unclosed_flow_list_is_invalid_yaml_placed_at_the_last_good_token()
    {
        var errors = Fails(Valid.Replace("items: [a, b]", "items: [a, b\ncolor: red", StringComparison.Ordinal));

        Assert.Equal("invalid YAML: cannot scan the text after this point (an unclosed '[' or '{'?) (line 6, column 10)", Assert.Single(errors));
    }

    [Fact]
    public void Empty_file_is_the_error_the_schema_gives_for_it()
    {
        Assert.Equal("name: required key is missing (the file has no YAML content)", Assert.Single(Fails("# nothing\n")));
    }

    [Fact]
    public void Second_document_is_refused_at_its_start()
    {
        Assert.Equal("only one YAML document is allowed, found a second one (line 10, column 1)", Assert.Single(Fails(Valid + "\n---\nname: other")));
    }

    [Fact]
    public void Key_that_is_not_a_single_value_is_refused()
    {
        var errors = Fails(Valid + "\n[a]: b");

        Assert.Equal("expected a mapping of name, count, ratio, enabled, color, items, limits, labels, found a key that is a list (line 9, column 1)", Assert.Single(errors));
    }

    [Fact]
    public void Alias_repeats_its_anchor_and_an_alias_without_one_is_invalid_yaml()
    {
        var (sample, _) = SampleSchema.Read(Valid.Replace("name: kitchen", "name: &room kitchen", StringComparison.Ordinal).Replace("items: [a, b]", "items: [*room]", StringComparison.Ordinal));

        Assert.Equal("kitchen", Assert.Single(sample!.Items));
        Assert.Equal("invalid YAML: alias '*room' refers to no anchor defined before it (line 6, column 9)", Assert.Single(Fails(Valid.Replace("items: [a, b]", "items: [*room]", StringComparison.Ordinal))));
    }

    [Fact]
    public void Named_values_come_in_name_order_and_a_refused_name_or_value_is_named_by_its_key_path()
    {
        var (sample, _) = SampleSchema.Read(Valid + "\nlabels: {zone: east, floor: '2'}");
        var errors = Fails(Valid + "\nlabels: {Zone: east, floor: [2]}");

        Assert.Equal([new("floor", "2"), new("zone", "east")], sample!.Labels);
        Assert.Equal(
            [
                "labels.Zone: 'Zone' is not lowercase (line 9, column 10)",
                "labels.floor: expected a single value, found a list (line 9, column 29)",
            ],
            errors);
    }

    private static IReadOnlyList<string> Fails(string yaml)
    {
        var (sample, errors) = SampleSchema.Read(yaml);
        Assert.Null(sample);
        return errors;
    }

    private enum SampleColor
    {
        Red,
        Green,
        Blue,
    }

    private sealed record Sample(string Name, int Count, double Ratio, bool Enabled, SampleColor Color, IReadOnlyList<string> Items, int Max)
    {
        public IReadOnlyDictionary<string, string> Labels { get; init; } = ReadOnlyDictionary<string, string>.Empty;
    }

    /// <summary>A schema with one key of each kind the kit reads.</summary>
    private sealed class SampleSchema : ConfigurationReader
    {
        private static readonly string[] Required = ["name", "count", "ratio", "enabled", "color", "items", "limits"];
        private static readonly string[] Keys = [.. Required, "labels"];
        private static readonly (string, SampleColor)[] Colors = [("red", SampleColor.Red), ("green", SampleColor.Green), ("blue", SampleColor.Blue)];

        public static (Sample? Sample, IReadOnlyList<string> Errors) Read(string yaml)
        {
            var schema = new SampleSchema();
            var sample = schema.ReadDocument(yaml);
            return (schema.Errors.Count == 0 ? sample : null, schema.Errors);
        }

        private Sample? ReadDocument(string yaml)
        {
            var keys = Root(yaml, "name", "required key is missing (the file has no YAML content)") is { } root
                ? Mapping(root, "", Keys, Required, $"a mapping of {string.Join(", ", Keys)}")
                : null;
            if (keys is null)
            {
                return null;
            }

            var name = Value(keys, "", "name", Text);
            var count = Value(keys, "", "count", (n, p) => WholeNumber(n, p, 1, 10));
            var ratio = Value(keys, "", "ratio", (n, p) => Number(n, p, 0, 1));
            var enabled = Value(keys, "", "enabled", Boolean);
            var color = Value(keys, "", "color", (n, p) => OneOf(n, p, "color", Colors));
            var items = Value(keys, "", "items", (n, p) => Items(n, p, "a list of items", "must list at least one item", Text));
            var max = Value(keys, "", "limits", (n, p) => Mapping(n, p, ["max"], ["max"], "a mapping of max") is { } limits
                ? Value(limits, p, "max", (n2, p2) => WholeNumber(n2, p2, 1, 10))
                : null);
            var labels = keys.ContainsKey("labels")
                ? Value(keys, "", "labels", (n, p) => NamedValues(n, p, "a mapping of label to text", label => label.All(char.IsAsciiLetterLower) ? null : $"'{label}' is not lowercase", (_, v, vp) => Text(v, vp)))
                : ReadOnlyDictionary<string, string>.Empty;
            return name is null || count is null || ratio is null || enabled is null || color is null || items is null || max is null || labels is null
                ? null
                : new Sample(name, count.Value, ratio.Value, enabled.Value, color.Value, items, max.Value) { Labels = labels };
        }
    }
}
