using System.Collections.ObjectModel;
using System.Globalization;
using AirMonitor.Core.Metrics;
using YamlDotNet.Core;

namespace AirMonitor.Core.Configuration;

/// <summary>
/// The base of every configuration file schema (the station registry, a device profile): reads YAML into nodes and
/// nodes into values, collecting every problem as <c>key.path: reason (line L, column C)</c> rather than stopping at
/// the first. A value that fails its check reads as null and adds an error; a schema builds its result only when no
/// error was added.
/// </summary>
public abstract class ConfigurationReader
{
    private readonly List<string> _errors = [];

    protected delegate bool TryParseText<T>(string text, out T value);

    /// <summary>Every problem found so far, in the order met.</summary>
    protected IReadOnlyList<string> Errors => _errors;

    /// <summary>
    /// The root of the one YAML document in <paramref name="yaml"/>; null after an error: invalid YAML, a second document,
    /// or a file with no content, reported as <paramref name="emptyReason"/> at <paramref name="emptyPath"/>.
    /// </summary>
    protected ConfigurationNode? Root(string yaml, string emptyPath, string emptyReason)
    {
        var document = ConfigurationYaml.Read(yaml);
        if (document.Error is not null)
        {
            Error("", document.Error, document.ErrorAt);
        }
        else if (document.Root is null)
        {
            Error(emptyPath, emptyReason, at: null);
        }

        return document.Root;
    }

    /// <summary>A mapping's values by key: unknown keys (with the nearest known one as a hint), repeated and missing keys are errors.</summary>
    protected Dictionary<string, ConfigurationNode>? Mapping(ConfigurationNode node, string path, string[] known, string[] required, string expected)
    {
        var entries = Entries(node, path, expected);
        if (entries is null)
        {
            return null;
        }

        var found = new Dictionary<string, ConfigurationNode>(StringComparer.Ordinal);
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

    /// <summary>A mapping's entries in file order, each key once: a repeated key is an error naming where it was first set, its later value ignored.</summary>
    protected List<(string Key, ConfigurationNode KeyNode, ConfigurationNode Value)>? Entries(ConfigurationNode node, string path, string expected)
    {
        if (node is not ConfigurationMapping mapping)
        {
            Error(path, $"expected {expected}, found {DescribeValue(node)}", node.Start);
            return null;
        }

        var entries = new List<(string, ConfigurationNode, ConfigurationNode)>();
        var firstAt = new Dictionary<string, Mark>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Entries)
        {
            if (keyNode is not ConfigurationScalar { IsNull: false, Value: var key })
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

    /// <summary>
    /// A mapping of names the schema chooses (tag keys, metric names) to values, in ordinal order of the names:
    /// <paramref name="refuseName"/> gives the reason a name is not allowed, or null; <paramref name="read"/> reads the
    /// value of a name at its key path. Null when the node is not a mapping, or a name or value fails.
    /// </summary>
    protected ReadOnlyDictionary<string, T>? NamedValues<T>(
        ConfigurationNode node, string path, string expected, Func<string, string?> refuseName, Func<string, ConfigurationNode, string, T?> read)
        where T : class
    {
        var entries = Entries(node, path, expected);
        if (entries is null)
        {
            return null;
        }

        var values = new SortedDictionary<string, T>(StringComparer.Ordinal);
        foreach (var (name, nameNode, valueNode) in entries)
        {
            var namePath = Join(path, name);
            var refused = refuseName(name);
            if (refused is not null)
            {
                Error(namePath, refused, nameNode.Start);
            }

            if (read(name, valueNode, namePath) is { } value && refused is null)
            {
                values[name] = value;
            }
        }

        return values.Count == entries.Count ? new ReadOnlyDictionary<string, T>(values) : null;
    }

    /// <summary>
    /// A list's items, each read at <c>path[i]</c>; null when the node is not a list, when it is empty and
    /// <paramref name="whenEmpty"/> gives the reason that is an error, or when an item fails.
    /// </summary>
    protected List<T>? Items<T>(ConfigurationNode node, string path, string expected, string? whenEmpty, Func<ConfigurationNode, string, T?> read)
        where T : class
    {
        if (node is not ConfigurationList list)
        {
            Error(path, $"expected {expected}, found {DescribeValue(node)}", node.Start);
            return null;
        }

        if (list.Items.Count == 0 && whenEmpty is not null)
        {
            Error(path, whenEmpty, node.Start);
            return null;
        }

        var items = new List<T>(list.Items.Count);
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (read(list.Items[i], $"{path}[{i}]") is { } item)
            {
                items.Add(item);
            }
        }

        return items.Count == list.Items.Count ? items : null;
    }

    protected static T? Value<T>(Dictionary<string, ConfigurationNode> keys, string path, string key, Func<ConfigurationNode, string, T?> read)
        where T : class =>
        keys.TryGetValue(key, out var node) ? read(node, Join(path, key)) : null;

    protected static T? Value<T>(Dictionary<string, ConfigurationNode> keys, string path, string key, Func<ConfigurationNode, string, T?> read)
        where T : struct =>
        keys.TryGetValue(key, out var node) ? read(node, Join(path, key)) : null;

    /// <summary>A single value that is there and not blank.</summary>
    protected string? Text(ConfigurationNode node, string path)
    {
        if (node is not ConfigurationScalar scalar)
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

    /// <summary>A single value that <paramref name="refuse"/> accepts: it gives the reason a text is not allowed, or null.</summary>
    protected string? Text(ConfigurationNode node, string path, Func<string, string?> refuse)
    {
        var text = Text(node, path);
        if (text is not null && refuse(text) is { } reason)
        {
            Error(path, reason, node.Start);
            return null;
        }

        return text;
    }

    protected bool? Boolean(ConfigurationNode node, string path) => Parsed<bool>(node, path, TryParseBoolean, "true or false", (_, _) => null);

    /// <summary>
    /// One of a fixed set of names: <c>unknown {what} 'text'; expected a, b, c</c> for any other; with <paramref name="hint"/>,
    /// the nearest name first (<c>did you mean 'b'?</c>), for sets of long names where a near one is a likely typo.
    /// </summary>
    protected T? OneOf<T>(ConfigurationNode node, string path, string what, IReadOnlyList<(string Name, T Value)> choices, bool hint = false)
        where T : struct
    {
        var text = Text(node, path);
        if (text is null)
        {
            return null;
        }

        foreach (var (name, value) in choices)
        {
            if (name == text)
            {
                return value;
            }
        }

        Error(path, $"unknown {what} '{text}'; {(hint ? DidYouMean.Hint(text, choices.Select(c => c.Name), ignoreCase: true) : "")}expected {string.Join(", ", choices.Select(c => c.Name))}", node.Start);
        return null;
    }

    /// <summary>
    /// A scalar in a format: <c>'text' is not {format}</c> when it does not parse, or the reason <paramref name="refuse"/>
    /// gives for a value that parses but is not allowed (out of range).
    /// </summary>
    protected T? Parsed<T>(ConfigurationNode node, string path, TryParseText<T> parse, string format, Func<T, string, string?> refuse)
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

    protected int? WholeNumber(ConfigurationNode node, string path, int min, int max) =>
        Parsed(
            node,
            path,
            (string text, out int value) => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value),
            "a whole number",
            (value, _) => value < min || value > max ? $"{value} is outside {min}..{max}" : null);

    /// <summary>A finite number; <paramref name="refuse"/> gives the reason a number is not allowed, or null.</summary>
    protected double? Number(ConfigurationNode node, string path, Func<double, string, string?>? refuse = null) =>
        Parsed(
            node,
            path,
            (string text, out double value) =>
                double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value),
            "a number",
            refuse ?? ((_, _) => null));

    protected double? Number(ConfigurationNode node, string path, double min, double max) =>
        Number(node, path, (value, text) => value < min || value > max ? string.Create(CultureInfo.InvariantCulture, $"{text} is outside {min}..{max}") : null);

    /// <summary>The reason a metric name is refused, with the nearest metric as a hint; null for a metric of the vocabulary.</summary>
    protected static string? UnknownMetric(string name) =>
        MetricVocabulary.TryGet(name, out _)
            ? null
            : $"unknown metric '{name}'; {Hint(name, MetricVocabulary.All.Select(m => m.Name))}metrics are named as on the wire (docs/storage.md)";

    protected void Error(string path, string reason, Mark? at) => _errors.Add(ConfigurationError.Format(path, reason, at));

    protected static string Join(string path, string key) => ConfigurationError.Join(path, key);

    protected static string DescribeValue(ConfigurationNode node) => node switch
    {
        ConfigurationScalar { IsNull: true } => "no value",
        ConfigurationScalar scalar => $"'{scalar.Value}'",
        ConfigurationList => "a list",
        _ => "a mapping",
    };

    /// <summary>
    /// The "did you mean" hint, ignoring case; of equally near candidates the first in ordinal order, so that a hint from
    /// an unordered set (the known models) is the same on every run.
    /// </summary>
    protected static string Hint(string text, IEnumerable<string> candidates) =>
        DidYouMean.Hint(text, candidates.Order(StringComparer.Ordinal), ignoreCase: true);

    private static bool TryParseBoolean(string text, out bool value)
    {
        value = text is "true" or "True" or "TRUE";
        return value || text is "false" or "False" or "FALSE";
    }
}
