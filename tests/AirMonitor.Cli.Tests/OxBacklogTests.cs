using AirMonitor.Cli.Simulation;
using AirMonitor.Core.Contract;
using AirMonitor.Core.Stations;

namespace AirMonitor.Cli.Tests;

/// <summary>The demo's Ox region backlog: the generator's readings, hour by hour, with the episode laid over two devices' Ox only.</summary>
public sealed class OxBacklogTests
{
    // 14 July 2026, 16:10 JST: the demo's hour h is 16:00 JST.
    private static readonly DateTimeOffset Now = new(2026, 7, 14, 7, 10, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Hour = new(2026, 7, 14, 7, 0, 0, TimeSpan.Zero);

    private static readonly OxEpisode Episode = OxEpisode.Plan(Now, new Dictionary<string, double> { ["yok-tsurumi-01"] = 150, ["yok-kohoku-01"] = 130 });

    [Fact]
    public void The_demo_s_episode_rises_through_the_sixth_hour_before_now_holds_two_hours_and_is_gone_two_hours_before_the_hour()
    {
        Assert.Equal((Hour.AddHours(-6), Hour.AddHours(-5), Hour.AddHours(-3), Hour.AddHours(-2)),
            (Episode.Start, Episode.Start + Episode.Rise, Episode.End - Episode.Fall, Episode.End));
        Assert.Equal(75, Episode.OxPpbAt("yok-tsurumi-01", Hour.AddHours(-5.5).ToUnixTimeMilliseconds()), 75 * 0.03);
        Assert.InRange(Episode.OxPpbAt("yok-tsurumi-01", Hour.AddHours(-4).ToUnixTimeMilliseconds()), 150 * 0.97, 150 * 1.03);
        Assert.InRange(Episode.OxPpbAt("yok-kohoku-01", Hour.AddHours(-4).ToUnixTimeMilliseconds()), 130 * 0.97, 130 * 1.03);
        Assert.Equal(0, Episode.OxPpbAt("yok-nishi-01", Hour.AddHours(-4).ToUnixTimeMilliseconds()));
        Assert.Equal(0, Episode.OxPpbAt("yok-tsurumi-01", Hour.AddHours(-2).ToUnixTimeMilliseconds()));
    }

    [Theory]
    [InlineData("yok-tsurumi-01", 150)]
    [InlineData("yok-kohoku-01", 130)]
    public async Task The_backlog_is_one_message_per_hour_of_minute_readings_whose_held_hours_reach_the_peak_and_the_others_stay_below_the_advisory(string device, double peak)
    {
        var messages = await BacklogAsync(device);

        Assert.Equal(OxEpisode.BacklogHours + 1, messages.Count);  // 12 whole hours and the 10 minutes of the current one
        Assert.All(messages, m => Assert.InRange(m.Count, 1, ReadingBatch.MaxSamples));
        var hours = messages.Select(m => m.Where(s => s.Sensor == "analysers").ToList()).ToList();
        Assert.All(hours.SkipLast(1), h => Assert.Equal(60, h.Count));
        Assert.Equal(10, hours[^1].Count);
        Assert.All(hours.Select((h, i) => (h, Start: Hour.AddHours(i - OxEpisode.BacklogHours).ToUnixTimeMilliseconds())), x =>
            Assert.All(x.h, s => Assert.InRange(s.Ts, x.Start, x.Start + 3_599_999)));
        var hourlyOx = hours.SkipLast(1).Select(h => h.Average(s => s.Values["ox"])).ToList();

        // Hours h−5 and h−4 (indexes 7 and 8) at the peak; every other hour, the rising and falling ones too, below 120 ppb.
        Assert.InRange(hourlyOx[7], peak - 2, peak + 2);
        Assert.InRange(hourlyOx[8], peak - 2, peak + 2);
        Assert.All(hourlyOx.Where((_, i) => i is not (7 or 8)), ox => Assert.InRange(ox, 0, 100));
    }

    [Fact]
    public async Task Every_value_but_the_episode_s_Ox_is_the_generator_s_and_a_device_outside_the_episode_sends_exactly_the_generator_s_readings()
    {
        var tsurumi = (await BacklogAsync("yok-tsurumi-01")).SelectMany(m => m).ToList();
        var nishi = (await BacklogAsync("yok-nishi-01")).SelectMany(m => m).ToList();

        var tsurumiGenerated = Generated("yok-tsurumi-01");
        Assert.Equal(tsurumiGenerated.Count, tsurumi.Count);
        foreach (var (sent, generated) in tsurumi.Zip(tsurumiGenerated))
        {
            Assert.Equal((generated.Ts, generated.Sensor), (sent.Ts, sent.Sensor));
            Assert.Equal(generated.Values.Where(v => v.Key != "ox"), sent.Values.Where(v => v.Key != "ox"));
            if (generated.Values.TryGetValue("ox", out var ox))
            {
                Assert.Equal(Math.Max(ox, Math.Round(Episode.OxPpbAt("yok-tsurumi-01", sent.Ts), 1)), sent.Values["ox"], 1e-9);
            }
        }

        Assert.Contains(tsurumi.Zip(tsurumiGenerated), p => p.First.Values.GetValueOrDefault("ox") > p.Second.Values.GetValueOrDefault("ox"));
        Assert.Equal(Generated("yok-nishi-01").Select(s => (s.Ts, s.Sensor, string.Join(",", s.Values))), nishi.Select(s => (s.Ts, s.Sensor, string.Join(",", s.Values))));
    }

    private static async Task<List<IReadOnlyList<Sample>>> BacklogAsync(string device)
    {
        var backlog = new AmbientBacklog(device, new ReadingGenerator(device, StationKind.Ambient, "yokohama"), Hour.AddHours(-OxEpisode.BacklogHours),
            TimeSpan.FromMinutes(1), Episode, new FixedTime(Now));
        var messages = new List<IReadOnlyList<Sample>>();
        await foreach (var message in ((IDeviceReadings)backlog).BacklogAsync(CancellationToken.None))
        {
            messages.Add(message);
        }

        return messages;
    }

    private static List<Sample> Generated(string device)
    {
        var generator = new ReadingGenerator(device, StationKind.Ambient, "yokohama");
        var samples = new List<Sample>();
        for (var at = Hour.AddHours(-OxEpisode.BacklogHours); at < Now; at += TimeSpan.FromMinutes(1))
        {
            samples.AddRange(generator.Next(at.ToUnixTimeMilliseconds()));
        }

        return samples;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
