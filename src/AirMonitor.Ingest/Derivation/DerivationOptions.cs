namespace AirMonitor.Ingest.Derivation;

/// <summary>The derivation's settings (configuration section <c>Derivation</c>).</summary>
public sealed class DerivationOptions
{
    public const string Section = "Derivation";

    /// <summary>How often the hourly series, indices and alerts of stations with new readings are derived (docs/storage.md).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the derivation waits for a device's missing seq before judging the readings after it without it.</summary>
    public TimeSpan GapPatience { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<string> Validate()
    {
        if (GapPatience < TimeSpan.Zero)
        {
            yield return $"{Section}:GapPatience {GapPatience} must not be negative";
        }

        if (Interval < TimeSpan.FromMilliseconds(100))
        {
            yield return $"{Section}:Interval {Interval} must be at least 100 ms";
        }
    }
}
