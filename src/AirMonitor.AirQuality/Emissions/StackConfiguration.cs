using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AirMonitor.Core.Metrics;
using AirMonitor.Core.Stations;

namespace AirMonitor.AirQuality.Emissions;

/// <summary>
/// A stack's standardisation settings, as the registry will hold them: the regime, any overrides of its reference O2,
/// T and p, the measured basis of each analyser and of O2, where the moisture comes from, which pollutants are O2-corrected
/// and which are abated by gas cleaning, the flow channel and its basis, and the NOx source.
/// Two configurations with the same arithmetic have the same <see cref="CanonicalText"/> and <see cref="Fingerprint"/>,
/// and are equal.
/// </summary>
public sealed record StackConfiguration
{
    public const string CanonicalVersion = "stack-standardisation/v1";

    public required EmissionRegime Regime { get; init; }

    public double? ReferenceO2PercentOverride { get; init; }

    public double? ReferenceTemperatureKelvinOverride { get; init; }

    public double? ReferencePressureKilopascalsOverride { get; init; }

    /// <summary>The pollutants the stack measures; default all.</summary>
    public IReadOnlyList<StackPollutant> Pollutants { get; init; } = StackPollutants.AllPollutants;

    /// <summary>The basis the analysers report on (an extractive cold-dry system: dry; in-situ or hot-wet: wet).</summary>
    public GasBasis MeasuredBasis { get; init; } = GasBasis.Dry;

    /// <summary>Analysers whose basis differs from <see cref="MeasuredBasis"/> (e.g. an in-situ dust monitor, wet).</summary>
    public IReadOnlyDictionary<StackPollutant, GasBasis> MeasuredBasisOverrides { get; init; } = new Dictionary<StackPollutant, GasBasis>();

    /// <summary>The basis of the O2 reading (a zirconia probe in the duct: wet).</summary>
    public GasBasis O2MeasuredBasis { get; init; } = GasBasis.Dry;

    /// <summary>A fixed flue-gas moisture in %vol; null when <c>stack_h2o</c> is measured.</summary>
    public double? FixedMoisturePercent { get; init; }

    /// <summary>The pollutants O2-corrected; null for the defaults (all of them, <see cref="StackPollutantInfo.O2CorrectedByDefault"/>).</summary>
    public IReadOnlyCollection<StackPollutant>? O2CorrectedPollutants { get; init; }

    /// <summary>The pollutants abated by the stack's gas cleaning; null for the defaults (<see cref="StackPollutantInfo.AbatedByGasCleaningByDefault"/>).</summary>
    public IReadOnlyCollection<StackPollutant>? AbatedPollutants { get; init; }

    public FlowBasis FlowBasis { get; init; } = FlowBasis.Actual;

    public NoxSource NoxSource { get; init; } = NoxSource.NoxChannel;

    /// <summary>The regime with this stack's overrides applied.</summary>
    public EmissionRegime EffectiveRegime => Regime with
    {
        ReferenceO2Percent = ReferenceO2PercentOverride ?? Regime.ReferenceO2Percent,
        ReferenceTemperatureKelvin = ReferenceTemperatureKelvinOverride ?? Regime.ReferenceTemperatureKelvin,
        ReferencePressureKilopascals = ReferencePressureKilopascalsOverride ?? Regime.ReferencePressureKilopascals,
    };

    /// <summary>The flow metric the configuration reads: <c>flow_actual</c> or <c>flow</c>.</summary>
    public string FlowMetric => FlowBasis == FlowBasis.Actual ? MetricVocabulary.FlowActual : MetricVocabulary.Flow;

    public bool IsO2Corrected(StackPollutant pollutant) =>
        O2CorrectedPollutants?.Contains(pollutant) ?? pollutant.Info().O2CorrectedByDefault;

    public bool IsAbated(StackPollutant pollutant) =>
        AbatedPollutants?.Contains(pollutant) ?? pollutant.Info().AbatedByGasCleaningByDefault;

    public GasBasis BasisOf(StackPollutant pollutant) =>
        MeasuredBasisOverrides.TryGetValue(pollutant, out GasBasis basis) ? basis : MeasuredBasis;

    /// <summary>
    /// Throws when the configuration cannot standardise any sample: an invalid effective regime, a fixed moisture outside
    /// 0–100 %, no pollutants.
    /// </summary>
    /// <exception cref="ArgumentException">The configuration is unusable; the message names the setting.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Regime, nameof(Regime));
        EffectiveRegime.Validate();
        if (FixedMoisturePercent is double h2o && !(h2o is >= 0 and < 100))
        {
            throw new ArgumentOutOfRangeException(nameof(FixedMoisturePercent), h2o, "a fixed moisture must be at least 0 % and below 100 %");
        }

        if (Pollutants.Count == 0)
        {
            throw new ArgumentException("a stack configuration needs at least one pollutant", nameof(Pollutants));
        }
    }

    /// <summary>
    /// Every setting that changes a standardised number, one <c>key=value</c> per line in a fixed order, numbers in invariant
    /// round-trip form, sets in <see cref="StackPollutant"/> order and limited to the measured pollutants. Names and source texts are left out: two configurations
    /// that compute the same numbers have the same text. The first line is <see cref="CanonicalVersion"/>.
    /// </summary>
    public string CanonicalText
    {
        get
        {
            EmissionRegime r = EffectiveRegime;
            var text = new StringBuilder();
            void Line(string key, string value) => text.Append(key).Append('=').Append(value).Append('\n');

            text.Append(CanonicalVersion).Append('\n');
            Line("reference_temperature_k", Number(r.ReferenceTemperatureKelvin));
            Line("reference_pressure_kpa", Number(r.ReferencePressureKilopascals));
            Line("reference_basis", BasisText(r.ReferenceBasis));
            Line("reference_o2_percent", Number(r.ReferenceO2Percent));
            Line("o2_constant_percent", Number(r.O2NormalisationConstantPercent));
            Line("o2_cap_percent", r.MeasuredO2CapPercent is double cap ? Number(cap) : "none");
            Line("abated_corrected_only_above_reference_o2", r.CorrectAbatedOnlyAboveReferenceO2 ? "true" : "false");
            Line("pollutants", Set(Pollutants.Contains));
            Line("o2_corrected", Set(p => Pollutants.Contains(p) && IsO2Corrected(p)));
            Line("abated", Set(p => Pollutants.Contains(p) && IsAbated(p)));
            Line("measured_basis", BasisText(MeasuredBasis));
            Line("measured_basis_overrides", string.Join(',',
                StackPollutants.AllPollutants.Where(p => Pollutants.Contains(p) && BasisOf(p) != MeasuredBasis).Select(p => $"{p.Key()}:{BasisText(BasisOf(p))}")));
            Line("o2_measured_basis", BasisText(O2MeasuredBasis));
            Line("moisture", FixedMoisturePercent is double h2o ? $"fixed:{Number(h2o)}" : MetricVocabulary.StackH2o);
            Line("flow", $"{FlowMetric}:{FlowBasis switch
            {
                FlowBasis.Actual => "actual_wet",
                FlowBasis.NormalWet => "normal_wet",
                _ => "normal_dry",
            }}");
            Line("nox", NoxSource == NoxSource.NoxChannel ? MetricVocabulary.StackNox : $"{MetricVocabulary.StackNo}+{MetricVocabulary.StackNo2}");
            return text.ToString();
        }
    }

    /// <summary>The first 12 hex digits (lower case) of the SHA-256 of the UTF-8 <see cref="CanonicalText"/>.</summary>
    public string Fingerprint => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalText)))[..12];

    public bool Equals(StackConfiguration? other) =>
        other is not null && string.Equals(CanonicalText, other.CanonicalText, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(CanonicalText);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string BasisText(GasBasis basis) => basis == GasBasis.Dry ? "dry" : "wet";

    private static string Set(Func<StackPollutant, bool> member) =>
        string.Join(',', StackPollutants.AllPollutants.Where(member).Select(p => p.Key()));
}
