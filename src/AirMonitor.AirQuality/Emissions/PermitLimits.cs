using AirMonitor.Core.Stations;

namespace AirMonitor.AirQuality.Emissions;

/// <summary>How well a number was checked: read in the cited source, or taken from secondary sources.</summary>
public enum SourceMark
{
    /// <summary>Read in the cited source ([V] in shared/reference/plant-cems.md).</summary>
    Verified,

    /// <summary>From secondary sources that agree ([S]); check before a permit depends on it.</summary>
    Secondary,

    /// <summary>The plant's own permit, as the station registry gives it.</summary>
    Permit,
}

/// <summary>
/// One permit limit: a pollutant's value and unit at its regime's reference conditions, the averaging period, the rule the
/// averages are judged by, which plants it applies to, and where the number comes from.
/// </summary>
public sealed record PermitLimit(
    StackPollutant Pollutant,
    AveragingPeriod Period,
    double Value,
    LimitUnit Unit,
    LimitRule Rule,
    string Applicability,
    SourceMark Mark,
    string Source)
{
    /// <summary>The value in mg/m³ at the regime's reference T and p (a ppm limit converted with the pollutant's molar mass).</summary>
    /// <exception cref="InvalidOperationException">A ppm limit for a pollutant with no molar mass.</exception>
    public double ValueMilligramsPerCubicMetre(EmissionRegime regime)
    {
        ArgumentNullException.ThrowIfNull(regime);
        if (Unit == LimitUnit.MilligramsPerCubicMetre)
        {
            return Value;
        }

        double molarMass = Pollutant.Info().MolarMassGramsPerMole
            ?? throw new InvalidOperationException($"a ppm limit for {Pollutant.Key()}, which has no molar mass");
        return StackConversions.PpmToMilligramsPerCubicMetre(Value, molarMass, regime.ReferenceTemperatureKelvin, regime.ReferencePressureKilopascals);
    }
}

/// <summary>
/// A regime's limits for one kind of plant, with the confidence interval the regime subtracts before judging
/// (a percentage of the daily limit per pollutant; empty where the regime has none). Built-in sets: <see cref="PermitLimitSets"/>;
/// a permit's own set is a new instance (or one built with <c>with</c>).
/// </summary>
public sealed record PermitLimitSet(
    string Name,
    EmissionRegime Regime,
    IReadOnlyList<PermitLimit> Limits,
    IReadOnlyDictionary<StackPollutant, double> ConfidenceIntervalPercentOfDailyLimit,
    string ConfidenceIntervalSource)
{
    /// <summary>The limits for one pollutant, in the set's order.</summary>
    public IEnumerable<PermitLimit> For(StackPollutant pollutant) => Limits.Where(l => l.Pollutant == pollutant);

    /// <summary>The pollutant's daily limit, or null when the set has none.</summary>
    public PermitLimit? DailyLimit(StackPollutant pollutant) => For(pollutant).FirstOrDefault(l => l.Period == AveragingPeriod.Day);

    /// <summary>
    /// The 95 % confidence interval as an absolute value in mg/m³ at the reference conditions: the regime's percentage for the
    /// pollutant × its daily limit (IED Annex VI Part 6 1.3). Null when the set has no percentage or no daily limit for it
    /// (EU: Hg and NH3 have a percentage but no daily limit in this set).
    /// </summary>
    public double? ConfidenceIntervalMilligramsPerCubicMetre(StackPollutant pollutant) =>
        ConfidenceIntervalPercentOfDailyLimit.TryGetValue(pollutant, out double percent) && DailyLimit(pollutant) is PermitLimit daily
            ? percent / 100 * daily.ValueMilligramsPerCubicMetre(Regime)
            : null;
}
