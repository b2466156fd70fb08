using AirMonitor.AirQuality.Series;
using AirMonitor.Core.Contract;
using AirMonitor.Core.Metrics;

namespace AirMonitor.Cli.Simulation;

/// <summary>
/// A photochemical-smog episode laid over some devices' simulated Ox (the <c>ox</c> of their <c>analysers</c> sample):
/// from <see cref="Start"/> each device's Ox rises linearly to its peak over <see cref="Rise"/>, holds for
/// <see cref="Hold"/> and falls back over <see cref="Fall"/>, never below the station's own level. A wobble of a few per
/// cent keeps the held value from repeating; every other value stays as generated.
/// </summary>
public sealed record OxEpisode(IReadOnlyDictionary<string, double> PeakPpbByDevice, DateTimeOffset Start, TimeSpan Rise, TimeSpan Hold, TimeSpan Fall)
{
    /// <summary>How far the demo's backlog reaches back: the whole hours before the current one.</summary>
    public const int BacklogHours = 12;

    /// <summary>
    /// The demo's episode, in whole hours counted back from the hour of <paramref name="now"/> (h): rising through h−6,
    /// held through h−5 and h−4 (hourly values at the peaks: the advisory is issued at the end of h−5), falling through
    /// h−3, whose end (h−2, closed before now) lifts it.
    /// </summary>
    public static OxEpisode Plan(DateTimeOffset now, IReadOnlyDictionary<string, double> peakPpbByDevice) =>
        new(peakPpbByDevice, HourOf(now).AddHours(-6), TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(1));

    /// <summary>The start of the UTC hour <paramref name="at"/> falls in (a JST hour too: Japan's offset is whole hours).</summary>
    public static DateTimeOffset HourOf(DateTimeOffset at) => DateTimeOffset.FromUnixTimeMilliseconds(HourlyMeans.HourOf(at.ToUnixTimeMilliseconds()));

    public DateTimeOffset End => Start + Rise + Hold + Fall;

    /// <summary>The episode's Ox at <paramref name="device"/> at <paramref name="ts"/> (epoch ms), in ppb; 0 outside it or at another device.</summary>
    public double OxPpbAt(string device, long ts) =>
        PeakPpbByDevice.TryGetValue(device, out var peak)
            ? peak * EpisodeShape.ShareAt(ts, Start, Rise, Hold, Fall) * (1 + (0.03 * Math.Sin(ts / 150_000.0)))
            : 0;

    /// <summary><paramref name="samples"/> with the episode's Ox where it is above the generated one.</summary>
    public IReadOnlyList<Sample> LayOver(string device, IReadOnlyList<Sample> samples) =>
    [
        .. samples.Select(sample =>
            sample.Values.TryGetValue(MetricVocabulary.Ox, out var ox) && OxPpbAt(device, sample.Ts) is > 0 and var episode && episode > ox
                ? sample with { Values = new Dictionary<string, double>(sample.Values, StringComparer.Ordinal) { [MetricVocabulary.Ox] = Math.Round(episode, 1) } }
                : sample),
    ];
}
