using System.Collections.ObjectModel;
using System.Globalization;
using AirMonitor.Core.Configuration;
using AirMonitor.Core.Contract;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace AirMonitor.Core.Stations;

/// <summary>
/// Turns registry YAML into stations, collecting every problem as <c>key.path: reason (line L, column C)</c>
/// rather than stopping at the first, so one run shows an operator everything to fix.
/// </summary>
internal sealed class StationRegistryReader
{
    private const string StationsKey = "stations";
    private const string TagsKey = "tags";
    private const int MaxTagKeyLength = 64;

    private static readonly string[] RootKeys = [StationsKey];
    private static readonly string[] RequiredStationKeys =
        ["id", "name", "kind", "city", "district", "latitude", "longitude", "devices"];
    private static readonly string[] StationKeys = [.. RequiredStationKeys, TagsKey];

    private readonly List<string> _errors = [];
    private readonly List<Station> _stations = [];
    private readonly Dictionary<string, string> _stationPathById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _ownerByDevice = new(StringComparer.Ordinal);

    private StationRegistryReader()
    {
    }

    public static (IReadOnlyList<Station> Stations, IReadOnlyList<string> Errors) Read(string yaml)
    {
        var reader = new StationRegistryReader();
        reader.ReadStream(yaml);
        return (reader._stations, reader._errors);
    }

    private void ReadStream(string yaml)
    {
        var stream = new YamlStream();
        var parser = new PositionTrackingParser(new Parser(new StringReader(yaml)));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            Error("", $"invalid YAML: {e.Message}", e.Start);
            return;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this, without a position, on a flow list or mapping left open across lines.
            Error("", "invalid YAML: cannot scan the text after this point (an unclosed '[' or '{'?)", parser.LastGoodEnd);
            return;
        }

        if (stream.Documents.Count == 0)
        {
            Error(StationsKey, "required key is missing (the file has no YAML content)", at: null);
            return;
        }

        if (stream.Documents.Count > 1)
        {
            Error("", "only one YAML document is allowed, found a second one", stream.Documents[1].RootNode.Start);
            return;
        }

        var root = stream.Documents[0].RootNode;
        if (root is not YamlMappingNode rootMapping)
        {
            Error("", $"expected a mapping with the key '{StationsKey}', found a {Describe(root)}", root.Start);
            return;
        }

        var keys = ReadKeys(rootMapping, "", RootKeys, RootKeys);
        if (keys.TryGetValue(StationsKey, out var stations))
        {
            ReadStations(stations);
        }
    }

    private void ReadStations(YamlNode node)
    {
        if (node is not YamlSequenceNode sequence)
        {
            Error(StationsKey, $"expected a list of stations, found {DescribeValue(node)}", node.Start);
            return;
        }

        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var path = $"{StationsKey}[{i}]";
            if (sequence.Children[i] is YamlMappingNode station)
            {
                ReadStation(station, path);
            }
            else
            {
                Error(path, $"expected a station (a mapping of {string.Join(", ", StationKeys)}), found {DescribeValue(sequence.Children[i])}", sequence.Children[i].Start);
            }
        }
    }

    private void ReadStation(YamlMappingNode mapping, string path)
    {
        var keys = ReadKeys(mapping, path, StationKeys, RequiredStationKeys);
        var id = Read(keys, path, "id", ReadStationId);
        var name = Read(keys, path, "name", ReadText);
        var kind = Read(keys, path, "kind", ReadKind);
        var city = Read(keys, path, "city", ReadText);
        var district = Read(keys, path, "district", ReadText);
        var latitude = Read(keys, path, "latitude", (node, p) => ReadDegrees(node, p, 90));
        var longitude = Read(keys, path, "longitude", (node, p) => ReadDegrees(node, p, 180));
        var devices = Read(keys, path, "devices", (node, p) => ReadDevices(node, p, id));
        var tags = keys.ContainsKey(TagsKey) ? Read(keys, path, TagsKey, ReadTags) : ReadOnlyDictionary<string, string>.Empty;

        if (id is null || name is null || kind is null || city is null || district is null
            || latitude is null || longitude is null || devices is null || tags is null)
        {
            return;
        }

        _stations.Add(new Station(id, name, kind.Value, city, district, latitude.Value, longitude.Value, devices) { Tags = tags });
    }

    /// <summary>Reports unknown keys (with the nearest known one as a hint) and missing required keys.</summary>
    private Dictionary<string, YamlNode> ReadKeys(YamlMappingNode mapping, string path, string[] known, string[] required)
    {
        var found = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = keyNode is YamlScalarNode { Value: { } text } ? text : null;
            if (key is not null && known.Contains(key, StringComparer.Ordinal))
            {
                found[key] = value;
                continue;
            }

            var hint = key is not null ? DidYouMean.Hint(key, known) : "";
            Error(Join(path, key ?? $"<{Describe(keyNode)}>"), $"unknown key; {hint}expected {string.Join(", ", known)}", keyNode.Start);
        }

        foreach (var key in required.Where(k => !found.ContainsKey(k)))
        {
            Error(Join(path, key), "required key is missing", mapping.Start);
        }

        return found;
    }

    private static T? Read<T>(Dictionary<string, YamlNode> keys, string path, string key, Func<YamlNode, string, T?> read)
        where T : class =>
        keys.TryGetValue(key, out var node) ? read(node, Join(path, key)) : null;

    private static T? Read<T>(Dictionary<string, YamlNode> keys, string path, string key, Func<YamlNode, string, T?> read)
        where T : struct =>
        keys.TryGetValue(key, out var node) ? read(node, Join(path, key)) : null;

    private string? ReadText(YamlNode node, string path)
    {
        if (node is not YamlScalarNode scalar)
        {
            Error(path, $"expected a single value, found a {Describe(node)}", node.Start);
            return null;
        }

        if (IsNull(scalar))
        {
            Error(path, "value is missing", node.Start);
            return null;
        }

        if (string.IsNullOrWhiteSpace(scalar.Value))
        {
            Error(path, "must not be blank", node.Start);
            return null;
        }

        return scalar.Value;
    }

    private string? ReadId(YamlNode node, string path)
    {
        var text = ReadText(node, path);
        if (text is null)
        {
            return null;
        }

        if (!DeviceId.IsValid(text))
        {
            Error(path, $"'{text}' is not a valid id: use 1 to {DeviceId.MaxLength} characters from A-Z, a-z, 0-9, '_' and '-'", node.Start);
            return null;
        }

        return text;
    }

    private string? ReadStationId(YamlNode node, string path)
    {
        var id = ReadId(node, path);
        if (id is null)
        {
            return null;
        }

        var stationPath = path[..path.LastIndexOf('.')];
        if (_stationPathById.TryGetValue(id, out var firstPath))
        {
            Error(path, $"duplicate station id '{id}', already used by {firstPath}", node.Start);
            return null;
        }

        _stationPathById.Add(id, stationPath);
        return id;
    }

    private StationKind? ReadKind(YamlNode node, string path)
    {
        var text = ReadText(node, path);
        if (text is null)
        {
            return null;
        }

        if (!StationKindExtensions.TryParseTagValue(text, out var kind))
        {
            var expected = string.Join(", ", Enum.GetValues<StationKind>().Select(k => k.TagValue()));
            Error(path, $"unknown kind '{text}'; expected {expected}", node.Start);
            return null;
        }

        return kind;
    }

    private double? ReadDegrees(YamlNode node, string path, int limit)
    {
        var text = ReadText(node, path);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var degrees) || !double.IsFinite(degrees))
        {
            Error(path, $"'{text}' is not a number", node.Start);
            return null;
        }

        if (degrees < -limit || degrees > limit)
        {
            Error(path, $"{text} is outside -{limit}..{limit}", node.Start);
            return null;
        }

        return degrees;
    }

    private ReadOnlyCollection<string>? ReadDevices(YamlNode node, string path, string? stationId)
    {
        if (node is not YamlSequenceNode sequence)
        {
            Error(path, $"expected a list of device ids, found {DescribeValue(node)}", node.Start);
            return null;
        }

        if (sequence.Children.Count == 0)
        {
            Error(path, "must list at least one device", node.Start);
            return null;
        }

        var devices = new List<string>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var devicePath = $"{path}[{i}]";
            var device = ReadId(sequence.Children[i], devicePath);
            if (device is null)
            {
                continue;
            }

            var owner = stationId is null ? devicePath : $"station '{stationId}' ({devicePath})";
            if (!_ownerByDevice.TryAdd(device, owner))
            {
                Error(devicePath, $"device '{device}' is already listed under {_ownerByDevice[device]}", sequence.Children[i].Start);
                continue;
            }

            devices.Add(device);
        }

        return devices.Count == sequence.Children.Count ? devices.AsReadOnly() : null;
    }

    private ReadOnlyDictionary<string, string>? ReadTags(YamlNode node, string path)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(path, $"expected a mapping of tag key to value, found {DescribeValue(node)}", node.Start);
            return null;
        }

        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var valid = true;
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = keyNode is YamlScalarNode { Value: { } text } ? text : $"<{Describe(keyNode)}>";
            var tagPath = Join(path, key);
            if (!IsTagKey(key))
            {
                Error(tagPath, $"'{key}' is not a valid tag key: use a lowercase letter, then lowercase letters, digits or '_' (at most {MaxTagKeyLength})", keyNode.Start);
                valid = false;
            }
            else if (StationTagKeys.Reserved.Contains(key))
            {
                Error(tagPath, $"'{key}' is a reserved tag key, set by the registry or the ingest", keyNode.Start);
                valid = false;
            }

            var value = ReadText(valueNode, tagPath);
            if (value is null)
            {
                valid = false;
            }
            else if (valid)
            {
                tags[key] = value;
            }
        }

        return valid ? new ReadOnlyDictionary<string, string>(tags) : null;
    }

    private void Error(string path, string reason, Mark? at) => _errors.Add(ConfigurationError.Format(path, reason, at));

    private static bool IsTagKey(string key) =>
        key.Length is > 0 and <= MaxTagKeyLength
        && char.IsAsciiLetterLower(key[0])
        && key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private static string Join(string path, string key) => ConfigurationError.Join(path, key);

    private static string Describe(YamlNode node) => node switch
    {
        YamlSequenceNode => "list",
        YamlMappingNode => "mapping",
        _ => "single value",
    };

    private static string DescribeValue(YamlNode node) =>
        node is YamlScalarNode scalar ? (IsNull(scalar) ? "no value" : $"'{scalar.Value}'") : $"a {Describe(node)}";

    /// <summary>Remembers where the last good YAML event ended, to place errors that YamlDotNet reports without a position.</summary>
    private sealed class PositionTrackingParser(IParser inner) : IParser
    {
        public Mark LastGoodEnd { get; private set; } = Mark.Empty;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (inner.Current is { } current)
            {
                LastGoodEnd = current.End;
            }

            return inner.MoveNext();
        }
    }
}
