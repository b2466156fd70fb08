namespace AirMonitor.Cli.Simulation;

/// <summary>The rise–hold–fall shape the simulated pollution episodes share.</summary>
internal static class EpisodeShape
{
    /// <summary>
    /// How much of the episode's peak there is at <paramref name="ts"/> (epoch ms): 0 before <paramref name="start"/>,
    /// rising linearly to 1 over <paramref name="rise"/>, 1 for <paramref name="hold"/>, falling to 0 over <paramref name="fall"/>.
    /// </summary>
    public static double ShareAt(long ts, DateTimeOffset start, TimeSpan rise, TimeSpan hold, TimeSpan fall)
    {
        var t = DateTimeOffset.FromUnixTimeMilliseconds(ts) - start;
        return t < TimeSpan.Zero ? 0
            : t < rise ? t / rise
            : t < rise + hold ? 1
            : t < rise + hold + fall ? 1 - ((t - rise - hold) / fall)
            : 0;
    }
}
