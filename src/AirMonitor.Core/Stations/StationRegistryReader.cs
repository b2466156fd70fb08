using System.Collections.ObjectModel;
using AirMonitor.Core.Configuration;
using AirMonitor.Core.Contract;

namespace AirMonitor.Core.Stations;

/// <summary>The station registry schema: which keys, which values, and the checks across stations (ids and devices used once).</summary>
internal sealed partial class StationRegistryReader : ConfigurationReader
{
    private const string StationsKey = "stations";
    private const int MaxTagKeyLength = 64;

    private static readonly string[] RootKeys = [StationsKey];
    private static readonly string[] RequiredStationKeys =
        ["id", "name", "kind", "city", "district", "latitude", "longitude", "devices"];
    private static readonly string[] StationKeys = [.. RequiredStationKeys, "tags", "stacks", OxRegionKey];
    private const string OxRegionKey = "ox_region";
    private static readonly (string Name, int Value)[] OxRegionNames = [.. OxRegions.Kanagawa.Select((r, i) => (r, i))];
    private static readonly string[] DeviceKeys = ["id", "sensors", PmCorrectionKey];
    private static readonly string[] RequiredDeviceKeys = ["id"];
    private const string PmCorrectionKey = "pm_correction";
    private static readonly (string Name, bool Value)[] PmCorrections = [(Station.UsEpaPlantowerCorrection, true)];
    private static readonly (string Name, StationKind Value)[] Kinds = [.. Enum.GetValues<StationKind>().Select(k => (k.TagValue(), k))];

    private readonly Dictionary<string, string> _stationPathById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _ownerByDevice = new(StringComparer.Ordinal);

    private StationRegistryReader()
    {
    }

    public static (IReadOnlyList<Station> Stations, IReadOnlyList<string> Errors) Read(string yaml)
    {
        var reader = new StationRegistryReader();
        var stations = reader.ReadDocument(yaml);
        return (stations ?? [], reader.Errors);
    }

    private List<Station>? ReadDocument(string yaml)
    {
        if (Root(yaml, StationsKey, "required key is missing (the file has no YAML content)") is not { } document)
        {
            return null;
        }

        var root = Mapping(document, "", RootKeys, RootKeys, $"a mapping with the key '{StationsKey}'");
        return root is null ? null : Value(root, "", StationsKey, (node, path) => Items(node, path, "a list of stations", whenEmpty: null, ReadStation));
    }

    private Station? ReadStation(ConfigurationNode node, string path)
    {
        var keys = Mapping(node, path, StationKeys, RequiredStationKeys, $"a station (a mapping of {string.Join(", ", StationKeys)})");
        if (keys is null)
        {
            return null;
        }

        var id = Value(keys, path, "id", (n, p) => StationId(n, p, path));
        var name = Value(keys, path, "name", Text);
        var kind = Value(keys, path, "kind", (n, p) => OneOf(n, p, "kind", Kinds));
        var city = Value(keys, path, "city", Text);
        var district = Value(keys, path, "district", Text);
        var latitude = Value(keys, path, "latitude", (n, p) => Number(n, p, -90, 90));
        var longitude = Value(keys, path, "longitude", (n, p) => Number(n, p, -180, 180));
        var devices = Value(keys, path, "devices", (n, p) => Devices(n, p, id));
        var tags = keys.ContainsKey("tags") ? Value(keys, path, "tags", Tags) : ReadOnlyDictionary<string, string>.Empty;
        var stacks = keys.ContainsKey("stacks") ? Value(keys, path, "stacks", (n, p) => Stacks(n, p, kind, devices)) : [];
        var oxRegion = keys.ContainsKey(OxRegionKey)
            ? Value(keys, path, OxRegionKey, (n, p) => OneOf(n, p, OxRegionKey, OxRegionNames, hint: true)) is { } region ? OxRegions.Kanagawa[region] : null
            : "";
        if (id is null || name is null || kind is null || city is null || district is null
            || latitude is null || longitude is null || devices is null || tags is null || stacks is null || oxRegion is null)
        {
            return null;
        }

        return new Station(id, name, kind.Value, city, district, latitude.Value, longitude.Value, devices.Select(d => d.Id).ToList().AsReadOnly())
        {
            Tags = tags,
            Declarations = Declarations(devices),
            CorrectedPmDevices = devices.Any(d => d.PmCorrected)
                ? new ReadOnlySet<string>(devices.Where(d => d.PmCorrected).Select(d => d.Id).ToHashSet(StringComparer.Ordinal))
                : ReadOnlySet<string>.Empty,
            Stacks = stacks.Count == 0 ? ReadOnlyCollection<PlantStack>.Empty : stacks.AsReadOnly(),
            OxRegion = oxRegion.Length == 0 ? null : oxRegion,
        };
    }

    private string? Id(ConfigurationNode node, string path) =>
        Text(node, path, text => DeviceId.IsValid(text) ? null : $"'{text}' is not a valid id: use 1 to {DeviceId.MaxLength} characters from A-Z, a-z, 0-9, '_' and '-'");

    private string? StationId(ConfigurationNode node, string path, string stationPath)
    {
        var id = Id(node, path);
        if (id is not null && !_stationPathById.TryAdd(id, stationPath))
        {
            Error(path, $"duplicate station id '{id}', already used by {_stationPathById[id]}", node.Start);
            return null;
        }

        return id;
    }

    private List<ListedDevice>? Devices(ConfigurationNode node, string path, string? stationId) =>
        Items(node, path, "a list of device ids", "must list at least one device", (item, itemPath) => Device(item, itemPath, stationId));

    /// <summary>A plain device id, or a mapping of the id and the sensors the device declares.</summary>
    private ListedDevice? Device(ConfigurationNode node, string path, string? stationId)
    {
        if (node is not ConfigurationMapping)
        {
            return ListedId(node, path, stationId) is { } plain ? new ListedDevice(plain, null, false) : null;
        }

        var keys = Mapping(node, path, DeviceKeys, RequiredDeviceKeys, $"a device (a mapping of {string.Join(", ", DeviceKeys)})");
        if (keys is null)
        {
            return null;
        }

        var id = Value(keys, path, "id", (n, p) => ListedId(n, p, stationId));
        var sensors = keys.ContainsKey("sensors") ? Value(keys, path, "sensors", Sensors) : null;
        var corrected = keys.ContainsKey(PmCorrectionKey) ? Value(keys, path, PmCorrectionKey, (n, p) => OneOf(n, p, PmCorrectionKey, PmCorrections)) : false;
        return id is null || (keys.ContainsKey("sensors") && sensors is null) || corrected is null ? null : new ListedDevice(id, sensors, corrected.Value);
    }

    private string? ListedId(ConfigurationNode node, string path, string? stationId)
    {
        var device = Id(node, path);
        var owner = stationId is null ? path : $"station '{stationId}' ({path})";
        if (device is not null && !_ownerByDevice.TryAdd(device, owner))
        {
            Error(path, $"device '{device}' is already listed under {_ownerByDevice[device]}", node.Start);
            return null;
        }

        return device;
    }

    private DeclaredSensors? Sensors(ConfigurationNode node, string path)
    {
        var sensors = NamedValues<IReadOnlySet<string>>(
            node,
            path,
            "a mapping of sensor name to its metrics",
            name => DeviceId.IsWellFormed(name) ? null : $"'{name}' is not a valid sensor name: use 1 to {DeviceId.MaxLength} characters from A-Z, a-z, 0-9, '_' and '-'",
            (_, metrics, metricsPath) => Metrics(metrics, metricsPath));
        if (sensors is { Count: 0 })
        {
            Error(path, "must declare at least one sensor", node.Start);
            return null;
        }

        return sensors is null ? null : new DeclaredSensors(sensors);
    }

    private ReadOnlySet<string>? Metrics(ConfigurationNode node, string path)
    {
        var listedAt = new Dictionary<string, string>(StringComparer.Ordinal);
        var metrics = Items(node, path, "a list of metric names", "must list at least one metric", (item, itemPath) =>
        {
            var metric = Text(item, itemPath, UnknownMetric);
            if (metric is not null && !listedAt.TryAdd(metric, itemPath))
            {
                Error(itemPath, $"duplicate metric '{metric}', already listed at {listedAt[metric]}", item.Start);
                return null;
            }

            return metric;
        });
        return metrics is null ? null : new ReadOnlySet<string>(metrics.ToHashSet(StringComparer.Ordinal));
    }

    private static ReadOnlyDictionary<string, DeclaredSensors> Declarations(List<ListedDevice> devices) =>
        devices.Any(d => d.Sensors is not null)
            ? devices.Where(d => d.Sensors is not null).ToDictionary(d => d.Id, d => d.Sensors!, StringComparer.Ordinal).AsReadOnly()
            : ReadOnlyDictionary<string, DeclaredSensors>.Empty;

    private ReadOnlyDictionary<string, string>? Tags(ConfigurationNode node, string path) =>
        NamedValues(
            node,
            path,
            "a mapping of tag key to value",
            key =>
                !IsTagKey(key) ? $"'{key}' is not a valid tag key: use a lowercase letter, then lowercase letters, digits or '_' (at most {MaxTagKeyLength})"
                : StationTagKeys.Reserved.Contains(key) ? $"'{key}' is a reserved tag key, set by the registry or the ingest"
                : null,
            (_, value, valuePath) => Text(value, valuePath));

    private static bool IsTagKey(string key) =>
        key.Length is > 0 and <= MaxTagKeyLength
        && char.IsAsciiLetterLower(key[0])
        && key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    /// <summary>One entry of a station's <c>devices</c>: its id, the sensors it declares (null for none) and whether its PM2.5 is corrected.</summary>
    private sealed record ListedDevice(string Id, DeclaredSensors? Sensors, bool PmCorrected);
}
