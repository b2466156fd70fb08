using AirMonitor.Core.Stations;

namespace AirMonitor.AirQuality.Emissions;

/// <summary>
/// Everything a stack of the station registry is derived and judged by: its standardisation, its limits (the regime's
/// built-in set with the permit's own limits over it), the calendar of its days, the rule of a valid day, and the
/// short-term periods to average (the regime's own and every shorter-than-a-day period a limit names).
/// </summary>
public sealed record StackRules(
    PlantStack Stack,
    StackConfiguration Configuration,
    PermitLimitSet Limits,
    AveragingCalendar Calendar,
    ValidDayRule DayRule,
    IReadOnlyList<AveragingPeriod> ShortPeriods)
{
    /// <summary>Where a period's value and every count of the regime come from: the EU judges half-hours, Japan and Thailand hours.</summary>
    public AveragingPeriod BasePeriod => ShortPeriods[0];

    /// <summary>The rules of a registry stack.</summary>
    /// <exception cref="ArgumentException">The stack's reference conditions cannot standardise (the registry checks their ranges, so only a custom regime can get here).</exception>
    public static StackRules For(PlantStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var (regime, builtIn, dayRule, basePeriod) = stack.Regime switch
        {
            StackRegime.Eu => (EmissionRegimes.EuWasteIncineration, PermitLimitSets.EuWasteIncineration, ValidDayRule.Ied, AveragingPeriod.HalfHour),
            StackRegime.Japan => (EmissionRegimes.JapanWasteIncinerator, PermitLimitSets.JapanWasteIncinerator(JapanIncineratorClass.OtherWithoutDustLimit), QualifyingOnly, AveragingPeriod.Hour),
            StackRegime.Thailand => (EmissionRegimes.ThailandCems, Empty(EmissionRegimes.ThailandCems), QualifyingOnly, AveragingPeriod.Hour),
            _ => (Custom(stack), Empty(Custom(stack)), QualifyingOnly, AveragingPeriod.Hour),
        };

        var configuration = new StackConfiguration
        {
            Regime = regime,
            ReferenceO2PercentOverride = stack.ReferenceO2Percent,
            ReferenceTemperatureKelvinOverride = stack.ReferenceTemperatureKelvin,
            ReferencePressureKilopascalsOverride = stack.ReferencePressureKilopascals,
            MeasuredBasis = stack.MeasuredWet ? GasBasis.Wet : GasBasis.Dry,
            O2MeasuredBasis = stack.MeasuredWet ? GasBasis.Wet : GasBasis.Dry,
            FixedMoisturePercent = stack.MoisturePercent,
            O2CorrectedPollutants = stack.O2Corrected?.Select(Pollutant).ToList(),
            FlowBasis = stack.Flow,
            NoxSource = stack.Nox,
        };
        configuration.Validate();

        var permit = stack.Limits.Select(l => new PermitLimit(
            Pollutant(l.Pollutant), l.Period, l.Value, l.Unit, l.Rule, "the plant's permit", SourceMark.Permit, l.Source ?? "the station registry")).ToList();
        var kept = stack.RegimeLimits
            ? builtIn.Limits.Where(b => !permit.Any(p => p.Pollutant == b.Pollutant && p.Period == b.Period && p.Rule == b.Rule))
            : [];
        var limits = builtIn with
        {
            Regime = configuration.EffectiveRegime,
            Limits = [.. kept, .. permit],
        };

        var periods = new List<AveragingPeriod> { basePeriod };
        periods.AddRange(limits.Limits.Select(l => l.Period).Where(p => p != AveragingPeriod.Day && p != basePeriod).Distinct().Order());
        return new StackRules(stack, configuration, limits, new AveragingCalendar(TimeZoneInfo.FindSystemTimeZoneById(stack.TimeZone)), dayRule, periods);
    }

    /// <summary>The length of a short-term period.</summary>
    public static TimeSpan LengthOf(AveragingPeriod period) => period switch
    {
        AveragingPeriod.TenMinutes => TimeSpan.FromMinutes(10),
        AveragingPeriod.HalfHour => TimeSpan.FromMinutes(30),
        AveragingPeriod.Hour => TimeSpan.FromHours(1),
        AveragingPeriod.FourHours => TimeSpan.FromHours(4),
        _ => TimeSpan.FromDays(1),
    };

    /// <summary>
    /// The confidence interval subtracted from the pollutant's averages before they are judged, mg/m³ at the reference
    /// conditions: the EU's (IED Annex VI Part 6 1.3) where the set has a daily limit; 0 elsewhere (Japan and Thailand
    /// judge the standardised values as they are).
    /// </summary>
    public double ConfidenceInterval(StackPollutant pollutant) => Limits.ConfidenceIntervalMilligramsPerCubicMetre(pollutant) ?? 0;

    // Outside the EU no discard count is known; a daily average still needs EN 17255-1's qualifying period.
    private static ValidDayRule QualifyingOnly { get; } = new(int.MaxValue, ValidDayRule.AllInvalidCauses, ValidDayRule.QualifyingPeriod);

    private static EmissionRegime Custom(PlantStack stack) => new(
        "custom",
        stack.ReferenceTemperatureKelvin ?? EmissionRegimes.NormalTemperatureKelvin,
        stack.ReferencePressureKilopascals ?? EmissionRegimes.NormalPressureKilopascals,
        GasBasis.Dry,
        stack.ReferenceO2Percent ?? 0,
        O2NormalisationConstantPercent: 21,
        MeasuredO2CapPercent: null,
        CorrectAbatedOnlyAboveReferenceO2: false,
        "the station registry");

    private static PermitLimitSet Empty(EmissionRegime regime) =>
        new(regime.Name, regime, [], new Dictionary<StackPollutant, double>(), "no confidence interval is subtracted");

    private static StackPollutant Pollutant(string metric) =>
        StackPollutants.TryFromMetric(metric, out var pollutant)
            ? pollutant.Value
            : throw new ArgumentException($"'{metric}' is not a stack pollutant (the registry lets only pollutant concentrations through)", nameof(metric));
}
