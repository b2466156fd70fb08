namespace AirMonitor.Cli.Simulation;

/// <summary>
/// A smoke or haze episode laid over a station's simulated PM: from <see cref="Start"/> the PM2.5 rises linearly to
/// <see cref="PeakMicrogramsPerCubicMeter"/> over <see cref="Rise"/>, holds for <see cref="Hold"/>, and falls back over
/// <see cref="Fall"/>, never below the station's own level.
/// </summary>
public sealed record HazeEpisode(
    IReadOnlySet<string> Devices,
    DateTimeOffset Start,
    TimeSpan Rise,
    TimeSpan Hold,
    TimeSpan Fall,
    double PeakMicrogramsPerCubicMeter)
{
    /// <summary>The episode's PM2.5 at <paramref name="ts"/> (epoch ms); 0 outside it.</summary>
    public double Pm2_5At(long ts) => EpisodeShape.ShareAt(ts, Start, Rise, Hold, Fall) * PeakMicrogramsPerCubicMeter;
}
