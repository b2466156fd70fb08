using System.Diagnostics.CodeAnalysis;

namespace AirMonitor.Core.Metrics;

/// <summary>Where a metric is measured: the ambient air, or a plant's stack.</summary>
public enum MetricDomain
{
    Air,
    Emission,
}

public static class MetricDomains
{
    /// <summary>The InfluxDB measurement of a domain's readings (docs/storage.md): <c>air</c> or <c>emission</c>.</summary>
    public static string Measurement(this MetricDomain domain) => domain == MetricDomain.Emission ? "emission" : "air";
}

/// <summary>A canonical metric: its wire name (also the InfluxDB field key), unit, and the physically possible range.</summary>
/// <remarks>The range rejects what no working sensor can report (a decoding fault, a unit mix-up), not what is merely unusual.</remarks>
public sealed record Metric(string Name, string Unit, double Min, double Max, MetricDomain Domain, string Description)
{
    public bool InRange(double value) => value >= Min && value <= Max;
}

/// <summary>
/// The one list of metrics the network knows (docs/architecture.md, "Wire contract v1"). To add a metric, add one line here
/// and one row to docs/storage.md.
/// </summary>
public static class MetricVocabulary
{
    public const string Pm1_0 = "pm1_0";
    public const string Pm2_5 = "pm2_5";
    public const string Pm2_5Cf1 = "pm2_5_cf1";
    public const string Pm4_0 = "pm4_0";
    public const string Pm10 = "pm10";
    public const string Co2 = "co2";
    public const string Co = "co";
    public const string No2 = "no2";
    public const string So2 = "so2";
    public const string O3 = "o3";
    public const string Nox = "nox";
    public const string No = "no";
    public const string Ox = "ox";
    public const string Spm = "spm";
    public const string VocIndex = "voc_index";
    public const string NoxIndex = "nox_index";
    public const string Temperature = "temperature";
    public const string Humidity = "humidity";
    public const string Pressure = "pressure";
    public const string GasResistance = "gas_resistance";
    public const string O2 = "o2";
    public const string StackSo2 = "stack_so2";
    public const string StackNox = "stack_nox";
    public const string StackCo = "stack_co";
    public const string StackHcl = "stack_hcl";
    public const string StackDust = "stack_dust";
    public const string FlueTemperature = "flue_temperature";
    public const string Flow = "flow";
    public const string StackNo = "stack_no";
    public const string StackNo2 = "stack_no2";
    public const string StackCo2 = "stack_co2";
    public const string StackH2o = "stack_h2o";
    public const string StackHf = "stack_hf";
    public const string StackNh3 = "stack_nh3";
    public const string StackToc = "stack_toc";
    public const string StackHg = "stack_hg";
    public const string FluePressure = "flue_pressure";
    public const string FlowActual = "flow_actual";
    public const string FurnaceTemperature = "furnace_temperature";
    public const string PlantState = "plant_state";

    // Ranges: PM up to 10 000 µg/m³ covers dust storms and fires (sensors saturate near 1 000); gases up to
    // the electrochemical cells' over-range; climate within what the BME280/SHT4x can physically report.
    public static IReadOnlyList<Metric> All { get; } =
    [
        new(Pm1_0, "µg/m³", 0, 10_000, MetricDomain.Air, "particulate matter ≤ 1.0 µm"),
        new(Pm2_5, "µg/m³", 0, 10_000, MetricDomain.Air, "particulate matter ≤ 2.5 µm"),
        new(Pm2_5Cf1, "µg/m³", 0, 10_000, MetricDomain.Air, "PM2.5 at CF=1 (Plantower's standard-particle value; the input of the US EPA correction)"),
        new(Pm4_0, "µg/m³", 0, 10_000, MetricDomain.Air, "particulate matter ≤ 4.0 µm"),
        new(Pm10, "µg/m³", 0, 10_000, MetricDomain.Air, "particulate matter ≤ 10 µm"),
        new(Co2, "ppm", 0, 40_000, MetricDomain.Air, "carbon dioxide"),
        new(Co, "ppm", 0, 1_000, MetricDomain.Air, "carbon monoxide"),
        new(No2, "ppb", 0, 20_000, MetricDomain.Air, "nitrogen dioxide"),
        new(So2, "ppb", 0, 20_000, MetricDomain.Air, "sulphur dioxide"),
        new(O3, "ppb", 0, 20_000, MetricDomain.Air, "ozone"),
        new(Nox, "ppb", 0, 20_000, MetricDomain.Air, "nitrogen oxides"),
        new(No, "ppb", 0, 20_000, MetricDomain.Air, "nitric oxide (nitrogen monoxide)"),
        new(Ox, "ppb", 0, 20_000, MetricDomain.Air, "photochemical oxidants as Japan measures them (ozone and other oxidants, by UV absorption or KI)"),
        new(Spm, "µg/m³", 0, 10_000, MetricDomain.Air, "suspended particulate matter: Japan's particles ≤ 10 µm with a 100 % cut-off (beta-ray attenuation)"),
        new(VocIndex, "index", 0, 500, MetricDomain.Air, "Sensirion VOC index (0 while the algorithm starts)"),
        new(NoxIndex, "index", 0, 500, MetricDomain.Air, "Sensirion NOx index (0 while the algorithm starts)"),
        new(Temperature, "°C", -60, 85, MetricDomain.Air, "air temperature"),
        new(Humidity, "%RH", 0, 100, MetricDomain.Air, "relative humidity"),
        new(Pressure, "hPa", 300, 1_100, MetricDomain.Air, "barometric pressure"),
        new(GasResistance, "Ω", 0, 1e9, MetricDomain.Air, "MOX gas sensor resistance"),
        new(O2, "%vol", 0, 25, MetricDomain.Emission, "stack oxygen"),
        new(StackSo2, "ppm", 0, 10_000, MetricDomain.Emission, "stack sulphur dioxide"),
        new(StackNox, "ppm", 0, 10_000, MetricDomain.Emission, "stack nitrogen oxides"),
        new(StackCo, "ppm", 0, 10_000, MetricDomain.Emission, "stack carbon monoxide"),
        new(StackHcl, "mg/m³N", 0, 10_000, MetricDomain.Emission, "stack hydrogen chloride"),
        new(StackDust, "mg/m³N", 0, 10_000, MetricDomain.Emission, "stack dust"),
        new(FlueTemperature, "°C", -40, 1_500, MetricDomain.Emission, "flue gas temperature"),
        new(Flow, "m³N/h", 0, 1e8, MetricDomain.Emission, "stack gas flow, normal conditions"),
        new(StackNo, "ppm", 0, 10_000, MetricDomain.Emission, "stack nitrogen monoxide"),
        new(StackNo2, "ppm", 0, 10_000, MetricDomain.Emission, "stack nitrogen dioxide"),
        new(StackCo2, "%vol", 0, 100, MetricDomain.Emission, "stack carbon dioxide"),
        new(StackH2o, "%vol", 0, 100, MetricDomain.Emission, "stack water vapour (the flue gas's moisture)"),
        new(StackHf, "mg/m³N", 0, 10_000, MetricDomain.Emission, "stack hydrogen fluoride"),
        new(StackNh3, "mg/m³N", 0, 10_000, MetricDomain.Emission, "stack ammonia (slip of SCR/SNCR)"),
        new(StackToc, "mg/m³N", 0, 10_000, MetricDomain.Emission, "stack total organic carbon, as C"),
        new(StackHg, "µg/m³N", 0, 10_000, MetricDomain.Emission, "stack mercury"),
        new(FluePressure, "hPa", 500, 1_500, MetricDomain.Emission, "flue gas absolute pressure"),
        new(FlowActual, "m³/h", 0, 1e8, MetricDomain.Emission, "stack gas flow at stack conditions (temperature, pressure, moisture as in the duct)"),
        new(FurnaceTemperature, "°C", 0, 2_000, MetricDomain.Emission, "furnace (combustion chamber) temperature"),
        new(PlantState, "code", 0, 3, MetricDomain.Emission, "plant operating state: 0 off, 1 start-up, 2 operating (waste fed), 3 shut-down"),
    ];

    // A plain Dictionary, not a FrozenDictionary: the edge no longer loads System.Collections.Immutable for it, 1.6 MiB
    // less framework-dependent, 0.4 deployed (docs/benchmarks.md, "Edge footprint"); costs a few nanoseconds a lookup on ~30 keys.
    private static readonly Dictionary<string, Metric> ByName = All.ToDictionary(m => m.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, [NotNullWhen(true)] out Metric? metric) => ByName.TryGetValue(name, out metric);
}
