using AirMonitor.Influx.Tests.Support;
using CsCheck;

namespace AirMonitor.Influx.Tests;

/// <summary>Arbitrary names and values written to the real server and read back exactly: nothing lost, added or merged.</summary>
public sealed class EscapingPropertyTests(InfluxServerFixture influx) : IClassFixture<InfluxServerFixture>
{
    /// <summary>The characters line protocol and InfluxQL treat specially, in the combinations that trap escaping.</summary>
    private static readonly string[] Tricky =
    [
        ",", " ", "=", "\"", "'", "\\", "\\,", "\\ ", "\\=", "\\\"", "\\\\", "\t", "#", "  ", "é", "µg/m³", "🌫", "日本", "\u00A0", "\u2028", "\0", "a", "Z", "7", "-",
    ];

    /// <summary>Text of 1–8 pieces: tricky pieces or any BMP character outside the surrogate range.</summary>
    private static readonly Gen<string> Text =
        Gen.OneOf(Gen.Int[0, Tricky.Length - 1].Select(i => Tricky[i]), Gen.Char['\u0001', '\uD7FF'].Select(c => c.ToString()))
            .Array[1, 8]
            .Select(string.Concat)
            .Where(s => !s.Contains('\n', StringComparison.Ordinal) && !s.Contains('\r', StringComparison.Ordinal));

    /// <summary>What <see cref="LineProtocol"/> accepts in a position whose escaped characters are <paramref name="escaped"/>:
    /// it rejects by design a backslash at the end or before an escaped character, and the key "time".</summary>
    private static Gen<string> Accepted(string escaped) =>
        Text.Where(s => s != "time" && !s.EndsWith('\\') && !Enumerable.Range(0, s.Length - 1).Any(i => s[i] == '\\' && escaped.Contains(s[i + 1], StringComparison.Ordinal)));

    private static readonly Gen<string> TagText = Accepted(",= ");

    /// <summary>Measurement and field key: also no leading tab or NUL (rejected by design: InfluxDB skips them).</summary>
    private static readonly Gen<string> NameText = Accepted(",= \"").Where(s => s[0] is not ('\t' or '\0'));

    private static long _time = 1_600_000_000_000;

    [Fact]
    public async Task Arbitrary_tag_values_and_string_fields_are_read_back_exactly_with_no_extra_series_tags_or_points()
    {
        var db = await influx.CreateDatabaseAsync();
        var client = new InfluxWriteClient(influx.Http, influx.Options(db));
        var query = influx.QueryClient(db);
        var reading = Gen.Select(TagText, TagText, TagText, Text, Gen.Double[-1e6, 1e6]);

        await reading.Array[1, 10].SampleAsync(
            async readings =>
            {
                var first = Interlocked.Add(ref _time, readings.Length) - readings.Length + 1;
                var points = readings.Select((r, i) => new InfluxPoint(
                    "air",
                    [new("device", r.Item1), new("station", r.Item2), new("district", r.Item3)],
                    [new("note", r.Item4), new("pm25", r.Item5)],
                    first + i)).ToList();

                await client.WriteAsync(points);

                var series = await query.QueryAsync($"SELECT * FROM air WHERE time >= {first}ms AND time < {first + points.Count}ms GROUP BY *");
                var expected = points.GroupBy(p => (p.Tags[0].Value, p.Tags[1].Value, p.Tags[2].Value)).ToList();
                Assert.Equal(expected.Count, series.Count);
                foreach (var group in expected)
                {
                    var tags = new Dictionary<string, string> { ["device"] = group.Key.Item1, ["station"] = group.Key.Item2, ["district"] = group.Key.Item3 };
                    var s = Assert.Single(series, s => s.Tags.Count == 3 && s.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).SequenceEqual(tags.OrderBy(t => t.Key, StringComparer.Ordinal)));
                    Assert.Equal("air", s.Name);
                    Assert.Equal(["time", "note", "pm25"], s.Columns);
                    Assert.Equal(group.Select(p => p.TimestampMs).Cast<long?>(), s.GetInt64s("time"));
                    Assert.Equal(group.Select(p => p.Fields[0].Value.AsString()), s.GetStrings("note"));
                    Assert.Equal(group.Select(p => p.Fields[1].Value.AsDouble()).Cast<double?>(), s.GetDoubles("pm25"));
                }
            },
            iter: 200,
            threads: 1);

        var tagKeys = Assert.Single(await query.QueryAsync("SHOW TAG KEYS FROM air"));
        Assert.Equal(["device", "district", "station"], tagKeys.GetStrings("tagKey"));
    }

    [Fact]
    public async Task Arbitrary_measurement_tag_key_and_field_key_names_are_read_back_exactly()
    {
        var db = await influx.CreateDatabaseAsync();
        var client = new InfluxWriteClient(influx.Http, influx.Options(db));
        var query = influx.QueryClient(db);
        var iteration = 0;
        var names = Gen.Select(NameText.Where(s => !s.Contains('\0', StringComparison.Ordinal)), TagText, TagText, NameText)
            .Where(n => n.Item2 != n.Item4); // InfluxQl.QuoteIdentifier refuses NUL: InfluxQL cannot name such a measurement

        await names.SampleAsync(
            async (measurementTail, tagKey, tagValue, fieldKey) =>
            {
                // a unique prefix keeps each iteration's measurement apart; the generated text is its tail
                var measurement = $"m{Interlocked.Increment(ref iteration)}{measurementTail}";
                await client.WriteAsync([new InfluxPoint(measurement, [new(tagKey, tagValue)], [new(fieldKey, 42L)], 1000)]);

                var s = Assert.Single(await query.QueryAsync($"SELECT * FROM {InfluxQl.QuoteIdentifier(measurement)} GROUP BY *"));
                Assert.Equal(measurement, s.Name);
                Assert.Equal(new Dictionary<string, string> { [tagKey] = tagValue }, s.Tags);
                Assert.Equal(["time", fieldKey], s.Columns);
                Assert.Equal([42L], s.GetInt64s(fieldKey));
            },
            iter: 200,
            threads: 1);
    }
}
