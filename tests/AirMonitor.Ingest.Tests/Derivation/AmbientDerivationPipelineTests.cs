using System.Globalization;
using System.Text;
using System.Text.Json;
using AirMonitor.Core.Contract;
using AirMonitor.Testing;
using AirMonitor.Testing.Pipeline;

namespace AirMonitor.Ingest.Tests.Derivation;

/// <summary>
/// A day of every pollutant through Mosquitto, the ingest and InfluxDB: the stored hourly means, running means and
/// both indices over all pollutants, and a low-cost device's PM2.5 corrected in the indices with the raw beside it.
/// </summary>
[Collection(PipelineServers.Name)]
public sealed class AmbientDerivationPipelineTests(PipelineFixture fixture)
{
    private const long HourMs = 3_600_000;

    // bkk-phayathai-01 is marked pm_correction: us-epa-plantower in the example registry; yok-tsurumi-01 a plain id.
    private const string Bangkok = "bkk-phayathai-01";
    private const string Yokohama = "yok-tsurumi-01";

    [Fact]
    public async Task A_day_of_every_pollutant_gives_the_hand_computed_means_and_indices()
    {
        await using var ingest = await fixture.StartIngestAsync(
            $"--Ingest:RegistryPath={Path.Combine(RepositoryFiles.Root, "firmware-config", "stations.yaml")}", "--Derivation:Interval=00:00:00.200");
        await using var bangkokAcks = await fixture.ListenForAcksAsync(Bangkok);
        await using var yokohamaAcks = await fixture.ListenForAcksAsync(Yokohama);

        // 26 whole hours of 5-minute readings, the last hour closed by a reading after it.
        var firstHour = ((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / HourMs) - 27) * HourMs;
        var times = Enumerable.Range(0, (26 * 12) + 1).Select(i => firstHour + (i * 300_000L)).ToList();
        var bangkok = Message(Bangkok, times.Select(ts => Invariant($$$"""
            {"ts":{{{ts}}},"sensor":"pms5003","values":{"pm2_5":25,"pm2_5_cf1":20,"pm10":40}},
            {"ts":{{{ts}}},"sensor":"bme280","values":{"humidity":50}},
            {"ts":{{{ts}}},"sensor":"analysers","values":{"o3":60,"no2":120,"so2":40,"co":5}}
            """)));
        var yokohama = Message(Yokohama, times.Select(ts => Invariant($$$"""
            {"ts":{{{ts}}},"sensor":"analysers","values":{"ox":130,"no":10,"no2":30,"nox":40,"spm":50}}
            """)));
        await fixture.MosquittoPubAsync(Topics.Readings(Bangkok), bangkok);
        await fixture.MosquittoPubAsync(Topics.Readings(Yokohama), yokohama);
        await bangkokAcks.WaitForAsync(a => a.Stored.Contains(1));
        await yokohamaAcks.WaitForAsync(a => a.Stored.Contains(1));

        var lastHour = firstHour + (25 * HourMs);
        var bkk = await IndexAsync(ingest, "bkk-phayathai", lastHour);
        var yok = await IndexAsync(ingest, "yok-tsurumi", lastHour);

        // The corrected device: EPA (Fire and Smoke Map, x = CF=ATM), x < 30: 0.524·25 − 0.0862·50 + 5.75 = 14.54 in the
        // indices, the raw 25 beside it.
        Assert.Equal(14.54, bkk["pm2_5"].GetDouble(), 6);
        Assert.Equal(25, bkk["pm2_5_raw"].GetDouble());
        Assert.Equal(1, bkk["corrected_pm_sensors"].GetInt64());
        Assert.Equal(14.54, bkk["pm2_5_24h"].GetDouble(), 6);
        Assert.Equal((60.0, 120.0, 40.0, 5.0), (bkk["o3"].GetDouble(), bkk["no2"].GetDouble(), bkk["so2"].GetDouble(), bkk["co"].GetDouble()));
        Assert.Equal((60.0, 5.0, 40.0), (bkk["o3_8h"].GetDouble(), bkk["co_8h"].GetDouble(), bkk["so2_24h"].GetDouble()));

        // Thai AQI (PCD 2023): O3 8-h 60 ppb → 49/19·9 + 51 = 74.21 → 74 leads NO2 120 → 61, PM2.5 14.5 → 25/15·14.5 = 24.17 → 24,
        // PM10 40 → 25/50·40 = 20, CO 5.0 → 32, SO2 40 → 10.
        Assert.Equal((74L, "moderate", "o3"), (bkk["aqi_th"].GetInt64(), bkk["aqi_th_category"].GetString(), bkk["aqi_th_pollutant"].GetString()));
        Assert.Equal(
            (24L, 20L, 74L, 32L, 61L, 10L),
            (bkk["aqi_th_pm2_5"].GetInt64(), bkk["aqi_th_pm10"].GetInt64(), bkk["aqi_th_o3"].GetInt64(), bkk["aqi_th_co"].GetInt64(), bkk["aqi_th_no2"].GetInt64(), bkk["aqi_th_so2"].GetInt64()));

        // US AQI (40 CFR 58 App. G Table 2): NO2 1-h 120 ppb, band 101–360 → 101–150: 49/259·19 + 101 = 104.59 → 105 leads;
        // O3 8-h 0.060 ppm → 49/0.015·0.005 + 51 = 67.33 → 67; CO 5.0 → 49/4.9·0.5 + 51 = 56; SO2 40 → 49/39·4 + 51 = 56.03 → 56;
        // PM2.5 NowCast 14.5 → 49/26.3·5.4 + 51 = 61.06 → 61; PM10 40 → 50/54·40 = 37.04 → 37.
        Assert.Equal((105L, "usg", "no2"), (bkk["aqi_us"].GetInt64(), bkk["aqi_us_category"].GetString(), bkk["aqi_us_pollutant"].GetString()));
        Assert.Equal(
            (61L, 37L, 67L, 56L, 105L, 56L),
            (bkk["aqi_us_pm2_5"].GetInt64(), bkk["aqi_us_pm10"].GetInt64(), bkk["aqi_us_o3"].GetInt64(), bkk["aqi_us_co"].GetInt64(), bkk["aqi_us_no2"].GetInt64(), bkk["aqi_us_so2"].GetInt64()));

        // Yokohama's oxidants, NO, NOx and SPM are means of their own and in neither index (Ox is not O3): its indices are
        // of NO2 30 ppb alone, Thai 25/60·30 = 12.5 → 13, US 50/53·30 = 28.30 → 28.
        Assert.Equal(
            (130.0, 10.0, 30.0, 40.0, 50.0),
            (yok["ox"].GetDouble(), yok["no"].GetDouble(), yok["no2"].GetDouble(), yok["nox"].GetDouble(), yok["spm"].GetDouble()));
        Assert.Equal((13L, "no2", 28L, "no2"), (yok["aqi_th"].GetInt64(), yok["aqi_th_pollutant"].GetString(), yok["aqi_us"].GetInt64(), yok["aqi_us_pollutant"].GetString()));
    }

    /// <summary>The station's <c>air_index</c> point of <paramref name="hour"/>, once the derivation has written its Thai AQI.</summary>
    private static async Task<Dictionary<string, JsonElement>> IndexAsync(RunningIngest ingest, string station, long hour)
    {
        var query = Invariant($"""SELECT * FROM "air_index" WHERE "station" = '{station}' AND time = {hour}ms""");
        Dictionary<string, JsonElement> fields = [];
        await Poll.UntilAsync(
            async () =>
            {
                var series = await ingest.QueryAsync(query);
                fields = series.Count == 0 ? [] : series[0].Columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => series[0].Values[0][x.i]);
                return fields.TryGetValue("aqi_th", out var aqi) && aqi.ValueKind == JsonValueKind.Number;
            },
            TimeSpan.FromSeconds(30),
            $"{station}'s derived hour");
        return fields;
    }

    private static string Message(string device, IEnumerable<string> samples) =>
        new StringBuilder().Append(CultureInfo.InvariantCulture, $$"""{"device":"{{device}}","seq":1,"samples":[""").AppendJoin(',', samples).Append("]}").ToString();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
