using System.Globalization;
using AirMonitor.AirQuality.Alerts;
using AirMonitor.AirQuality.Indices;
using AirMonitor.AirQuality.Series;
using AirMonitor.Ingest.Alerts;
using AirMonitor.Testing;

namespace AirMonitor.Ingest.Tests.Alerts;

/// <summary>
/// A recorded haze: 13 days of a Pollution Control Department station's hourly PM2.5 (Recorded/pcd-29t-2023-12.csv,
/// two hours missing), played minute by minute through the derivation and the Bangkok rules on a fake clock. The
/// expected events come from the recorded hours directly: the 24-hour mean of each hour's last 24 (with 18 of them
/// present), and the standard's threshold and clear threshold.
/// </summary>
public sealed class RecordedSeriesTests
{
    private const string Station = "bkk-dindaeng";
    private const string Device = "bkk-dindaeng-01";

    [Fact]
    public void A_recorded_December_haze_fires_and_resolves_the_Bangkok_standard_as_its_24_hour_means_say()
    {
        var hours = Recorded();
        using var replay = new StationReplay(new AlertOptions { RuleSets = [DefaultRuleSets.Bangkok] }, hours[0].Start);
        for (var i = 0; i < hours.Count; i++)
        {
            for (var minute = 0; minute < 60 && hours[i].Pm2_5 is { } pm; minute++)
            {
                var at = hours[i].Start.AddMinutes(minute);
                replay.Store(Station, new RawReading(at.ToUnixTimeMilliseconds(), Device, "pms5003", AmbientValues.Of((Ambient.Pm2_5, pm + (minute % 2 == 0 ? 0.5 : -0.5))), null));
                replay.Clock.SetUtcNow(at.AddSeconds(5));
                if (minute % 10 == 9)
                {
                    replay.Derive();
                }
            }
        }

        var events = replay.TakeEvents().Where(e => e.Rule == "th-pm25-24h-standard").ToList();
        var expected = Expected(hours, threshold: 37.5, clear: 35);
        Assert.Equal(expected, events.Select(e => (e.State, e.At)));
        Assert.True(expected.Count >= 2, "the recorded haze must fire at least once");

        // The 24-hour mean wanders across 37.5 more often than the rule fires: the clear threshold holds it.
        Assert.True(Crossings(hours, 37.5) > expected.Count(e => e.State == AlertState.Firing));
    }

    private static List<(AlertState State, DateTimeOffset At)> Expected(List<(DateTimeOffset Start, double? Pm2_5)> hours, double threshold, double clear)
    {
        var events = new List<(AlertState State, DateTimeOffset At)>();
        var firing = false;
        foreach (var (end, mean) in RunningMeans(hours))
        {
            if (!firing && mean > threshold)
            {
                events.Add((AlertState.Firing, end));
                firing = true;
            }
            else if (firing && mean <= clear)
            {
                events.Add((AlertState.Resolved, end));
                firing = false;
            }
        }

        return events;
    }

    private static int Crossings(List<(DateTimeOffset Start, double? Pm2_5)> hours, double threshold) =>
        RunningMeans(hours).Zip(RunningMeans(hours).Skip(1)).Count(p => p.First.Mean <= threshold && p.Second.Mean > threshold);

    /// <summary>Each complete hour's end and the mean of the 24 hours ending with it, where 18 of them have a value.</summary>
    private static IEnumerable<(DateTimeOffset End, double Mean)> RunningMeans(List<(DateTimeOffset Start, double? Pm2_5)> hours)
    {
        // The last hour is still open when the series ends: nothing after it closes it.
        for (var i = 0; i < hours.Count - 1; i++)
        {
            var day = hours.Skip(Math.Max(0, i - 23)).Take(Math.Min(24, i + 1)).Where(h => h.Pm2_5 is not null).Select(h => h.Pm2_5!.Value).ToList();
            if (day.Count >= DailyMean.MinHours && hours[i].Pm2_5 is not null)
            {
                yield return (hours[i].Start.AddHours(1), day.Average());
            }
        }
    }

    private static List<(DateTimeOffset Start, double? Pm2_5)> Recorded() =>
        [.. File.ReadLines(Path.Combine(RepositoryFiles.Root, "tests", "AirMonitor.Ingest.Tests", "Alerts", "Recorded", "pcd-29t-2023-12.csv"))
            .Where(line => line.Length > 0 && !line.StartsWith('#') && !line.StartsWith("time", StringComparison.Ordinal))
            .Select(line => line.Split(','))
            .Select(f => (
                new DateTimeOffset(DateTime.ParseExact(f[0], "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture), TimeSpan.FromHours(7)).ToUniversalTime(),
                f[1].Length == 0 ? (double?)null : double.Parse(f[1], CultureInfo.InvariantCulture)))];
}
