using System.Globalization;
using AirMonitor.Core.Configuration;
using YamlDotNet.Core;

namespace AirMonitor.Edge.Profiles;

/// <summary>
/// Reads profile YAML nodes into values, collecting every problem as <c>key.path: reason (line L, column C)</c> rather
/// than stopping at the first, as the station registry does. A value that fails its check reads as null and adds
/// an error; the schema on top (<see cref="DeviceProfileReader"/>) builds its result only when no error was added.
/// </summary>
internal abstract class ProfileNodeReader
{
    protected List<string> Errors { get; } = [];

    protected static T? Value<T>(Dictionary<string, ProfileYamlNode> keys, string path, string key, Func<ProfileYamlNode, string, T?> read)
        where T : class =>
        keys.TryGetValue(key, out var node) ? read(node, Join(path, key)) : null;

    protected static T? Value<T>(Dictionary<string, ProfileYamlNode> keys, string path, string key, Func<ProfileYamlNode, string, T?> read)
        where T : struct =>
        keys.TryGetValue(key, out var node) ? read(node, Join(path, key)) : null;

    /// <summary>A mapping's entries by key: unknown keys (with the nearest known one as a hint), repeated and missing keys are errors.</summary>
    protected Dictionary<string, ProfileYamlNode>? Mapping(ProfileYamlNode node, string path, string[] known, string[] required, string expected)
    {
        var entries = Entries(node, path, expected);
        if (entries is null)
        {
            return null;
        }

        var found = new Dictionary<string, ProfileYamlNode>(StringComparer.Ordinal);
        foreach (var (key, keyNode, value) in entries)
        {
            if (known.Contains(key, StringComparer.Ordinal))
            {
                found[key] = value;
                continue;
            }

            Error(Join(path, key), $"unknown key; {Hint(key, known)}expected {string.Join(", ", known)}", keyNode.Start);
        }

        foreach (var key in required.Where(k => !found.ContainsKey(k)))
        {
            Error(Join(path, key), "required key is missing", node.Start);
        }

        return found;
    }

    /// <summary>A mapping's entries in file order, each key once: a repeated key is an error, its later value ignored.</summary>
    protected List<(string Key, ProfileYamlNode KeyNode, ProfileYamlNode Value)>? Entries(ProfileYamlNode node, string path, string expected)
    {
        if (node is not ProfileYamlMapping mapping)
        {
            Error(path, $"expected {expected}, found {DescribeValue(node)}", node.Start);
            return null;
        }

        var entries = new List<(string, ProfileYamlNode, ProfileYamlNode)>();
        var firstAt = new Dictionary<string, Mark>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Entries)
        {
            if (keyNode is not ProfileYamlScalar { IsNull: false, Value: var key })
            {
                Error(path, $"expected {expected}, found a key that is {DescribeValue(keyNode)}", keyNode.Start);
                continue;
            }

            if (!firstAt.TryAdd(key, keyNode.Start))
            {
                var first = firstAt[key];
                Error(Join(path, key), $"duplicate key, first set at line {first.Line}, column {first.Column}", keyNode.Start);
                continue;
            }

            entries.Add((key, keyNode, value));
        }

        return entries;
    }

    protected string? Text(ProfileYamlNode node, string path)
    {
        if (node is not ProfileYamlScalar scalar)
        {
            Error(path, $"expected a single value, found {DescribeValue(node)}", node.Start);
            return null;
        }

        if (scalar.IsNull)
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

    protected bool? Boolean(ProfileYamlNode node, string path)
    {
        var text = Text(node, path);
        switch (text)
        {
            case null:
                return null;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            default:
                Error(path, $"'{text}' is not true or false", node.Start);
                return null;
        }
    }

    protected delegate bool TryParseText<T>(string text, out T value);

    /// <summary>
    /// A scalar in a format: <c>'text' is not {format}</c> when it does not parse, or the reason <paramref name="refuse"/>
    /// gives for a value that parses but is not allowed (out of range).
    /// </summary>
    protected T? Parsed<T>(ProfileYamlNode node, string path, TryParseText<T> parse, string format, Func<T, string, string?> refuse)
        where T : struct
    {
        var text = Text(node, path);
        if (text is null)
        {
            return null;
        }

        if (!parse(text, out var value))
        {
            Error(path, $"'{text}' is not {format}", node.Start);
            return null;
        }

        if (refuse(value, text) is { } reason)
        {
            Error(path, reason, node.Start);
            return null;
        }

        return value;
    }

    protected int? Integer(ProfileYamlNode node, string path, int min, int max) =>
        Parsed(
            node,
            path,
            (string text, out int value) => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value),
            "a whole number",
            (value, _) => value < min || value > max ? $"{value} is outside {min}..{max}" : null);

    protected double? Number(ProfileYamlNode node, string path, Func<double, string, string?>? refuse = null) =>
        Parsed(
            node,
            path,
            (string text, out double value) =>
                double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value),
            "a number",
            refuse ?? ((_, _) => null));

    protected TimeSpan? Duration(ProfileYamlNode node, string path, TimeSpan min, TimeSpan max) =>
        Parsed<TimeSpan>(
            node,
            path,
            ProfileFormats.TryParseDuration,
            "a duration: write a whole number and a unit, ms, s, m or h (e.g. 250ms, 10s, 5m)",
            (duration, text) =>
                duration < min ? $"{text} is shorter than the minimum {ProfileFormats.FormatDuration(min)}"
                : duration > max ? $"{text} is longer than the maximum {ProfileFormats.FormatDuration(max)}"
                : null);

    protected long? Size(ProfileYamlNode node, string path, long min, long max) =>
        Parsed<long>(
            node,
            path,
            ProfileFormats.TryParseSize,
            "a size: write a whole number and a unit, B, KB, MB, GB, KiB, MiB or GiB (e.g. 256MiB)",
            (bytes, text) => bytes < min || bytes > max ? $"{text} is outside {ProfileFormats.FormatSize(min)}..{ProfileFormats.FormatSize(max)}" : null);

    protected string? FilePath(ProfileYamlNode node, string path)
    {
        var text = Text(node, path);
        if (text is null)
        {
            return null;
        }

        if (text.Any(char.IsControl))
        {
            Error(path, $"'{text}' is not a file path: it contains a control character", node.Start);
            return null;
        }

        if (text.EndsWith('/') || text.EndsWith('\\'))
        {
            Error(path, $"'{text}' names a directory; expected a file", node.Start);
            return null;
        }

        return text;
    }

    protected void Error(string path, string reason, Mark? at) => Errors.Add(ConfigurationError.Format(path, reason, at));

    protected static string Join(string path, string key) => ConfigurationError.Join(path, key);

    protected static string DescribeValue(ProfileYamlNode node) => node switch
    {
        ProfileYamlScalar { IsNull: true } => "no value",
        ProfileYamlScalar scalar => $"'{scalar.Value}'",
        ProfileYamlList => "a list",
        _ => "a mapping",
    };

    /// <summary>
    /// The "did you mean" hint, ignoring case; of equally near candidates the first in ordinal order, so that a hint from
    /// an unordered set (the known models) is the same on every run.
    /// </summary>
    protected static string Hint(string text, IEnumerable<string> candidates) =>
        DidYouMean.Hint(text, candidates.Order(StringComparer.Ordinal), ignoreCase: true);
}
