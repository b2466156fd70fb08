using System.Diagnostics.CodeAnalysis;
using AirMonitor.Core.Metrics;

namespace AirMonitor.AirQuality.Emissions;

/// <summary>
/// The stack pollutants a concentration limit can be set for. NOx is one pollutant, expressed as NO2, whether the analyser
/// gives NOx or NO and NO2 (<see cref="NoxSource"/>). O2, H2O and CO2 are not pollutants here: they are never O2-corrected.
/// </summary>
public enum StackPollutant
{
    So2,
    Nox,
    Co,
    Hcl,
    Hf,
    Nh3,
    Toc,
    Dust,
    Hg,
}

/// <summary>The unit a stack channel reports in (the vocabulary's unit): ppm, mg/m³N or µg/m³N (0 °C, 101.325 kPa).</summary>
public enum ChannelUnit
{
    Ppm,
    MilligramsPerNormalCubicMetre,
    MicrogramsPerNormalCubicMetre,
}

/// <summary>
/// A pollutant's row: its key in text, the vocabulary metric that carries it, that channel's unit, the molar mass used for
/// ppm → mg/m³ (null where the channel is a mass concentration and no conversion is defined: TOC as C, dust, Hg), and
/// the defaults of a stack's configuration: whether it is O2-corrected and whether flue-gas cleaning abates it.
/// </summary>
public sealed record StackPollutantInfo(
    StackPollutant Pollutant,
    string Key,
    string Metric,
    ChannelUnit ChannelUnit,
    double? MolarMassGramsPerMole,
    bool O2CorrectedByDefault,
    bool AbatedByGasCleaningByDefault,
    string Description);

/// <summary>The one table of stack pollutants: vocabulary metric ↔ pollutant ↔ molar mass ↔ defaults.</summary>
public static class StackPollutants
{
    public const string MolarMassSource =
        "Molar masses summed from IUPAC standard atomic weights H 1.00794, C 12.0107, N 14.0067, O 15.9994, S 32.065, " +
        "Cl 35.453 (the single values the 2009 report replaced by intervals: 'Atomic weights of the elements 2009', " +
        "Pure Appl. Chem. 83(2), 359–396, 2011) and F 18.9984032 (the value the 2013 report revised in the 9th digit: " +
        "Pure Appl. Chem. 88, 265–291, 2016)";

    // IUPAC standard atomic weights (see MolarMassSource); the differences from today's abridged values (S 32.06, Cl 35.45)
    // are below 0.02 % of any molar mass here.
    private const double H = 1.00794;
    private const double N = 14.0067;
    private const double O = 15.9994;
    private const double F = 18.9984032;
    private const double S = 32.065;
    private const double Cl = 35.453;
    private const double C = 12.0107;

    /// <summary>SO2: 64.0638 g/mol.</summary>
    public const double So2MolarMass = S + 2 * O;

    /// <summary>NO2: 46.0055 g/mol; NOx is expressed as NO2 ("angegeben als Stickstoffdioxid", 17. BImSchV).</summary>
    public const double No2MolarMass = N + 2 * O;

    /// <summary>CO: 28.0101 g/mol.</summary>
    public const double CoMolarMass = C + O;

    /// <summary>HCl: 36.46094 g/mol.</summary>
    public const double HclMolarMass = H + Cl;

    /// <summary>HF: 20.00634 g/mol.</summary>
    public const double HfMolarMass = H + F;

    /// <summary>NH3: 17.03052 g/mol.</summary>
    public const double Nh3MolarMass = N + 3 * H;

    /// <summary>Every pollutant, in <see cref="StackPollutant"/> order.</summary>
    public static IReadOnlyList<StackPollutantInfo> All { get; } =
    [
        new(StackPollutant.So2, "so2", MetricVocabulary.StackSo2, ChannelUnit.Ppm, So2MolarMass, true, true, "sulphur dioxide"),
        new(StackPollutant.Nox, "nox", MetricVocabulary.StackNox, ChannelUnit.Ppm, No2MolarMass, true, true, "nitrogen oxides (NO + NO2) as NO2"),
        new(StackPollutant.Co, "co", MetricVocabulary.StackCo, ChannelUnit.Ppm, CoMolarMass, true, false, "carbon monoxide"),
        new(StackPollutant.Hcl, "hcl", MetricVocabulary.StackHcl, ChannelUnit.MilligramsPerNormalCubicMetre, HclMolarMass, true, true, "hydrogen chloride"),
        new(StackPollutant.Hf, "hf", MetricVocabulary.StackHf, ChannelUnit.MilligramsPerNormalCubicMetre, HfMolarMass, true, true, "hydrogen fluoride"),
        new(StackPollutant.Nh3, "nh3", MetricVocabulary.StackNh3, ChannelUnit.MilligramsPerNormalCubicMetre, Nh3MolarMass, true, false, "ammonia (reagent slip)"),
        new(StackPollutant.Toc, "toc", MetricVocabulary.StackToc, ChannelUnit.MilligramsPerNormalCubicMetre, null, true, false, "total organic carbon, as C"),
        new(StackPollutant.Dust, "dust", MetricVocabulary.StackDust, ChannelUnit.MilligramsPerNormalCubicMetre, null, true, true, "total dust"),
        new(StackPollutant.Hg, "hg", MetricVocabulary.StackHg, ChannelUnit.MicrogramsPerNormalCubicMetre, null, true, true, "mercury"),
    ];

    /// <summary>Every pollutant, in enum order.</summary>
    public static IReadOnlyList<StackPollutant> AllPollutants { get; } = [.. All.Select(p => p.Pollutant)];

    /// <summary>The metrics an analyser may give NOx as, when it reports NO and NO2 separately (ppm each).</summary>
    public static IReadOnlyList<string> NoxComponentMetrics { get; } = [MetricVocabulary.StackNo, MetricVocabulary.StackNo2];

    private static readonly Dictionary<string, StackPollutant> ByMetric = All.ToDictionary(p => p.Metric, p => p.Pollutant, StringComparer.Ordinal);

    public static StackPollutantInfo Info(this StackPollutant pollutant) =>
        (uint)pollutant < (uint)All.Count ? All[(int)pollutant] : throw new ArgumentOutOfRangeException(nameof(pollutant), pollutant, "unknown pollutant");

    /// <summary>The short key of a pollutant in text (<c>so2</c>, <c>nox</c>, …).</summary>
    public static string Key(this StackPollutant pollutant) => pollutant.Info().Key;

    /// <summary>The pollutant a vocabulary metric carries (<c>stack_so2</c> → SO2). NO and NO2 components are not mapped; see <see cref="NoxComponentMetrics"/>.</summary>
    public static bool TryFromMetric(string metric, [NotNullWhen(true)] out StackPollutant? pollutant)
    {
        if (ByMetric.TryGetValue(metric, out StackPollutant found))
        {
            pollutant = found;
            return true;
        }

        pollutant = null;
        return false;
    }
}
