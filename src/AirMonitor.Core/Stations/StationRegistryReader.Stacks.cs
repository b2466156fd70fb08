using System.Collections.ObjectModel;
using AirMonitor.Core.Configuration;
using AirMonitor.Core.Contract;
using AirMonitor.Core.Metrics;

namespace AirMonitor.Core.Stations;

/// <summary>The <c>stacks</c> of a plant station (firmware-config/README.md, "Stacks").</summary>
internal sealed partial class StationRegistryReader
{
    private static readonly string[] RequiredStackKeys = ["id", "devices", "regime"];
    private static readonly string[] StackKeys =
        [.. RequiredStackKeys, "time_zone", "reference", "moisture", "o2_corrected", "flow", "nox", "regime_limits", "limits"];
    private static readonly string[] ReferenceKeys = ["o2", "temperature", "pressure"];
    private static readonly string[] MoistureKeys = ["measured", "from"];
    private static readonly string[] RequiredLimitKeys = ["pollutant", "period", "value", "unit"];
    private static readonly string[] LimitKeys = [.. RequiredLimitKeys, "rule", "source"];

    private static readonly (string, StackRegime)[] Regimes =
        [("eu", StackRegime.Eu), ("japan", StackRegime.Japan), ("thailand", StackRegime.Thailand), ("custom", StackRegime.Custom)];

    private static readonly (string, FlowBasis)[] FlowBases =
        [("actual", FlowBasis.Actual), ("normal_wet", FlowBasis.NormalWet), ("normal_dry", FlowBasis.NormalDry)];

    private static readonly (string, NoxSource)[] NoxSources = [("stack_nox", NoxSource.NoxChannel), ("no_plus_no2", NoxSource.NoPlusNo2)];

    private static readonly (string, bool)[] MoistureBases = [("dry", false), ("wet", true)];

    /// <summary>The time zone of a regime's own country, when it has one.</summary>
    private static string? RegimeTimeZone(StackRegime regime) => regime switch
    {
        StackRegime.Japan => "Asia/Tokyo",
        StackRegime.Thailand => "Asia/Bangkok",
        _ => null,
    };

    private List<PlantStack>? Stacks(ConfigurationNode node, string path, StationKind? kind, List<ListedDevice>? devices)
    {
        if (kind is not null and not StationKind.Plant)
        {
            Error(path, "only a plant station has stacks", node.Start);
            return null;
        }

        var stationDevices = devices?.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var stackPathById = new Dictionary<string, string>(StringComparer.Ordinal);
        var stackPathByDevice = new Dictionary<string, string>(StringComparer.Ordinal);
        return Items(node, path, "a list of stacks", "must list at least one stack (or leave the key out)", (item, itemPath) =>
            Stack(item, itemPath, stationDevices, stackPathById, stackPathByDevice));
    }

    private PlantStack? Stack(
        ConfigurationNode node, string path, HashSet<string>? stationDevices, Dictionary<string, string> stackPathById, Dictionary<string, string> stackPathByDevice)
    {
        var keys = Mapping(node, path, StackKeys, RequiredStackKeys, $"a stack (a mapping of {string.Join(", ", StackKeys)})");
        if (keys is null)
        {
            return null;
        }

        var id = Value(keys, path, "id", (n, p) => Text(n, p, text =>
            !DeviceId.IsWellFormed(text) ? $"'{text}' is not a valid stack id: use 1 to {DeviceId.MaxLength} characters from A-Z, a-z, 0-9, '_' and '-'"
            : !stackPathById.TryAdd(text, path) ? $"duplicate stack id '{text}', already used by {stackPathById[text]}"
            : null));
        var devices = Value(keys, path, "devices", (n, p) => Items(n, p, "a list of the station's device ids", "must list at least one device", (item, itemPath) =>
            Text(item, itemPath, text =>
                stationDevices is not null && !stationDevices.Contains(text) ? $"'{text}' is not one of the station's devices"
                : !stackPathByDevice.TryAdd(text, itemPath) ? $"device '{text}' already belongs to the stack at {stackPathByDevice[text]}"
                : null)));
        var regime = Value(keys, path, "regime", (n, p) => OneOf(n, p, "regime", Regimes));
        var timeZone = keys.ContainsKey("time_zone") ? Value(keys, path, "time_zone", TimeZoneId) : regime is { } r ? RegimeTimeZone(r) : null;
        if (timeZone is null && regime is { } known && !keys.ContainsKey("time_zone"))
        {
            Error(Join(path, "time_zone"), $"required for regime '{Regimes.First(x => x.Item2 == known).Item1}': the IANA zone whose days the daily averages use (e.g. Europe/Berlin)", node.Start);
        }

        var reference = keys.ContainsKey("reference") ? Value(keys, path, "reference", Reference) : new ReferenceConditions(null, null, null);
        if (regime is StackRegime.Custom && reference is not null && (reference.O2 is null || reference.Temperature is null || reference.Pressure is null))
        {
            Error(Join(path, "reference"), "regime 'custom' needs o2, temperature and pressure", (keys.GetValueOrDefault("reference") ?? node).Start);
            reference = null;
        }

        var moisture = keys.ContainsKey("moisture") ? Value(keys, path, "moisture", Moisture) : new MoistureSource(false, null, null);
        var o2Corrected = keys.ContainsKey("o2_corrected") ? Value(keys, path, "o2_corrected", Pollutants) : null;
        var flow = keys.ContainsKey("flow") ? Value(keys, path, "flow", (n, p) => OneOf(n, p, "flow basis", FlowBases)) : FlowBasis.Actual;
        var nox = keys.ContainsKey("nox") ? Value(keys, path, "nox", (n, p) => OneOf(n, p, "NOx source", NoxSources)) : NoxSource.NoxChannel;
        var regimeLimits = keys.ContainsKey("regime_limits") ? Value(keys, path, "regime_limits", Boolean) : true;
        var limits = keys.ContainsKey("limits") ? Value(keys, path, "limits", Limits) : [];
        if (id is null || devices is null || regime is null || timeZone is null || reference is null || moisture is null
            || (keys.ContainsKey("o2_corrected") && o2Corrected is null) || flow is null || nox is null || regimeLimits is null || limits is null)
        {
            return null;
        }

        return new PlantStack(id, devices.AsReadOnly(), regime.Value, timeZone)
        {
            ReferenceO2Percent = reference.O2,
            ReferenceTemperatureKelvin = reference.Temperature,
            ReferencePressureKilopascals = reference.Pressure,
            MeasuredWet = moisture.Wet,
            MoistureMetric = moisture.Metric,
            MoisturePercent = moisture.Percent,
            O2Corrected = o2Corrected?.AsReadOnly(),
            Flow = flow.Value,
            Nox = nox.Value,
            RegimeLimits = regimeLimits.Value,
            Limits = limits.AsReadOnly(),
        };
    }

    private string? TimeZoneId(ConfigurationNode node, string path) =>
        Text(node, path, text => TimeZoneInfo.TryFindSystemTimeZoneById(text, out _) ? null : $"unknown time zone '{text}'; use an IANA name such as Asia/Tokyo");

    private ReferenceConditions? Reference(ConfigurationNode node, string path)
    {
        var keys = Mapping(node, path, ReferenceKeys, [], $"a mapping of {string.Join(", ", ReferenceKeys)}");
        if (keys is null)
        {
            return null;
        }

        var o2 = Value(keys, path, "o2", (n, p) => Number(n, p, 0, 20));
        var temperature = Value(keys, path, "temperature", (n, p) => Number(n, p, 250, 350));
        var pressure = Value(keys, path, "pressure", (n, p) => Number(n, p, 80, 120));
        return (keys.ContainsKey("o2") && o2 is null) || (keys.ContainsKey("temperature") && temperature is null) || (keys.ContainsKey("pressure") && pressure is null)
            ? null
            : new ReferenceConditions(o2, temperature, pressure);
    }

    private MoistureSource? Moisture(ConfigurationNode node, string path)
    {
        var keys = Mapping(node, path, MoistureKeys, ["measured"], $"a mapping of {string.Join(", ", MoistureKeys)}");
        if (keys is null)
        {
            return null;
        }

        var wet = Value(keys, path, "measured", (n, p) => OneOf(n, p, "basis", MoistureBases));
        if (wet is null)
        {
            return null;
        }

        if (!keys.TryGetValue("from", out var from))
        {
            if (wet.Value)
            {
                Error(Join(path, "from"), "required with measured: wet: the moisture metric (stack_h2o) or a fixed %vol", node.Start);
                return null;
            }

            return new MoistureSource(false, null, null);
        }

        if (!wet.Value)
        {
            Error(Join(path, "from"), "only with measured: wet (dry values need no moisture)", from.Start);
            return null;
        }

        var fromPath = Join(path, "from");
        if (from is ConfigurationScalar { Value: var text } && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            return Number(from, fromPath, 0, 60) is { } percent ? new MoistureSource(true, null, percent) : null;
        }

        var metric = Text(from, fromPath, name => name == MetricVocabulary.StackH2o ? null : $"'{name}' is not a moisture metric: use stack_h2o, or a fixed %vol");
        return metric is null ? null : new MoistureSource(true, metric, null);
    }

    private List<string>? Pollutants(ConfigurationNode node, string path) =>
        Items(node, path, "a list of pollutant metrics", whenEmpty: null, (item, itemPath) => Text(item, itemPath, ConcentrationMetric));

    private List<StackLimit>? Limits(ConfigurationNode node, string path) =>
        Items(node, path, "a list of limits", whenEmpty: null, Limit);

    private StackLimit? Limit(ConfigurationNode node, string path)
    {
        var keys = Mapping(node, path, LimitKeys, RequiredLimitKeys, $"a limit (a mapping of {string.Join(", ", LimitKeys)})");
        if (keys is null)
        {
            return null;
        }

        var pollutant = Value(keys, path, "pollutant", (n, p) => Text(n, p, ConcentrationMetric));
        var period = Value(keys, path, "period", (n, p) => OneOf(n, p, "period", StackNames.Periods));
        var value = Value(keys, path, "value", (n, p) => Number(n, p, (v, text) => v > 0 ? null : $"{text} is not above 0"));
        var unit = Value(keys, path, "unit", (n, p) => OneOf(n, p, "unit", StackNames.Units));
        var rule = keys.ContainsKey("rule") ? Value(keys, path, "rule", (n, p) => OneOf(n, p, "rule", StackNames.Rules)) : LimitRule.EveryAverage;
        var source = Value(keys, path, "source", Text);
        if (rule is { } r && period is { } at && RuleFor(r) is { } only && only != at)
        {
            Error(Join(path, "rule"), $"{StackNames.Of(r)} holds for period {StackNames.Of(only)} only", keys["rule"].Start);
            return null;
        }

        return pollutant is null || period is null || value is null || unit is null || rule is null || (keys.ContainsKey("source") && source is null)
            ? null
            : new StackLimit(pollutant, period.Value, value.Value, unit.Value) { Rule = rule.Value, Source = source };
    }

    /// <summary>The one period a share rule holds for (IED Annex VI Part 8 1.1(d)); null for <see cref="LimitRule.EveryAverage"/>.</summary>
    private static AveragingPeriod? RuleFor(LimitRule rule) => rule switch
    {
        LimitRule.NinetySevenPercentOfDailyAveragesPerYear => AveragingPeriod.Day,
        LimitRule.NinetyFivePercentOfTenMinuteAveragesIn24Hours => AveragingPeriod.TenMinutes,
        LimitRule.AllHalfHourlyAveragesIn24Hours => AveragingPeriod.HalfHour,
        _ => null,
    };

    /// <summary>The reason a name is not a pollutant concentration of the vocabulary, or null.</summary>
    private static string? ConcentrationMetric(string name) =>
        UnknownMetric(name) ?? (MetricVocabulary.TryGet(name, out var metric) && metric.Domain == MetricDomain.Emission && metric.Unit is "ppm" or "mg/m³N" or "µg/m³N"
            && name is not MetricVocabulary.StackNo and not MetricVocabulary.StackNo2
            ? null
            : $"'{name}' is not a stack pollutant concentration (ppm, mg/m³N or µg/m³N; NO and NO2 count as stack_nox)");

    private sealed record ReferenceConditions(double? O2, double? Temperature, double? Pressure);

    private sealed record MoistureSource(bool Wet, string? Metric, double? Percent);
}
