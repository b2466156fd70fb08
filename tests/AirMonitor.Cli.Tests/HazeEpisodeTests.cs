using AirMonitor.Cli.Simulation;

namespace AirMonitor.Cli.Tests;

public sealed class HazeEpisodeTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 10, 0, 0, 0, TimeSpan.Zero);

    // Rises over 4 h to 240 µg/m³, holds 6 h, falls over 2 h.
    private static readonly HazeEpisode Episode = new(new HashSet<string> { "bkk-01" }, Start, TimeSpan.FromHours(4), TimeSpan.FromHours(6), TimeSpan.FromHours(2), 240);

    [Theory]
    [InlineData(-0.5, 0)]
    [InlineData(0, 0)]
    [InlineData(1, 60)]
    [InlineData(3, 180)]
    [InlineData(4, 240)]
    [InlineData(9.99, 240)]
    [InlineData(10.5, 180)]
    [InlineData(11.5, 60)]
    [InlineData(12, 0)]
    [InlineData(30, 0)]
    public void The_episode_rises_linearly_holds_and_falls_back_to_nothing(double hoursFromStart, double expected)
    {
        var ts = (Start + TimeSpan.FromHours(hoursFromStart)).ToUnixTimeMilliseconds();

        Assert.Equal(expected, Episode.Pm2_5At(ts), precision: 6);
    }
}
