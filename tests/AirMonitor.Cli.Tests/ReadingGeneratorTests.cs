using AirMonitor.Cli.Simulation;
using AirMonitor.Core.Contract;
using AirMonitor.Core.Metrics;
using AirMonitor.Core.Stations;

namespace AirMonitor.Cli.Tests;

public sealed class ReadingGeneratorTests
{
    // 2025-01-10 00:00 UTC = 07:00 in Bangkok (UTC+7), 09:00 in Yokohama (UTC+9).
    private static readonly long Midnight = new DateTimeOffset(2025, 1, 10, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public void A_device_gives_the_same_series_in_every_run_and_another_device_a_different_one()
    {
        var first = Series(new ReadingGenerator("bkk-din-01", StationKind.Roadside, "bangkok"), 50);
        var again = Series(new ReadingGenerator("bkk-din-01", StationKind.Roadside, "bangkok"), 50);
        var other = Series(new ReadingGenerator("bkk-din-02", StationKind.Roadside, "bangkok"), 50);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void An_ambient_device_reports_particulates_climate_and_its_city_s_gases_taken_at_the_asked_time()
    {
        var samples = new ReadingGenerator("yok-naka-01", StationKind.Ambient, "yokohama").Next(Midnight);
        var bangkok = new ReadingGenerator("bkk-bangna-01", StationKind.Ambient, "bangkok").Next(Midnight);

        Assert.Equal(["pms5003", "bme280", "analysers"], samples.Select(s => s.Sensor));
        Assert.All(samples, s => Assert.Equal(Midnight, s.Ts));
        Assert.Equal(
            [MetricVocabulary.Pm1_0, MetricVocabulary.Pm2_5, MetricVocabulary.Pm10, MetricVocabulary.Pm2_5Cf1],
            samples[0].Values.Keys);
        Assert.Equal([MetricVocabulary.Temperature, MetricVocabulary.Humidity, MetricVocabulary.Pressure], samples[1].Values.Keys);
        // A Japanese station measures oxidants, NO, NOx and SPM; a Thai one ozone.
        Assert.Equal(
            [MetricVocabulary.No2, MetricVocabulary.So2, MetricVocabulary.Co, MetricVocabulary.Ox, MetricVocabulary.No, MetricVocabulary.Nox, MetricVocabulary.Spm],
            samples[2].Values.Keys);
        Assert.Equal(samples[2].Values[MetricVocabulary.No] + samples[2].Values[MetricVocabulary.No2], samples[2].Values[MetricVocabulary.Nox], 1);
        Assert.Equal([MetricVocabulary.No2, MetricVocabulary.So2, MetricVocabulary.Co, MetricVocabulary.O3], bangkok[2].Values.Keys);
    }

    [Fact]
    public void A_plant_reports_its_stack_analyser_only()
    {
        var sample = Assert.Single(new ReadingGenerator("plant-01", StationKind.Plant, "bangkok").Next(Midnight));

        Assert.Equal("stack-cems", sample.Sensor);
        Assert.Equal(
            [MetricVocabulary.O2, MetricVocabulary.StackNox, MetricVocabulary.StackSo2, MetricVocabulary.StackCo, MetricVocabulary.StackHcl, MetricVocabulary.StackDust, MetricVocabulary.FlueTemperature, MetricVocabulary.Flow],
            sample.Values.Keys);
        Assert.InRange(sample.Values[MetricVocabulary.O2], 5, 20);
    }

    [Fact]
    public void A_declared_device_reports_its_declared_sensors_with_the_declared_metrics_that_are_simulated()
    {
        var declared = new DeclaredSensors(new Dictionary<string, IReadOnlySet<string>>
        {
            ["sps30"] = new HashSet<string> { MetricVocabulary.Pm2_5, MetricVocabulary.Pm4_0, MetricVocabulary.Pm10 },
            ["sgp40"] = new HashSet<string> { MetricVocabulary.VocIndex },
            ["bme280"] = new HashSet<string> { MetricVocabulary.Temperature },
        });
        var undeclared = new ReadingGenerator("yok-naka-01", StationKind.Ambient, "yokohama").Next(Midnight);

        var samples = new ReadingGenerator("yok-naka-01", StationKind.Ambient, "yokohama", declared: declared).Next(Midnight);

        // pm4_0 and the VOC index are not simulated: left out, and the sgp40 with them.
        Assert.Equal(["sps30", "bme280"], samples.Select(s => s.Sensor));
        Assert.All(samples, s => Assert.Equal(Midnight, s.Ts));
        Assert.Equal([MetricVocabulary.Pm10, MetricVocabulary.Pm2_5], samples[0].Values.Keys);
        Assert.Equal(undeclared[0].Values[MetricVocabulary.Pm2_5], samples[0].Values[MetricVocabulary.Pm2_5]);
        Assert.Equal([MetricVocabulary.Temperature], samples[1].Values.Keys);
        Assert.Equal(undeclared[1].Values[MetricVocabulary.Temperature], samples[1].Values[MetricVocabulary.Temperature]);
    }

    [Fact]
    public void Particulate_ratios_and_climate_stay_within_what_the_model_allows()
    {
        var generator = new ReadingGenerator("bkk-din-01", StationKind.Ambient, "bangkok");
        for (var hour = 0; hour < 24 * 7; hour++)
        {
            var samples = generator.Next(Midnight + (hour * 3_600_000L));
            var pm = samples[0].Values;
            var pm25 = pm[MetricVocabulary.Pm2_5];

            // Each value is rounded to 0.1 on its own, so the ratios hold to within that rounding.
            Assert.InRange(pm[MetricVocabulary.Pm1_0], (pm25 * 0.68) - 0.11, (pm25 * 0.68) + 0.11);
            Assert.InRange(pm[MetricVocabulary.Pm10], (pm25 * 1.55) - 0.16, (pm25 * 1.55) + 0.16);
            var cf1 = pm25 <= 30 ? pm25 : (1.5 * pm25) - 15;
            Assert.InRange(pm[MetricVocabulary.Pm2_5Cf1], cf1 - 0.16, cf1 + 0.16);

            var climate = samples[1].Values;
            Assert.InRange(climate[MetricVocabulary.Temperature], 25.7, 34.3); // Bangkok: 30 ± 4 over the day, ± 0.3 noise
            Assert.InRange(climate[MetricVocabulary.Humidity], 5, 100);
            Assert.InRange(climate[MetricVocabulary.Pressure], 1008.5, 1011.5);
        }
    }

    [Fact]
    public void Bangkok_roadside_pm_peaks_at_the_morning_rush_and_is_far_above_Yokohama_ambient()
    {
        double MeanPm25(ReadingGenerator generator, int localHour, int utcOffset) => Enumerable.Range(0, 30)
            .Select(day => generator.Next(Midnight + (day * 86_400_000L) + ((localHour - utcOffset + 24) % 24 * 3_600_000L))[0].Values[MetricVocabulary.Pm2_5])
            .Average();
        var bangkok = new ReadingGenerator("bkk-din-01", StationKind.Roadside, "bangkok");
        var yokohama = new ReadingGenerator("yok-naka-01", StationKind.Ambient, "yokohama");

        var rush = MeanPm25(bangkok, 8, 7);
        var night = MeanPm25(bangkok, 3, 7);

        // Diurnal factor 1.4 at 08:00 against 0.6 at 03:00; noise ± 12 %.
        Assert.InRange(rush / night, 1.9, 2.8);
        Assert.True(rush > 2.5 * MeanPm25(yokohama, 8, 9), $"Bangkok roadside {rush:F1} against Yokohama ambient");
    }

    [Fact]
    public void A_haze_episode_lifts_only_its_own_devices_to_its_peak()
    {
        var start = DateTimeOffset.FromUnixTimeMilliseconds(Midnight);
        var haze = new HazeEpisode(new HashSet<string> { "bkk-din-01" }, start, TimeSpan.FromHours(1), TimeSpan.FromHours(4), TimeSpan.FromHours(1), 300);
        var inside = new ReadingGenerator("bkk-din-01", StationKind.Ambient, "bangkok", haze);
        var outside = new ReadingGenerator("bkk-din-02", StationKind.Ambient, "bangkok", haze);
        var holding = Midnight + (3 * 3_600_000L);

        Assert.InRange(inside.Next(holding)[0].Values[MetricVocabulary.Pm2_5], 285, 315); // the peak ± 5 % noise
        Assert.InRange(outside.Next(holding)[0].Values[MetricVocabulary.Pm2_5], 0, 100);
    }

    private static List<string> Series(ReadingGenerator generator, int messages) =>
        Enumerable.Range(0, messages)
            .SelectMany(i => generator.Next(Midnight + (i * 60_000L)))
            .Select(s => $"{s.Sensor}:{string.Join(',', s.Values.Select(v => $"{v.Key}={v.Value}"))}")
            .ToList();
}
