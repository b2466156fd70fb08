using System.Text;
using System.Text.Json;
using AirMonitor.AirQuality.Alerts;
using CsCheck;

namespace AirMonitor.AirQuality.Tests.Alerts;

public class AlertJsonTests
{
    private static readonly DateTimeOffset FiredAt = DateTimeOffset.FromUnixTimeSeconds(1_763_776_800); // 2025-11-22T02:00:00Z

    private static readonly AlertEvent Firing = new(
        Id: "pm25-1h-warning/bkk-dindaeng/1763776800",
        Rule: "pm25-1h-warning",
        Station: "bkk-dindaeng",
        Subject: "bkk-dindaeng",
        State: AlertState.Firing,
        Severity: AlertSeverity.Warning,
        Metric: "pm2_5",
        Window: "1h",
        At: FiredAt,
        FiringSince: FiredAt,
        Value: 41.3,
        Threshold: 37.5,
        ClearThreshold: 30,
        Late: false,
        NoticedAt: FiredAt.AddMilliseconds(7_250),
        Summary: "PM2.5 1-h mean 41.3 ug/m3 above 37.5");

    private const string FiringJson = """{"id":"pm25-1h-warning/bkk-dindaeng/1763776800","rule":"pm25-1h-warning","station":"bkk-dindaeng","subject":"bkk-dindaeng","state":"firing","severity":"warning","metric":"pm2_5","window":"1h","at":"2025-11-22T02:00:00Z","firingSince":"2025-11-22T02:00:00Z","value":41.3,"threshold":37.5,"clearThreshold":30,"late":false,"noticedAt":"2025-11-22T02:00:07.25Z","summary":"PM2.5 1-h mean 41.3 ug/m3 above 37.5"}""";

    private static readonly AlertEvent Resolved = Firing with
    {
        State = AlertState.Resolved,
        At = FiredAt.AddHours(3),
        Value = 28.9,
        NoticedAt = FiredAt.AddHours(3).AddSeconds(4),
        Summary = "PM2.5 1-h mean back to 28.9 µg/m³",
    };

    private static readonly AlertEvent DustCritical = Firing with
    {
        Id = "pm10-24h-critical/bkk-dindaeng/1763780400",
        Rule = "pm10-24h-critical",
        Severity = AlertSeverity.Critical,
        Metric = "pm10",
        Window = "24h",
        At = FiredAt.AddHours(1),
        FiringSince = FiredAt.AddHours(1),
        Value = 181,
        Threshold = 180,
        ClearThreshold = 150,
        Late = true,
        NoticedAt = FiredAt.AddDays(2),
        Summary = "PM10 24-h mean 181 µg/m³ above 180",
    };

    [Fact]
    public void Event_encodes_with_the_documented_field_names_and_values()
    {
        Assert.Equal(FiringJson, Encoding.UTF8.GetString(AlertJson.EncodeEvent(Firing)));
    }

    [Fact]
    public void Documented_event_json_decodes_to_its_values()
    {
        Assert.Equal(Firing, AlertJson.DecodeEvent(Encoding.UTF8.GetBytes(FiringJson)));
    }

    [Fact]
    public void Event_round_trips_with_non_ascii_text_and_sub_second_times()
    {
        var alert = Resolved with { NoticedAt = new DateTimeOffset(2025, 11, 22, 5, 0, 4, TimeSpan.Zero).AddTicks(1_234_567) };

        var decoded = AlertJson.DecodeEvent(AlertJson.EncodeEvent(alert));

        Assert.Equal(alert, decoded);
        Assert.Equal("PM2.5 1-h mean back to 28.9 µg/m³", decoded.Summary);
        Assert.Equal(alert.NoticedAt.UtcTicks, decoded.NoticedAt.UtcTicks);
    }

    [Fact]
    public void Any_event_round_trips()
    {
        var text = Gen.String[Gen.Char.AlphaNumeric, 0, 40];
        var instant = Gen.Long[0, DateTimeOffset.MaxValue.UtcTicks - 1].Select(t => new DateTimeOffset(t, TimeSpan.Zero));
        var number = Gen.Double[-1e9, 1e9];
        var gen =
            from strings in text.Array[8]
            from state in Gen.Enum<AlertState>()
            from severity in Gen.Enum<AlertSeverity>()
            from times in instant.Array[3]
            from numbers in number.Array[3]
            from late in Gen.Bool
            select new AlertEvent(
                strings[0], strings[1], strings[2], strings[3], state, severity, strings[4], strings[5],
                times[0], times[1], numbers[0], numbers[1], numbers[2], late, times[2], strings[6] + "µ³" + strings[7]);

        gen.Sample(alert => Assert.Equal(alert, AlertJson.DecodeEvent(AlertJson.EncodeEvent(alert))), iter: 500);
    }

    [Fact]
    public void States_and_severities_are_written_as_their_lowercase_tag_values()
    {
        Assert.Equal(["firing", "resolved"], Enum.GetValues<AlertState>().Select(s => s.TagValue()));
        Assert.Equal(["info", "warning", "critical"], Enum.GetValues<AlertSeverity>().Select(s => s.TagValue()));
        foreach (var state in Enum.GetValues<AlertState>())
        {
            Assert.Contains($"\"state\":\"{state.TagValue()}\"", Text(AlertJson.EncodeEvent(Firing with { State = state })), StringComparison.Ordinal);
        }

        foreach (var severity in Enum.GetValues<AlertSeverity>())
        {
            Assert.Contains($"\"severity\":\"{severity.TagValue()}\"", Text(AlertJson.EncodeEvent(Firing with { Severity = severity })), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Times_with_an_offset_are_written_in_utc()
    {
        var bangkok = TimeSpan.FromHours(7);
        var alert = Firing with { At = FiredAt.ToOffset(bangkok), FiringSince = FiredAt.ToOffset(bangkok) };

        var json = Encoding.UTF8.GetString(AlertJson.EncodeEvent(alert));

        Assert.Contains("\"at\":\"2025-11-22T02:00:00Z\",\"firingSince\":\"2025-11-22T02:00:00Z\"", json, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, AlertJson.DecodeEvent(Encoding.UTF8.GetBytes(json)).At.Offset);
    }

    [Fact]
    public void A_time_with_an_offset_decodes_to_the_same_instant_in_utc()
    {
        var json = FiringJson.Replace("\"at\":\"2025-11-22T02:00:00Z\"", "\"at\":\"2025-11-22T09:00:00+07:00\"", StringComparison.Ordinal);

        var at = AlertJson.DecodeEvent(Encoding.UTF8.GetBytes(json)).At;

        Assert.Equal(FiredAt.UtcTicks, at.UtcTicks);
        Assert.Equal(TimeSpan.Zero, at.Offset);
    }

    [Theory]
    [InlineData("\"at\":\"2025-11-22T02:00:00Z\"", "\"at\":\"2025-11-22T02:00:00\"")] // no zone: whose local time?
    [InlineData("\"at\":\"2025-11-22T02:00:00Z\"", "\"at\":1763776800")]
    [InlineData("\"state\":\"firing\"", "\"state\":\"pending\"")]
    [InlineData("\"state\":\"firing\"", "\"state\":0")]
    [InlineData("\"severity\":\"warning\"", "\"severity\":\"2\"")]
    [InlineData("\"summary\":\"PM2.5 1-h mean 41.3 ug/m3 above 37.5\"", "\"summary\":null")]
    [InlineData("\"late\":false,", "")]
    [InlineData("\"value\":41.3", "\"value\":\"41.3\"")]
    public void Malformed_event_is_refused(string member, string replacement)
    {
        var json = FiringJson.Replace(member, replacement, StringComparison.Ordinal);
        Assert.NotEqual(FiringJson, json);

        Assert.Throws<JsonException>(() => AlertJson.DecodeEvent(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Unknown_members_are_skipped_so_fields_can_be_added()
    {
        var json = FiringJson.Insert(1, "\"runbook\":\"https://example.org/pm25\",");

        Assert.Equal(Firing, AlertJson.DecodeEvent(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Station_state_nests_the_event_and_the_active_alerts()
    {
        var json = Encoding.UTF8.GetString(AlertJson.EncodeStationState(Resolved, [DustCritical]));

        var expected = $"{{\"station\":\"bkk-dindaeng\",\"event\":{Text(AlertJson.EncodeEvent(Resolved))},\"active\":[{Text(AlertJson.EncodeEvent(DustCritical))}]}}";
        Assert.Equal(expected, json);
        Assert.Contains("\"event\":{\"id\":\"pm25-1h-warning/bkk-dindaeng/1763776800\"", json, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"resolved\"", json, StringComparison.Ordinal);
        Assert.Contains("\"active\":[{\"id\":\"pm10-24h-critical/bkk-dindaeng/1763780400\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Station_state_round_trips()
    {
        var decoded = AlertJson.DecodeStationState(AlertJson.EncodeStationState(Firing, [Firing, DustCritical]));

        Assert.Equal("bkk-dindaeng", decoded.Station);
        Assert.Equal(Firing, decoded.Event);
        Assert.Equal([Firing, DustCritical], decoded.Active);
    }

    [Fact]
    public void Station_state_with_nothing_active_has_an_empty_list()
    {
        var bytes = AlertJson.EncodeStationState(Resolved, []);

        Assert.EndsWith(",\"active\":[]}", Text(bytes), StringComparison.Ordinal);
        Assert.Empty(AlertJson.DecodeStationState(bytes).Active);
        Assert.Equal(Resolved, AlertJson.DecodeStationState(bytes).Event);
    }

    [Fact]
    public void Station_state_refuses_an_active_alert_that_is_resolved_or_elsewhere()
    {
        var elsewhere = DustCritical with { Station = "bkk-silom" };

        var resolved = Assert.Throws<ArgumentException>(() => AlertJson.EncodeStationState(Firing, [DustCritical, Resolved]));
        var other = Assert.Throws<ArgumentException>(() => AlertJson.EncodeStationState(Firing, [elsewhere]));

        Assert.StartsWith("active[1] (pm25-1h-warning/bkk-dindaeng/1763776800) is resolved at station 'bkk-dindaeng'", resolved.Message, StringComparison.Ordinal);
        Assert.StartsWith("active[0] (pm10-24h-critical/bkk-dindaeng/1763780400) is firing at station 'bkk-silom', not firing at 'bkk-dindaeng'", other.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"station\":\"bkk-dindaeng\",\"event\"", "\"station\":\"bkk-silom\",\"event\"")]
    [InlineData("\"active\":[{", "\"active\":[null,{")]
    [InlineData(",\"active\":[", ",\"active\":null,\"x\":[")]
    public void Malformed_station_state_is_refused(string member, string replacement)
    {
        var valid = Text(AlertJson.EncodeStationState(Firing, [Firing]));
        var json = valid.Replace(member, replacement, StringComparison.Ordinal);
        Assert.NotEqual(valid, json);

        Assert.Throws<JsonException>(() => AlertJson.DecodeStationState(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void List_is_an_array_of_events_in_the_same_form()
    {
        var bytes = AlertJson.EncodeList([Firing, DustCritical]);

        Assert.Equal($"[{FiringJson},{Text(AlertJson.EncodeEvent(DustCritical))}]", Text(bytes));
        Assert.Equal([Firing, DustCritical], AlertJson.DecodeList(bytes));
        Assert.Empty(AlertJson.DecodeList("[]"u8));
        Assert.Throws<JsonException>(() => AlertJson.DecodeList(Encoding.UTF8.GetBytes($"[{FiringJson},null]")));
        Assert.Throws<JsonException>(() => AlertJson.DecodeList("null"u8));
    }

    private static string Text(byte[] utf8) => Encoding.UTF8.GetString(utf8);
}
