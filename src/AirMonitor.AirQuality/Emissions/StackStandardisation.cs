using AirMonitor.Core.Stations;
using AirMonitor.Core.Metrics;

namespace AirMonitor.AirQuality.Emissions;

/// <summary>A computed value, or null with the reason it could not be computed.</summary>
public readonly record struct StackValue(double? Value, StandardisationFailure Failure)
{
    public static StackValue Of(double value) => new(value, StandardisationFailure.None);

    public static StackValue Failed(StandardisationFailure failure) => new(null, failure);

    public bool HasValue => Value.HasValue;
}

/// <summary>
/// One pollutant of a standardised sample. Concentrations are mg/m³ at the regime's reference T, p and basis;
/// <see cref="AtActualO2MilligramsPerCubicMetre"/> keeps the actual O2 (the mass uses it), and
/// <see cref="StandardisedMilligramsPerCubicMetre"/> is at the reference O2 (the limits use it). <see cref="O2"/> says what
/// the O2 step did (null when it was not reached).
/// </summary>
public sealed record PollutantStandardisation(
    StackPollutant Pollutant,
    StackValue AtActualO2MilligramsPerCubicMetre,
    StackValue StandardisedMilligramsPerCubicMetre,
    StackValue MassKilogramsPerHour,
    O2Factor? O2);

/// <summary>
/// A stack's sample standardised: the flow at the regime's T, p and basis, each configured pollutant, and the configuration
/// that produced them (<see cref="ConfigurationFingerprint"/>, with its full <see cref="ConfigurationText"/>).
/// </summary>
public sealed record StackStandardisation(
    string ConfigurationFingerprint,
    string ConfigurationText,
    EmissionRegime Regime,
    StackValue FlowCubicMetresPerHour,
    IReadOnlyList<PollutantStandardisation> Pollutants)
{
    /// <summary>The result for one pollutant, or null when the configuration does not measure it.</summary>
    public PollutantStandardisation? For(StackPollutant pollutant) => Pollutants.FirstOrDefault(p => p.Pollutant == pollutant);

    /// <summary>
    /// Standardises one set of simultaneous (or same-period averaged) channel values of a stack, keyed by vocabulary metric
    /// (<c>stack_so2</c>, <c>o2</c>, <c>stack_h2o</c>, <c>flue_temperature</c> °C, <c>flue_pressure</c> hPa absolute,
    /// <c>flow_actual</c> or <c>flow</c>, …), in the vocabulary's units. An absent key is a missing value.
    /// Steps per pollutant: channel unit → mg/m³ at the regime's T and p; measured basis → the regime's basis; then the O2
    /// factor for the standardised value; the mass from the value at actual O2 and the flow on the same T, p and basis.
    /// </summary>
    /// <exception cref="ArgumentException">The configuration fails <see cref="StackConfiguration.Validate"/>.</exception>
    public static StackStandardisation Standardise(StackConfiguration configuration, IReadOnlyDictionary<string, double> channels)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(channels);
        configuration.Validate();

        EmissionRegime regime = configuration.EffectiveRegime;
        StackValue moisture = configuration.FixedMoisturePercent is double fixedMoisture
            ? StackValue.Of(fixedMoisture)
            : Read(channels, MetricVocabulary.StackH2o, StandardisationFailure.MissingMoisture, StandardisationFailure.MoistureOutOfRange);
        if (moisture.Value is double h2o && !(h2o is >= 0 and < 100))
        {
            moisture = StackValue.Failed(StandardisationFailure.MoistureOutOfRange);
        }

        StackValue flow = Flow(configuration, regime, channels, moisture);
        StackValue o2 = ConcentrationToBasis(
            Read(channels, MetricVocabulary.O2, StandardisationFailure.MissingO2, StandardisationFailure.O2OutOfRange),
            configuration.O2MeasuredBasis, regime.ReferenceBasis, moisture);

        var pollutants = new List<PollutantStandardisation>();
        foreach (StackPollutant pollutant in StackPollutants.AllPollutants.Where(p => configuration.Pollutants.Contains(p)))
        {
            StackValue atActualO2 = ConcentrationToBasis(
                AtReferenceConditions(pollutant, configuration, regime, channels),
                configuration.BasisOf(pollutant), regime.ReferenceBasis, moisture);

            StackValue mass = atActualO2.Value is double c && flow.Value is double q
                ? StackValue.Of(StackConversions.MassEmissionKilogramsPerHour(c, q))
                : StackValue.Failed(atActualO2.HasValue ? flow.Failure : atActualO2.Failure);

            (StackValue standardised, O2Factor? factor) = Normalise(pollutant, configuration, regime, atActualO2, o2);
            pollutants.Add(new PollutantStandardisation(pollutant, atActualO2, standardised, mass, factor));
        }

        return new StackStandardisation(configuration.Fingerprint, configuration.CanonicalText, regime, flow, pollutants);
    }

    private static (StackValue Value, O2Factor? Factor) Normalise(
        StackPollutant pollutant, StackConfiguration configuration, EmissionRegime regime, StackValue atActualO2, StackValue o2)
    {
        if (atActualO2.Value is not double c)
        {
            return (atActualO2, null);
        }

        if (!configuration.IsO2Corrected(pollutant))
        {
            return (atActualO2, new O2Factor(1, O2Treatment.NotCorrected, null));
        }

        if (o2.Value is not double measuredO2)
        {
            return (StackValue.Failed(o2.Failure), null);
        }

        return O2Normalisation.Factor(measuredO2, regime, configuration.IsAbated(pollutant), out StandardisationFailure failure) is O2Factor f
            ? (StackValue.Of(c * f.Factor), f)
            : (StackValue.Failed(failure), null);
    }

    // The pollutant's channel in mg/m³ at the regime's T and p, still on the analyser's basis and at actual O2.
    private static StackValue AtReferenceConditions(
        StackPollutant pollutant, StackConfiguration configuration, EmissionRegime regime, IReadOnlyDictionary<string, double> channels)
    {
        StackPollutantInfo info = pollutant.Info();
        StackValue raw = pollutant == StackPollutant.Nox && configuration.NoxSource == NoxSource.NoPlusNo2
            ? Sum(ReadConcentration(channels, MetricVocabulary.StackNo), ReadConcentration(channels, MetricVocabulary.StackNo2))
            : ReadConcentration(channels, info.Metric);
        if (raw.Value is not double value)
        {
            return raw;
        }

        double t = regime.ReferenceTemperatureKelvin;
        double p = regime.ReferencePressureKilopascals;
        return StackValue.Of(info.ChannelUnit switch
        {
            ChannelUnit.Ppm => StackConversions.PpmToMilligramsPerCubicMetre(value, info.MolarMassGramsPerMole!.Value, t, p),
            ChannelUnit.MilligramsPerNormalCubicMetre => FromNormal(value, t, p),
            _ => FromNormal(value / 1000, t, p),
        });
    }

    private static double FromNormal(double milligramsPerNormalCubicMetre, double t, double p) =>
        StackConversions.MassConcentrationAtConditions(
            milligramsPerNormalCubicMetre, EmissionRegimes.NormalTemperatureKelvin, EmissionRegimes.NormalPressureKilopascals, t, p);

    // The flow in m³/h at the regime's T, p and basis.
    private static StackValue Flow(StackConfiguration configuration, EmissionRegime regime, IReadOnlyDictionary<string, double> channels, StackValue moisture)
    {
        StackValue raw = Read(channels, configuration.FlowMetric, StandardisationFailure.MissingFlow, StandardisationFailure.InvalidFlow);
        if (raw.Value is not double q)
        {
            return raw;
        }

        double fromT = EmissionRegimes.NormalTemperatureKelvin;
        double fromP = EmissionRegimes.NormalPressureKilopascals;
        if (configuration.FlowBasis == FlowBasis.Actual)
        {
            StackValue temperature = Read(channels, MetricVocabulary.FlueTemperature,
                StandardisationFailure.MissingFlueTemperature, StandardisationFailure.FlueTemperatureOutOfRange);
            StackValue pressure = Read(channels, MetricVocabulary.FluePressure,
                StandardisationFailure.MissingFluePressure, StandardisationFailure.FluePressureOutOfRange);
            if (temperature.Value is not double celsius)
            {
                return temperature;
            }

            if (pressure.Value is not double hectopascals)
            {
                return pressure;
            }

            fromT = StackConversions.CelsiusToKelvin(celsius);
            fromP = StackConversions.HectopascalsToKilopascals(hectopascals);
            if (fromT <= 0)
            {
                return StackValue.Failed(StandardisationFailure.FlueTemperatureOutOfRange);
            }

            if (fromP <= 0)
            {
                return StackValue.Failed(StandardisationFailure.FluePressureOutOfRange);
            }
        }

        double atReference = StackConversions.VolumeAtConditions(q, fromT, fromP, regime.ReferenceTemperatureKelvin, regime.ReferencePressureKilopascals);
        GasBasis flowBasis = configuration.FlowBasis == FlowBasis.NormalDry ? GasBasis.Dry : GasBasis.Wet;
        if (flowBasis == regime.ReferenceBasis)
        {
            return StackValue.Of(atReference);
        }

        if (moisture.Value is not double h2o)
        {
            return moisture;
        }

        return StackValue.Of(flowBasis == GasBasis.Wet
            ? StackConversions.WetToDryVolume(atReference, h2o)
            : StackConversions.DryToWetVolume(atReference, h2o));
    }

    private static StackValue ConcentrationToBasis(StackValue value, GasBasis from, GasBasis to, StackValue moisture)
    {
        if (value.Value is not double v || from == to)
        {
            return value;
        }

        if (moisture.Value is not double h2o)
        {
            return moisture;
        }

        return StackValue.Of(from == GasBasis.Wet
            ? StackConversions.WetToDryConcentration(v, h2o)
            : StackConversions.DryToWetConcentration(v, h2o));
    }

    private static StackValue ReadConcentration(IReadOnlyDictionary<string, double> channels, string metric) =>
        Read(channels, metric, StandardisationFailure.MissingConcentration, StandardisationFailure.InvalidConcentration);

    private static StackValue Read(IReadOnlyDictionary<string, double> channels, string metric, StandardisationFailure missing, StandardisationFailure invalid)
    {
        if (!channels.TryGetValue(metric, out double value))
        {
            return StackValue.Failed(missing);
        }

        return double.IsFinite(value) ? StackValue.Of(value) : StackValue.Failed(invalid);
    }

    private static StackValue Sum(StackValue a, StackValue b) =>
        a.Value is double x && b.Value is double y ? StackValue.Of(x + y) : (a.HasValue ? b : a);
}
