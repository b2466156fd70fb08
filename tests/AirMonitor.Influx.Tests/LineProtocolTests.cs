using System.Buffers;
using System.Text;

namespace AirMonitor.Influx.Tests;

public sealed class LineProtocolTests
{
    private static InfluxPoint Point(string measurement = "air", (string Key, string Value)[]? tags = null, (string Key, FieldValue Value)[]? fields = null, long time = 1_700_000_000_000) =>
        new(
            measurement,
            (tags ?? []).Select(t => KeyValuePair.Create(t.Key, t.Value)).ToList(),
            (fields ?? [("v", 1.5)]).Select(f => KeyValuePair.Create(f.Key, f.Value)).ToList(),
            time);

    private static string Format(InfluxPoint point) => LineProtocol.Format(point);

    [Fact]
    public void Writes_measurement_tags_fields_and_time_in_milliseconds()
    {
        var line = Format(Point("air", [("station", "s1"), ("device", "d1")], [("pm25", 12.5), ("count", 3L), ("ok", true), ("note", "fine")], 1_700_000_000_123));
        Assert.Equal("air,device=d1,station=s1 pm25=12.5,count=3i,ok=true,note=\"fine\" 1700000000123", line);
    }

    [Fact]
    public void Measurement_escapes_comma_and_space_but_not_equals_or_quote()
    {
        Assert.Equal("a\\ b\\,c=d\"e v=1.5 1", Format(Point("a b,c=d\"e", time: 1)));
    }

    [Fact]
    public void Tag_keys_and_values_escape_comma_equals_and_space()
    {
        Assert.Equal("m,a\\ b\\,c\\=d=x\\ y\\,z\\=w v=1.5 1", Format(Point("m", [("a b,c=d", "x y,z=w")], time: 1)));
    }

    [Fact]
    public void Tag_values_keep_quotes_and_inner_backslashes_as_they_are()
    {
        Assert.Equal("m,t=say\"hi\"\\there v=1.5 1", Format(Point("m", [("t", "say\"hi\"\\there")], time: 1)));
    }

    [Fact]
    public void Backslash_before_an_ordinary_character_is_written_as_it_is()
    {
        Assert.Equal("m\\x,t\\k=a\\b\\\\c f\\g=1.5 1", Format(Point("m\\x", [("t\\k", "a\\b\\\\c")], [("f\\g", 1.5)], time: 1)));
    }

    [Theory]
    [InlineData("a\\,b", ',')]
    [InlineData("a\\=b", '=')]
    [InlineData("a\\ b", ' ')]
    public void Backslash_before_a_character_escaped_in_tags_is_rejected_naming_the_tag(string value, char next)
    {
        var e = Assert.Throws<ArgumentException>(() => Format(Point("m", [("station", value)])));
        Assert.Equal($"Tag 'station' value has a backslash before '{next}', which InfluxDB cannot read back unambiguously", e.Message);
    }

    [Fact]
    public void Backslash_before_a_double_quote_is_rejected_in_field_keys_but_kept_in_tag_values()
    {
        Assert.Contains("has a backslash before '\"'", Assert.Throws<ArgumentException>(() => Format(Point("m", fields: [("a\\\"b", 1.0)]))).Message, StringComparison.Ordinal);
        Assert.Equal("m,t=a\\\"b v=1.5 1", Format(Point("m", [("t", "a\\\"b")], time: 1)));
    }

    [Theory]
    [InlineData("a\\,b")]
    [InlineData("a\\ b")]
    [InlineData("a\\=b")]
    [InlineData("a\\\"b")]
    public void Backslash_before_a_character_influx_unescapes_in_measurements_is_rejected(string measurement)
    {
        Assert.Contains("has a backslash before", Assert.Throws<ArgumentException>(() => Format(Point(measurement))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Field_keys_escape_comma_equals_space_and_double_quote()
    {
        Assert.Equal("m a\\ b\\,c\\=d\\\"e=1.5 1", Format(Point("m", fields: [("a b,c=d\"e", 1.5)], time: 1)));
    }

    [Fact]
    public void String_field_values_escape_double_quote_and_backslash_only()
    {
        Assert.Equal("m s=\"a \\\"quoted\\\" \\\\path\\\\, x=y\" 1", Format(Point("m", fields: [("s", "a \"quoted\" \\path\\, x=y")], time: 1)));
    }

    [Fact]
    public void String_field_value_may_end_with_a_backslash()
    {
        Assert.Equal("m s=\"dir\\\\\" 1", Format(Point("m", fields: [("s", "dir\\")], time: 1)));
    }

    [Fact]
    public void Empty_string_field_value_is_written_as_empty_quotes()
    {
        Assert.Equal("m s=\"\" 1", Format(Point("m", fields: [("s", "")], time: 1)));
    }

    [Theory]
    [InlineData(0L, "0i")]
    [InlineData(-42L, "-42i")]
    [InlineData(long.MaxValue, "9223372036854775807i")]
    [InlineData(long.MinValue, "-9223372036854775808i")]
    public void Integers_get_the_i_suffix(long value, string expected)
    {
        Assert.Equal($"m n={expected} 1", Format(Point("m", fields: [("n", value)], time: 1)));
    }

    [Fact]
    public void Int_literal_converts_to_an_integer_field()
    {
        FieldValue value = 5;
        Assert.Equal(FieldValueKind.Integer, value.Kind);
        Assert.Equal("5i", value.ToString());
    }

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(1.0 / 3.0, "0.3333333333333333")]
    [InlineData(123456789.125, "123456789.125")]
    [InlineData(1e20, "1E+20")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(double.MaxValue, "1.7976931348623157E+308")]
    [InlineData(double.Epsilon, "5E-324")]
    [InlineData(-0.0, "-0")]
    public void Floats_use_the_shortest_round_trip_invariant_form(double value, string expected)
    {
        var line = Format(Point("m", fields: [("f", value)], time: 1));
        Assert.Equal($"m f={expected} 1", line);
        Assert.Equal(value, double.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Booleans_are_true_and_false()
    {
        Assert.Equal("m a=true,b=false 1", Format(Point("m", fields: [("a", true), ("b", false)], time: 1)));
    }

    [Fact]
    public void Tags_are_sorted_by_key_ordinally()
    {
        Assert.Equal("m,A=1,B=2,a=3,b=4 v=1.5 1", Format(Point("m", [("b", "4"), ("a", "3"), ("B", "2"), ("A", "1")], time: 1)));
    }

    [Fact]
    public void Tags_with_empty_values_are_left_out()
    {
        Assert.Equal("m,b=2 v=1.5 1", Format(Point("m", [("a", ""), ("b", "2")], time: 1)));
    }

    [Fact]
    public void Negative_times_before_1970_are_written()
    {
        Assert.Equal("m v=1.5 -1000", Format(Point("m", time: -1000)));
    }

    [Fact]
    public void Unicode_is_written_as_utf8()
    {
        var buffer = new ArrayBufferWriter<byte>();
        LineProtocol.Append(Point("luft", [("ort", "Zürich 🌫")], [("note", "µg/m³")], 1), buffer);
        Assert.Equal("luft,ort=Zürich\\ 🌫 note=\"µg/m³\" 1", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Theory]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    public void Line_break_in_a_tag_value_is_rejected_naming_the_tag(string value)
    {
        var e = Assert.Throws<ArgumentException>(() => Format(Point("m", [("station", value)])));
        Assert.Contains("Tag 'station' value contains a line break", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_break_in_measurement_tag_key_field_key_or_string_value_is_rejected()
    {
        Assert.Contains("Measurement 'a\nb'", Assert.Throws<ArgumentException>(() => Format(Point("a\nb"))).Message, StringComparison.Ordinal);
        Assert.Contains("Tag key 'k\r'", Assert.Throws<ArgumentException>(() => Format(Point("m", [("k\r", "v")]))).Message, StringComparison.Ordinal);
        Assert.Contains("Field key 'f\n'", Assert.Throws<ArgumentException>(() => Format(Point("m", fields: [("f\n", 1.0)]))).Message, StringComparison.Ordinal);
        Assert.Contains("Field 'note' string value contains a line break", Assert.Throws<ArgumentException>(() => Format(Point("m", fields: [("note", "x\ny 2\nair v=1 1")]))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_backslash_in_a_tag_value_is_rejected_naming_the_tag()
    {
        var e = Assert.Throws<ArgumentException>(() => Format(Point("m", [("path", "C:\\")])));
        Assert.Equal("Tag 'path' value ends with a backslash, which line protocol reads as escaping the delimiter after it", e.Message);
    }

    [Fact]
    public void Trailing_backslash_in_measurement_tag_key_or_field_key_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => Format(Point("m\\")));
        Assert.Throws<ArgumentException>(() => Format(Point("m", [("k\\", "v")])));
        Assert.Throws<ArgumentException>(() => Format(Point("m", fields: [("f\\", 1.0)])));
    }

    [Fact]
    public void Point_without_fields_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Format(new InfluxPoint("air", [], [], 1)));
        Assert.Equal("Point of measurement 'air' has no fields; InfluxDB requires at least one", e.Message);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Non_finite_floats_are_rejected_when_made_into_a_field_value(double value)
    {
        var e = Assert.Throws<ArgumentException>(() => (FieldValue)value);
        Assert.Contains("is not finite", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_field_value_is_rejected_naming_the_field()
    {
        var e = Assert.Throws<ArgumentException>(() => Format(Point("m", fields: [("v", default)])));
        Assert.Contains("Field 'v'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_names_comment_measurements_and_time_keys_are_rejected()
    {
        Assert.Equal("The measurement is empty", Assert.Throws<ArgumentException>(() => Format(Point(""))).Message);
        Assert.Contains("starts with '#'", Assert.Throws<ArgumentException>(() => Format(Point("#air"))).Message, StringComparison.Ordinal);
        Assert.Contains("Tag key is empty", Assert.Throws<ArgumentException>(() => Format(Point("m", [("", "v")]))).Message, StringComparison.Ordinal);
        Assert.Contains("Field key is empty", Assert.Throws<ArgumentException>(() => Format(Point("m", fields: [("", 1.0)]))).Message, StringComparison.Ordinal);
        Assert.Contains("Tag key 'time'", Assert.Throws<ArgumentException>(() => Format(Point("m", [("time", "v")]))).Message, StringComparison.Ordinal);
        Assert.Contains("Field key 'time'", Assert.Throws<ArgumentException>(() => Format(Point("m", fields: [("time", 1.0)]))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Measurement_or_field_key_starting_with_tab_or_nul_is_rejected()
    {
        Assert.Equal("Measurement '\tair' starts with a tab or NUL, which InfluxDB skips as whitespace", Assert.Throws<ArgumentException>(() => Format(Point("\tair"))).Message);
        Assert.Equal("Field key '\0v' starts with a tab or NUL, which InfluxDB skips as whitespace", Assert.Throws<ArgumentException>(() => Format(Point("m", fields: [("\0v", 1.0)]))).Message);
        Assert.Equal("m,t=\tx v\t=1.5 1", Format(Point("m", [("t", "\tx")], [("v\t", 1.5)], time: 1)));
    }

    [Fact]
    public void Duplicate_tag_or_field_keys_are_rejected()
    {
        Assert.Equal("Duplicate tag key 'a' (measurement 'm')", Assert.Throws<ArgumentException>(() => Format(Point("m", [("a", "1"), ("a", "2")]))).Message);
        Assert.Equal("Duplicate field key 'f' (measurement 'm')", Assert.Throws<ArgumentException>(() => Format(Point("m", fields: [("f", 1.0), ("f", 2.0)]))).Message);
    }

    [Fact]
    public void Unpaired_surrogate_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Format(Point("m", [("t", "a\uD800b")])));
        Assert.Contains("unpaired UTF-16 surrogate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Time_outside_influx_range_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => Format(Point("m", time: LineProtocol.MaxTimestampMs + 1)));
        Assert.Throws<ArgumentException>(() => Format(Point("m", time: LineProtocol.MinTimestampMs - 1)));
        Assert.Equal($"m v=1.5 {LineProtocol.MaxTimestampMs}", Format(Point("m", time: LineProtocol.MaxTimestampMs)));
    }

    [Fact]
    public void Rejected_point_writes_nothing_to_the_buffer()
    {
        var buffer = new ArrayBufferWriter<byte>();
        Assert.Throws<ArgumentException>(() => LineProtocol.Append(Point("air", [("a", "ok"), ("b", "bad\n")]), buffer));
        Assert.Equal(0, buffer.WrittenCount);
    }

    [Fact]
    public void Append_and_Format_produce_the_same_text()
    {
        var point = Point("air quality", [("station", "Nord, 2")], [("pm25", 3.25), ("label", "a\"b")], 42);
        var buffer = new ArrayBufferWriter<byte>();
        LineProtocol.Append(point, buffer);
        Assert.Equal(Format(point), Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Field_values_convert_implicitly_and_compare_by_kind_and_value()
    {
        FieldValue d = 1.0, l = 1L, b = true, s = "1";
        Assert.Equal((FieldValueKind.Float, 1.0), (d.Kind, d.AsDouble()));
        Assert.Equal((FieldValueKind.Integer, 1L), (l.Kind, l.AsInt64()));
        Assert.Equal((FieldValueKind.Boolean, true), (b.Kind, b.AsBoolean()));
        Assert.Equal((FieldValueKind.String, "1"), (s.Kind, s.AsString()));
        Assert.NotEqual(d, l);
        Assert.Equal(new FieldValue("1"), s);
        Assert.Throws<InvalidOperationException>(() => d.AsInt64());
    }
}
