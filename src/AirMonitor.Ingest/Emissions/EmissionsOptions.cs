namespace AirMonitor.Ingest.Emissions;

/// <summary>The stacks' derivation settings (configuration section <c>Emissions</c>).</summary>
public sealed class EmissionsOptions
{
    public const string Section = "Emissions";

    /// <summary>How often the averages of stacks with new readings are derived (docs/storage.md, <c>emission_sta</c>).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Hours of one station read back in one round: a stack reading every second gives 3,600 rows a channel an hour.</summary>
    public int MaxHoursPerRound { get; set; } = 12;

    public IEnumerable<string> Validate()
    {
        if (Interval < TimeSpan.FromMilliseconds(100))
        {
            yield return $"{Section}:Interval {Interval} must be at least 100 ms";
        }

        if (MaxHoursPerRound is < 1 or > 168)
        {
            yield return $"{Section}:MaxHoursPerRound {MaxHoursPerRound} is outside 1..168";
        }
    }
}
