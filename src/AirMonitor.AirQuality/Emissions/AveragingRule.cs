namespace AirMonitor.AirQuality.Emissions;

/// <summary>
/// How one channel's short-term averages (STA) are formed: the period (aligned to multiples of itself from the Unix
/// epoch, so 10 min, 30 min and 1 h start on the local clock's marks in every zone with a whole-hour offset), the
/// interval the DAHS samples at, and how many of the period's expected values must be valid.
/// </summary>
public sealed record AveragingRule
{
    /// <summary>
    /// The default share of a period's expected values that must be valid: two thirds. EN 17255-1's own rule could not be
    /// read (plant-cems.md §8; SICK's MEAC300 manual names a "two-thirds criterion" [S]); a regime with a verified rule
    /// passes its own share.
    /// </summary>
    public const double DefaultMinValidShare = 2.0 / 3.0;

    public AveragingRule(TimeSpan period, TimeSpan samplingInterval, double minValidShare = DefaultMinValidShare, int minValidCount = 1)
    {
        if (period <= TimeSpan.Zero || samplingInterval <= TimeSpan.Zero || period.Ticks % samplingInterval.Ticks != 0
            || period.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentException($"The period ({period}) must be a whole number of sampling intervals ({samplingInterval}) and of milliseconds.");
        }

        if (minValidShare is < 0 or > 1 || minValidCount < 1)
        {
            throw new ArgumentException($"A valid period needs a share in [0, 1] ({minValidShare}) and at least one valid value ({minValidCount}).");
        }

        Period = period;
        SamplingInterval = samplingInterval;
        MinValidShare = minValidShare;
        MinValidCount = minValidCount;
    }

    public TimeSpan Period { get; }

    public TimeSpan SamplingInterval { get; }

    /// <summary>The share of <see cref="ExpectedCount"/> that must be valid.</summary>
    public double MinValidShare { get; }

    /// <summary>A floor in values, for rules stated as a count (US: two points an hour).</summary>
    public int MinValidCount { get; }

    public long PeriodMs => (long)Period.TotalMilliseconds;

    /// <summary>The values a period holds when the DAHS samples every <see cref="SamplingInterval"/>.</summary>
    public int ExpectedCount => (int)(Period.Ticks / SamplingInterval.Ticks);

    /// <summary>The valid values a period needs: the share of the expected ones, rounded up, and at least the floor.</summary>
    public int RequiredValidCount => Math.Max(MinValidCount, (int)Math.Ceiling(MinValidShare * ExpectedCount - 1e-9));

    /// <summary>EU half-hour (IED Annex VI Part 8 1.1(b)); validity share: the default, see <see cref="DefaultMinValidShare"/>.</summary>
    public static AveragingRule EuHalfHour(TimeSpan samplingInterval, double minValidShare = DefaultMinValidShare) =>
        new(TimeSpan.FromMinutes(30), samplingInterval, minValidShare);

    /// <summary>EU 10-minute CO average (IED Annex VI Part 8 1.1(d)).</summary>
    public static AveragingRule EuCoTenMinutes(TimeSpan samplingInterval, double minValidShare = DefaultMinValidShare) =>
        new(TimeSpan.FromMinutes(10), samplingInterval, minValidShare);

    /// <summary>An hour (Japan's and Thailand's 1-hour values); their validity rules were not read, so the default share.</summary>
    public static AveragingRule Hourly(TimeSpan samplingInterval, double minValidShare = DefaultMinValidShare) =>
        new(TimeSpan.FromHours(1), samplingInterval, minValidShare);

    /// <summary>EU MRR 2018/2066 Art. 44: an hour is valid with at least 80 % of its possible readings [V].</summary>
    public static AveragingRule EuMrrHour(TimeSpan samplingInterval) => new(TimeSpan.FromHours(1), samplingInterval, 0.80);

    /// <summary>
    /// US 40 CFR 60 AAAA/BBBB (§60.1260, §60.13(e)(2)): an hour needs at least 2 data points, one CEMS cycle per 15 minutes
    /// [V]. Feed it the cycle values (one per 15 min); the equal-spacing of §60.13(h) is not checked.
    /// </summary>
    public static AveragingRule UsHour { get; } = new(TimeSpan.FromHours(1), TimeSpan.FromMinutes(15), 0, 2);
}
