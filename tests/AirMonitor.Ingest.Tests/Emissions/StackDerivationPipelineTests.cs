using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AirMonitor.Core.Contract;
using AirMonitor.Testing;
using AirMonitor.Testing.Pipeline;
using Xunit.Abstractions;

namespace AirMonitor.Ingest.Tests.Emissions;

/// <summary>
/// A week of a plant's analysers, one sample a minute each, sent as devices send it (readings messages through Mosquitto),
/// derived by the ingest and read back from InfluxDB: <c>emission_sta</c> and <c>emission_daily</c> against values worked by
/// hand (python3) from the generated data.
/// </summary>
/// <remarks>
/// Both devices cover [2025-01-12T15:00Z, 2025-01-19T23:00Z): Tokyo's 13–19 January and 8 hours of the 20th, Berlin's
/// 13–19 January and 8 hours of the 12th. EU stack <c>eu-1</c> (Berlin, flow m³N/h dry): NOx 60 ppm, O2 13 %, flow
/// 100 000, plant operating, except (day d = Berlin day from 13 January, k its half-hour): d1 NOx maintenance k 16–20;
/// d2 O2 malfunction k 30–35; d3 off k 0–5, start-up k 6–9; d4 NOx 200 ppm k 24–27 (half-hourly exceedance); d5 NOx 120 ppm
/// (daily exceedance); d6 no NOx samples k 40–41. Japan stack <c>jp-1</c> (no flow meter, no plant state): NOx 100 ppm,
/// O2 15 %, except (Tokyo day d, hour h) d2 NOx malfunction h 0–19; d4 NOx 200 ppm h 10–11 (above 250 ppm at 12 %).
/// </remarks>
[Collection(PipelineServers.Name)]
public sealed class StackDerivationPipelineTests(PipelineFixture fixture, ITestOutputHelper output)
{
    private const string JapanDevice = "jp-cems";
    private const string EuDevice = "eu-cems";
    private const long MinuteMs = 60_000;
    private const long DayMs = 86_400_000;
    private static readonly long From = Ms("2025-01-12T15:00:00Z");
    private static readonly long To = Ms("2025-01-19T23:00:00Z");
    private static readonly long BerlinDay0 = Ms("2025-01-12T23:00:00Z");
    private static readonly long TokyoDay0 = Ms("2025-01-12T15:00:00Z");

    private const string Registry = $$"""
        stations:
          - id: test-plant
            name: Test plant
            kind: plant
            city: yokohama
            district: Tsurumi-ku
            latitude: 35.5
            longitude: 139.7
            devices: [{{JapanDevice}}, {{EuDevice}}]
            stacks:
              - {id: jp-1, devices: [{{JapanDevice}}], regime: japan}
              - {id: eu-1, devices: [{{EuDevice}}], regime: eu, time_zone: Europe/Berlin, flow: normal_dry}
        """;

    // Day values are formed from the stored half-hours (4 decimals), so they are worked from the rounded values:
    // EU 60 ppm → 123.1218 mg/m³ dry, × 1.25 = 153.9023, − 40 (CI) = 113.9023, 12.3152 kg/h; 120 ppm → 307.8046, 24.6304 kg/h;
    // 200 ppm → 513.0076, 41.0507 kg/h. Japan 100 ppm at 15 % → × 1.5 = 307.8805; 200 ppm → 615.7611.
    private static readonly ExpectedDay[] Days =
    [
        new("eu-1", BerlinDay0 - DayMs, "valid", 16, 0, 0, 16, 113.9023, 1, 98.5216, 1), // 12 Jan, 16:00–24:00 only
        new("eu-1", BerlinDay0, "valid", 48, 0, 0, 48, 113.9023, 1, 295.5648, 1),
        new("eu-1", BerlinDay0 + DayMs, "valid", 43, 5, 5, 48, 113.9023, 0.8958, 264.7768, 0.8958), // five discarded: still valid
        new("eu-1", BerlinDay0 + (2 * DayMs), "too_many_discarded", 42, 6, 6, 48, null, 0.875, 295.5648, 1), // O2 lost: the mass is not
        new("eu-1", BerlinDay0 + (3 * DayMs), "valid", 38, 0, 0, 38, 113.9023, 1, 233.9888, 1), // off and start-up: 10 not operating
        new("eu-1", BerlinDay0 + (4 * DayMs), "valid", 48, 0, 0, 48, 143.8277, 1, 353.0358, 1), // (44 · 113.9023 + 4 · 473.0076) / 48
        new("eu-1", BerlinDay0 + (5 * DayMs), "valid", 48, 0, 0, 48, 267.8046, 1, 591.1296, 1), // above the 200 mg/m³ daily limit
        new("eu-1", BerlinDay0 + (6 * DayMs), "valid", 46, 2, 2, 48, 113.9023, 0.9583, 283.2496, 0.9583),
        new("jp-1", TokyoDay0, "valid", 24, 0, 0, 24, 307.8805, 1, null, null),
        new("jp-1", TokyoDay0 + DayMs, "valid", 24, 0, 0, 24, 307.8805, 1, null, null),
        new("jp-1", TokyoDay0 + (2 * DayMs), "too_short_valid_time", 4, 20, 20, 24, null, 0.1667, null, null), // 4 h < EN 17255-1's 6 h
        new("jp-1", TokyoDay0 + (3 * DayMs), "valid", 24, 0, 0, 24, 307.8805, 1, null, null),
        new("jp-1", TokyoDay0 + (4 * DayMs), "valid", 24, 0, 0, 24, 333.5372, 1, null, null), // (22 · 307.8805 + 2 · 615.7611) / 24
        new("jp-1", TokyoDay0 + (5 * DayMs), "valid", 24, 0, 0, 24, 307.8805, 1, null, null),
        new("jp-1", TokyoDay0 + (6 * DayMs), "valid", 24, 0, 0, 24, 307.8805, 1, null, null),
        new("jp-1", TokyoDay0 + (7 * DayMs), "valid", 8, 0, 0, 8, 307.8805, 1, null, null), // 20 Jan, 00:00–08:00 only
    ];

    [Fact]
    public async Task A_week_of_plant_readings_gives_the_hand_computed_periods_and_days()
    {
        var registry = Path.Combine(Directory.CreateTempSubdirectory("airmon-stacks-").FullName, "stations.yaml");
        await File.WriteAllTextAsync(registry, Registry);
        await using var ingest = await fixture.StartIngestAsync(
            $"--Ingest:RegistryPath={registry}", "--Emissions:Interval=00:00:00.200", "--Validation:MaxAge=3650.00:00:00");
        await using var japanAcks = await fixture.ListenForAcksAsync(JapanDevice);
        await using var euAcks = await fixture.ListenForAcksAsync(EuDevice);

        var clock = Stopwatch.StartNew();
        var japan = Messages(JapanDevice, JapanSamples());
        var eu = Messages(EuDevice, EuSamples());
        await Task.WhenAll(PublishAsync(JapanDevice, japan), PublishAsync(EuDevice, eu));
        await japanAcks.WaitForAsync(a => a.Stored.Count() == japan.Count, TimeSpan.FromSeconds(60));
        await euAcks.WaitForAsync(a => a.Stored.Count() == eu.Count, TimeSpan.FromSeconds(60));
        output.WriteLine($"{japan.Count + eu.Count} messages stored in {clock.ElapsedMilliseconds} ms");

        List<string> mismatches = [];
        try
        {
            await Poll.UntilAsync(async () => (mismatches = await DayMismatchesAsync(ingest)).Count == 0, TimeSpan.FromSeconds(45), "the derived days");
        }
        catch (TimeoutException)
        {
            // what is still wrong is shown below
        }

        output.WriteLine($"derived in {clock.ElapsedMilliseconds} ms");
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));

        // The short-term averages behind the days.
        var exceedance = await StaAsync(ingest, "eu-1", "stack_nox_std", "30m", BerlinDay0 + (4 * DayMs) + (24 * 1_800_000));
        Assert.Equal("valid", exceedance["status"].GetString());
        Assert.Equal(513.0076, exceedance["standardised"].GetDouble());
        Assert.Equal(473.0076, exceedance["judged"].GetDouble()); // above the 400 mg/m³ half-hourly limit
        Assert.Equal(410.4061, exceedance["dry"].GetDouble());
        Assert.Equal(41.0507, exceedance["mass"].GetDouble());
        Assert.Equal((30L, 30L), (exceedance["valid_count"].GetInt64(), exceedance["expected"].GetInt64()));

        var maintenance = await StaAsync(ingest, "eu-1", "stack_nox_std", "30m", BerlinDay0 + DayMs + (16 * 1_800_000));
        Assert.Equal(("maintenance", "missing_concentration", 30L), (maintenance["status"].GetString(), maintenance["not_standardised"].GetString(), maintenance["excluded"].GetInt64()));
        Assert.Equal(JsonValueKind.Null, maintenance["standardised"].ValueKind);

        var o2Lost = await StaAsync(ingest, "eu-1", "stack_nox_std", "30m", BerlinDay0 + (2 * DayMs) + (30 * 1_800_000));
        Assert.Equal(("malfunction", "missing_o2"), (o2Lost["status"].GetString(), o2Lost["not_standardised"].GetString()));
        Assert.Equal((123.1218, 12.3152), (o2Lost["dry"].GetDouble(), o2Lost["mass"].GetDouble()));

        var startUp = await StaAsync(ingest, "eu-1", "stack_nox_std", "30m", BerlinDay0 + (3 * DayMs) + (7 * 1_800_000));
        Assert.Equal(("not_operating", false), (startUp["status"].GetString(), startUp["operating"].GetBoolean()));

        var silent = await StaAsync(ingest, "eu-1", "stack_nox", "30m", BerlinDay0 + (6 * DayMs) + (40 * 1_800_000));
        Assert.Equal(("no_data", 0L, 30L), (silent["status"].GetString(), silent["valid_count"].GetInt64(), silent["expected"].GetInt64()));

        var japanExceedance = await StaAsync(ingest, "jp-1", "stack_nox_std", "1h", TokyoDay0 + (4 * DayMs) + (10 * 3_600_000));
        Assert.Equal(("valid", 615.7611, 615.7611), (japanExceedance["status"].GetString(), japanExceedance["standardised"].GetDouble(), japanExceedance["judged"].GetDouble()));
        Assert.Equal((60L, 60L), (japanExceedance["valid_count"].GetInt64(), japanExceedance["expected"].GetInt64()));
        Assert.Equal("malfunction", (await StaAsync(ingest, "jp-1", "stack_nox_std", "1h", TokyoDay0 + (2 * DayMs)))["status"].GetString());

        // 176 hours: 352 half-hours and 1056 ten-minute periods (the EU CO limit's) of eu-1, 176 hours of jp-1.
        var counts = await ingest.QueryAsync("""SELECT count("status") FROM "emission_sta" WHERE "channel" = 'stack_nox_std' GROUP BY "stack","period" """);
        Assert.Equal(
            ["eu-1 10m 1056", "eu-1 30m 352", "jp-1 1h 176"],
            counts.Select(s => $"{s.Tags["stack"]} {s.Tags["period"]} {s.GetInt64(0, "count")}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_half_hour_made_invalid_by_a_late_message_loses_its_value_mass_and_load()
    {
        var registry = Path.Combine(Directory.CreateTempSubdirectory("airmon-stacks-").FullName, "stations.yaml");
        await File.WriteAllTextAsync(registry, Registry);
        await using var ingest = await fixture.StartIngestAsync(
            $"--Ingest:RegistryPath={registry}", "--Emissions:Interval=00:00:00.200", "--Validation:MaxAge=3650.00:00:00");
        await using var acks = await fixture.ListenForAcksAsync(EuDevice);
        var halfHour = BerlinDay0 + (24 * 1_800_000);
        IEnumerable<string> Minutes(Func<long, IEnumerable<string>> samples) =>
            Enumerable.Range(0, 30).SelectMany(m => samples(halfHour + (m * MinuteMs)));

        // 60 ppm NOx, 13 % O2: valid, 153.9023 mg/m³, 12.3152 kg/h, 6.1576 kg in the day.
        await fixture.MosquittoPubAsync(Topics.Readings(EuDevice), Messages(EuDevice, Minutes(ts =>
            [Sample(ts, "nox", "stack_nox", 60, null), Sample(ts, "o2", "o2", 13, null), Sample(ts, "flow", "flow", 100_000, null)]))[0]);
        await Poll.UntilAsync(async () => (await ingest.QueryAsync("""SELECT "load" FROM "emission_daily" """)).Count > 0, TimeSpan.FromSeconds(20), "the first day");
        var before = await StaAsync(ingest, "eu-1", "stack_nox_std", "30m", halfHour);
        Assert.Equal(("valid", 153.9023, 12.3152), (before["status"].GetString(), before["standardised"].GetDouble(), before["mass"].GetDouble()));

        // Then the DAHS's late message: 30 more NOx values, 30 s after each, in maintenance. Sampled every 30 s the
        // half-hour expects 60 and needs 40 valid; it has 30: maintenance, without value or mass.
        var late = Minutes(ts => [Sample(ts + 30_000, "nox", "stack_nox", 60, QualityFlags.Maintenance)]);
        await fixture.MosquittoPubAsync(Topics.Readings(EuDevice), Messages(EuDevice, late, firstSeq: 2)[0]);
        await acks.WaitForAsync(a => a.Stored.Contains(2));
        await Poll.UntilAsync(
            async () => (await ingest.QueryAsync(string.Create(CultureInfo.InvariantCulture,
                $"""SELECT "status" FROM "emission_sta" WHERE "channel" = 'stack_nox_std' AND "period" = '30m' AND "status" = 'maintenance' AND time = {halfHour}ms"""))).Count == 1,
            TimeSpan.FromSeconds(20), "the maintenance half-hour");

        var after = await StaAsync(ingest, "eu-1", "stack_nox_std", "30m", halfHour);
        Assert.Equal((60L, 30L), (after["expected"].GetInt64(), after["excluded"].GetInt64()));
        Assert.Equal(JsonValueKind.Null, after["standardised"].ValueKind);
        Assert.Equal(JsonValueKind.Null, after["judged"].ValueKind);
        Assert.Equal(JsonValueKind.Null, after["mass"].ValueKind);
        await Poll.UntilAsync(
            async () => (await ingest.QueryAsync("""SELECT * FROM "emission_daily" WHERE "stack" = 'eu-1' """)) is [var day]
                && day.GetString(0, "status") == "too_short_valid_time" && day.GetDouble(0, "load") is null && day.GetDouble(0, "availability") == 0,
            TimeSpan.FromSeconds(20), "the day without its load");
    }

    private static async Task<List<string>> DayMismatchesAsync(RunningIngest ingest)
    {
        var series = await ingest.QueryAsync("""SELECT * FROM "emission_daily" GROUP BY "stack","channel" """);
        var rows = series.SelectMany(s => Enumerable.Range(0, s.Values.Count).Select(row => (Series: s, Row: row)))
            .ToDictionary(r => (r.Series.Tags["stack"], r.Series.Tags["channel"], r.Series.GetTime(r.Row).ToUnixTimeMilliseconds()));
        var mismatches = rows.Keys.Where(k => !Days.Any(d => (d.Stack, "stack_nox", d.StartMs) == k)).Select(k => $"unexpected day {k}").ToList();
        foreach (var day in Days)
        {
            if (!rows.TryGetValue((day.Stack, "stack_nox", day.StartMs), out var r))
            {
                mismatches.Add($"{day.Stack} {Day(day.StartMs)}: missing");
                continue;
            }

            var (s, row) = r;
            var actual = new ExpectedDay(
                day.Stack, day.StartMs, s.GetString(row, "status")!, s.GetInt64(row, "valid_periods") ?? -1, s.GetInt64(row, "discarded") ?? -1,
                s.GetInt64(row, "invalid_periods") ?? -1, s.GetInt64(row, "operating_periods") ?? -1, Column(s, row, "value"),
                Column(s, row, "availability") ?? -1, Column(s, row, "load"), Column(s, row, "load_covered"));
            if (!day.Matches(actual))
            {
                mismatches.Add($"{day.Stack} {Day(day.StartMs)}: expected {day}, stored {actual}");
            }
        }

        return mismatches;
    }

    private static async Task<Dictionary<string, JsonElement>> StaAsync(RunningIngest ingest, string stack, string channel, string period, long startMs)
    {
        var series = Assert.Single(await ingest.QueryAsync(string.Create(CultureInfo.InvariantCulture,
            $"""SELECT * FROM "emission_sta" WHERE "stack" = '{stack}' AND "channel" = '{channel}' AND "period" = '{period}' AND time = {startMs}ms""")));
        return series.Columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => series.Values[0][x.i]);
    }

    private static double? Column(AirMonitor.Influx.InfluxSeries series, int row, string column) =>
        series.Columns.Contains(column) ? series.GetDouble(row, column) : null;

    /// <summary>EU samples: NOx, O2, flow and plant state, one a minute each (the scenario in the remarks).</summary>
    private static IEnumerable<string> EuSamples()
    {
        for (var ts = From; ts < To; ts += MinuteMs)
        {
            var d = (int)Math.Floor((ts - BerlinDay0) / (double)DayMs);
            var k = (int)((ts - BerlinDay0 - (d * DayMs)) / 1_800_000);
            if (!(d == 6 && k is 40 or 41))
            {
                var nox = d == 5 ? 120 : d == 4 && k is >= 24 and <= 27 ? 200 : 60;
                yield return Sample(ts, "nox", "stack_nox", nox, d == 1 && k is >= 16 and <= 20 ? QualityFlags.Maintenance : null);
            }

            yield return Sample(ts, "o2", "o2", 13, d == 2 && k is >= 30 and <= 35 ? QualityFlags.Malfunction : null);
            yield return Sample(ts, "flow", "flow", 100_000, null);
            yield return Sample(ts, "plant", "plant_state", d == 3 && k <= 5 ? 0 : d == 3 && k <= 9 ? 1 : 2, null);
        }
    }

    /// <summary>Japan samples: NOx and O2, one a minute each.</summary>
    private static IEnumerable<string> JapanSamples()
    {
        for (var ts = From; ts < To; ts += MinuteMs)
        {
            var d = (int)((ts - TokyoDay0) / DayMs);
            var h = (int)((ts - TokyoDay0 - (d * DayMs)) / 3_600_000);
            yield return Sample(ts, "nox", "stack_nox", d == 4 && h is 10 or 11 ? 200 : 100, d == 2 && h <= 19 ? QualityFlags.Malfunction : null);
            yield return Sample(ts, "o2", "o2", 15, null);
        }
    }

    private static string Sample(long ts, string sensor, string metric, double value, string? flag) => string.Create(CultureInfo.InvariantCulture,
        $$"""{"ts":{{ts}},"sensor":"{{sensor}}","values":{"{{metric}}":{{value}}}{{(flag is null ? "" : $",\"flags\":[\"{flag}\"]")}}}""");

    /// <summary>The samples packed as an edge packs them: at most 1000 a message, seq from 1.</summary>
    private static List<string> Messages(string device, IEnumerable<string> samples, int firstSeq = 1) =>
        [.. samples.Chunk(ReadingBatch.MaxSamples).Select((chunk, i) =>
            new StringBuilder().Append(CultureInfo.InvariantCulture, $$"""{"device":"{{device}}","seq":{{firstSeq + i}},"samples":[""")
                .AppendJoin(',', chunk).Append("]}").ToString())];

    private async Task PublishAsync(string device, List<string> messages)
    {
        foreach (var message in messages)
        {
            await fixture.MosquittoPubAsync(Topics.Readings(device), message);
        }
    }

    private static string Day(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("u", CultureInfo.InvariantCulture);

    private static long Ms(string isoUtc) => DateTimeOffset.Parse(isoUtc, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    /// <summary>One expected <c>emission_daily</c> row of stack_nox; numbers compared to the stored 4 decimals.</summary>
    private sealed record ExpectedDay(
        string Stack, long StartMs, string Status, long Valid, long Discarded, long Invalid, long Operating, double? Value, double Availability,
        double? Load, double? LoadCovered)
    {
        public bool Matches(ExpectedDay stored) =>
            (Status, Valid, Discarded, Invalid, Operating) == (stored.Status, stored.Valid, stored.Discarded, stored.Invalid, stored.Operating)
            && Near(Value, stored.Value) && Near(Availability, stored.Availability) && Near(Load, stored.Load) && Near(LoadCovered, stored.LoadCovered);

        private static bool Near(double? expected, double? stored) =>
            expected is null ? stored is null : stored is { } s && Math.Abs(expected.Value - s) <= 1.5e-4;
    }
}
