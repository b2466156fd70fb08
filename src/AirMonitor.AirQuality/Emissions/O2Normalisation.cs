namespace AirMonitor.AirQuality.Emissions;

/// <summary>How the O2 normalisation treated a value.</summary>
public enum O2Treatment
{
    /// <summary>The factor (K − O_ref)/(K − O_M) was applied (it may be 1 when O_M equals the reference).</summary>
    Normalised,

    /// <summary>The stack's configuration does not O2-correct this pollutant; the value is at actual O2.</summary>
    NotCorrected,

    /// <summary>
    /// An abated pollutant with measured O2 below the reference, under a regime that corrects only above it
    /// (17. BImSchV §17(1)): the value is kept as measured.
    /// </summary>
    KeptBelowReference,
}

/// <summary>The O2 factor applied, how, and the measured O2 after the regime's cap (null when O2 was not used).</summary>
public readonly record struct O2Factor(double Factor, O2Treatment Treatment, double? EffectiveMeasuredO2Percent);

/// <summary>E_S = (K − O_S)/(K − O_M) · E_M with the regime's constant K, cap and below-reference rule.</summary>
public static class O2Normalisation
{
    /// <summary>
    /// The factor for a measured O2 (on the same basis as the concentration) under a regime. Measured O2 above the regime's cap
    /// is taken as the cap (Japan: above 20 → 20). Null when no standardised value exists: measured O2 at or above the
    /// constant (21 − 21 = 0 or negative: the gas is air, or the reading is wrong), or O2 negative or not finite.
    /// </summary>
    public static O2Factor? Factor(double measuredO2Percent, EmissionRegime regime, bool abatedByGasCleaning, out StandardisationFailure failure)
    {
        ArgumentNullException.ThrowIfNull(regime);
        if (!double.IsFinite(measuredO2Percent) || measuredO2Percent < 0)
        {
            failure = StandardisationFailure.O2OutOfRange;
            return null;
        }

        double effective = regime.MeasuredO2CapPercent is double cap ? Math.Min(measuredO2Percent, cap) : measuredO2Percent;
        if (effective >= regime.O2NormalisationConstantPercent)
        {
            failure = StandardisationFailure.O2AtOrAboveNormalisationConstant;
            return null;
        }

        failure = StandardisationFailure.None;
        if (abatedByGasCleaning && regime.CorrectAbatedOnlyAboveReferenceO2 && effective < regime.ReferenceO2Percent)
        {
            return new O2Factor(1, O2Treatment.KeptBelowReference, effective);
        }

        double k = regime.O2NormalisationConstantPercent;
        return new O2Factor((k - regime.ReferenceO2Percent) / (k - effective), O2Treatment.Normalised, effective);
    }

    /// <summary>The concentration at the regime's reference O2, or null with the reason (see <see cref="Factor"/>).</summary>
    public static double? Normalise(double concentration, double measuredO2Percent, EmissionRegime regime, bool abatedByGasCleaning, out StandardisationFailure failure) =>
        Factor(measuredO2Percent, regime, abatedByGasCleaning, out failure) is O2Factor f ? concentration * f.Factor : null;
}
