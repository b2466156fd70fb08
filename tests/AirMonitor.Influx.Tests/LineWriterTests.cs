using System.Text;
using CsCheck;

namespace AirMonitor.Influx.Tests;

public sealed class LineWriterTests
{
    private const string Measurement = "air quality";
    private static readonly byte[] SeriesKey = LineProtocol.EncodeSeriesKey(Measurement, [new("device", "d1")]);

    private static string Text(LineWriter lines) => Encoding.UTF8.GetString(lines.WrittenSpan);

    private static InfluxPoint Point(IEnumerable<(string Key, string Value)> moreTags, params (string Key, FieldValue Value)[] fields) =>
        new(Measurement, [new("device", "d1"), .. moreTags.Select(t => KeyValuePair.Create(t.Key, t.Value))], fields.Select(f => KeyValuePair.Create(f.Key, f.Value)).ToList(), 1_700_000_000_000);

    [Fact]
    public void Fast_path_writes_the_same_bytes_as_the_point_path()
    {
        var point = new InfluxPoint(
            "air quality,x",
            [new("station", "Nord, 2"), new("device", "d=1"), new("zone", ""), new("unit", "µg/m³")],
            [new("pm2_5", 12.25), new("count", 7L), new("ok", true), new("note", "a \"b\" \\c 🌫"), new("odd key,=\"", 0.1 + 0.2), new("big", 1e20)],
            1_700_000_000_123);
        using var viaPoint = new LineWriter();
        viaPoint.Point(point);
        viaPoint.Point(point with { TimestampMs = 1 });

        using var fast = new LineWriter();
        var key = LineProtocol.EncodeSeriesKey("air quality,x", [new("station", "Nord, 2"), new("device", "d=1")]);
        foreach (var time in (long[])[1_700_000_000_123, 1])
        {
            fast.Series(key);
            fast.Tag("unit", "µg/m³");
            fast.Tag("zone", "");
            fast.Field("pm2_5", 12.25);
            fast.Field("count", 7L);
            fast.Field("ok", true);
            fast.Field("note", "a \"b\" \\c 🌫");
            fast.Field("odd key,=\"", 0.1 + 0.2);
            fast.Field("big", 1e20);
            fast.End(time);
        }

        Assert.Equal(Text(viaPoint), Text(fast));
        Assert.Equal(LineProtocol.Format(point) + "\n" + LineProtocol.Format(point with { TimestampMs = 1 }) + "\n", Text(fast));
        Assert.Equal((2, 2), (viaPoint.Points, fast.Points));
    }

    [Fact]
    public void Series_key_is_the_escaped_measurement_and_non_empty_tags_in_key_order()
    {
        var key = LineProtocol.EncodeSeriesKey("air q", [new("b", "2 3"), new("zone", ""), new("a", "x,y=z")]);
        Assert.Equal("air\\ q,a=x\\,y\\=z,b=2\\ 3", Encoding.UTF8.GetString(key));
    }

    [Theory]
    [InlineData("")]
    [InlineData("#air")]
    [InlineData("\tair")]
    [InlineData("a\\,b")]
    [InlineData("air\n")]
    public void Series_key_refuses_a_measurement_as_the_point_path_does(string measurement)
    {
        var expected = Assert.Throws<ArgumentException>(() => LineProtocol.Format(new InfluxPoint(measurement, [], [new("v", 1.0)], 1))).Message;
        Assert.Equal(expected, Assert.Throws<ArgumentException>(() => LineProtocol.EncodeSeriesKey(measurement, [])).Message);
    }

    public static TheoryData<string, InfluxPoint, Action<LineWriter>> Invalid => new()
    {
        { "tag key time", Point([("time", "v")], ("v", 1.0)), w => w.Tag("time", "v") },
        { "empty tag key", Point([("", "v")], ("v", 1.0)), w => w.Tag("", "v") },
        { "line break in a tag value", Point([("station", "x\ny")], ("v", 1.0)), w => w.Tag("station", "x\ny") },
        { "tag value ending with a backslash", Point([("path", "C:\\")], ("v", 1.0)), w => w.Tag("path", "C:\\") },
        { "backslash before a comma in a tag value", Point([("station", "a\\,b")], ("v", 1.0)), w => w.Tag("station", "a\\,b") },
        { "null tag value", Point([("station", null!)], ("v", 1.0)), w => w.Tag("station", null!) },
        { "tag key already in the series key", Point([("device", "d2")], ("v", 1.0)), w => w.Tag("device", "d2") },
        { "tag key given twice", Point([("zone", "a"), ("zone", "b")], ("v", 1.0)), w => { w.Tag("zone", "a"); w.Tag("zone", "b"); } },
        { "field key time", Point([], ("time", 1.0)), w => w.Field("time", 1.0) },
        { "empty field key", Point([], ("", 1.0)), w => w.Field("", 1.0) },
        { "field key starting with a tab", Point([], ("\tv", 1.0)), w => w.Field("\tv", 1.0) },
        { "field key ending with a backslash", Point([], ("f\\", 1.0)), w => w.Field("f\\", 1.0) },
        { "backslash before a quote in a field key", Point([], ("a\\\"b", 1.0)), w => w.Field("a\\\"b", 1.0) },
        { "line break in a field key", Point([], ("f\n", 1.0)), w => w.Field("f\n", 1.0) },
        { "line break in a string field", Point([], ("note", "x\ny 2\nair v=1 1")), w => w.Field("note", "x\ny 2\nair v=1 1") },
        { "unpaired surrogate in a string field", Point([], ("note", "a\uD800")), w => w.Field("note", "a\uD800") },
        { "default field value", Point([], ("v", default)), w => w.Field("v", default(FieldValue)) },
        { "field key given twice", Point([], ("f", 1.0), ("f", 2L)), w => { w.Field("f", 1.0); w.Field("f", 2L); } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Fast_path_refuses_what_the_point_path_refuses_with_the_same_message(string problem, InfluxPoint point, Action<LineWriter> write)
    {
        var expected = Assert.Throws<ArgumentException>(() => LineProtocol.Format(point)).Message;
        using var lines = new LineWriter();

        var e = Assert.Throws<ArgumentException>(() =>
        {
            lines.Series(SeriesKey);
            write(lines);
            lines.Field("last", 1.0);
            lines.End(point.TimestampMs);
        });

        Assert.True(expected == e.Message, $"{problem}: expected \"{expected}\", got \"{e.Message}\"");
        Assert.Equal(0, lines.Points);
    }

    [Fact]
    public void Fast_path_refuses_a_line_without_fields_or_outside_influx_time_as_the_point_path_does()
    {
        using var lines = new LineWriter();
        lines.Series(SeriesKey);
        Assert.Equal("Point of measurement 'air quality' has no fields; InfluxDB requires at least one", Assert.Throws<ArgumentException>(() => lines.End(1)).Message);

        var late = Point([], ("v", 1.0)) with { TimestampMs = LineProtocol.MaxTimestampMs + 1 };
        lines.Field("v", 1.0);
        Assert.Equal(
            Assert.Throws<ArgumentException>(() => LineProtocol.Format(late)).Message,
            Assert.Throws<ArgumentException>(() => lines.End(late.TimestampMs)).Message);
        Assert.Equal(0, lines.Points);
    }

    [Fact]
    public void Lines_must_be_started_ended_and_ordered_tags_before_fields()
    {
        using var lines = new LineWriter();
        Assert.Throws<InvalidOperationException>(() => lines.Field("v", 1.0));
        Assert.Throws<InvalidOperationException>(() => lines.End(1));
        Assert.Throws<ArgumentException>(() => lines.Series("air v=1 1\nair"u8));
        lines.Series(SeriesKey);
        lines.Field("v", 1.0);
        Assert.Throws<InvalidOperationException>(() => lines.Tag("late", "x"));
        Assert.Throws<InvalidOperationException>(() => lines.Series(SeriesKey));
        Assert.Throws<InvalidOperationException>(() => lines.Point(Point([], ("v", 1.0))));
        lines.End(5);

        Assert.Equal("air\\ quality,device=d1 v=1 5\n", Text(lines));
    }

    [Fact]
    public void Rejected_point_writes_nothing()
    {
        using var lines = new LineWriter();
        lines.Point(Point([], ("v", 1.0)));
        Assert.Throws<ArgumentException>(() => lines.Point(Point([("a", "ok"), ("b", "bad\n")], ("v", 1.0))));
        Assert.Equal((1, LineProtocol.Format(Point([], ("v", 1.0))) + "\n"), (lines.Points, Text(lines)));
    }

    [Fact]
    public void Any_text_gives_the_fast_path_and_the_point_path_the_same_bytes_or_the_same_refusal()
    {
        string[] tricky = [",", " ", "=", "\"", "\\", "\\,", "\\ ", "\\=", "\\\"", "\t", "\0", "\n", "\r", "\uD800", "🌫", "time", "é", "a", "Z"];
        var text = Gen.OneOf(Gen.Int[0, tricky.Length - 1].Select(i => tricky[i]), Gen.Char['\u0001', '\u00FF'].Select(c => c.ToString()))
            .Array[0, 5]
            .Select(string.Concat);
        var time = Gen.OneOf(Gen.Long[0, 2_000_000_000_000], Gen.Const(LineProtocol.MaxTimestampMs + 1));

        Gen.Select(text, text, text, text, text, Gen.Double[-1e9, 1e9], time).Sample((device, tagKey, tagValue, fieldKey, note, value, ts) =>
        {
            // Tags after the series key are written in call order: a key after "device" keeps both paths' order alike.
            var laterTag = "~" + tagKey;
            var point = new InfluxPoint("air", [new("device", device), new(laterTag, tagValue)], [new(fieldKey, value), new("note", note)], ts);
            string? pointResult;
            try
            {
                pointResult = LineProtocol.Format(point) + "\n";
            }
            catch (ArgumentException)
            {
                pointResult = null;
            }

            using var lines = new LineWriter();
            string? fastResult;
            try
            {
                lines.Series(LineProtocol.EncodeSeriesKey("air", [new("device", device)]));
                lines.Tag(laterTag, tagValue);
                lines.Field(fieldKey, value);
                lines.Field("note", note);
                lines.End(ts);
                fastResult = Text(lines);
            }
            catch (ArgumentException)
            {
                fastResult = null;
            }

            Assert.Equal(pointResult, fastResult);
        }, iter: 20_000);
    }
}
