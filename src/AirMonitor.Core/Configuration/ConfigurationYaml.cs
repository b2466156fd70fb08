using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AirMonitor.Core.Configuration;

/// <summary>A node of a configuration file's YAML, with where it starts in the file.</summary>
public abstract record ConfigurationNode(Mark Start);

/// <summary>A scalar; <see cref="IsNull"/> for a plain empty, <c>~</c> or <c>null</c> (a key written without a value).</summary>
public sealed record ConfigurationScalar(string Value, bool IsNull, Mark Start) : ConfigurationNode(Start);

public sealed record ConfigurationList(IReadOnlyList<ConfigurationNode> Items, Mark Start) : ConfigurationNode(Start);

/// <summary>
/// A mapping with every entry as written, repeated keys included: YamlDotNet's own mapping refuses a repeated key
/// by aborting the whole load, while here it is one more error among the others, named by its key path.
/// </summary>
public sealed record ConfigurationMapping(IReadOnlyList<(ConfigurationNode Key, ConfigurationNode Value)> Entries, Mark Start)
    : ConfigurationNode(Start);

/// <summary>The result of reading one YAML document: its root (null for a file with no content), or the syntax error that stopped the reading.</summary>
internal sealed record ConfigurationDocument(ConfigurationNode? Root, string? Error, Mark? ErrorAt);

/// <summary>Reads YAML text into <see cref="ConfigurationNode"/>s, from YamlDotNet's parsing events.</summary>
internal static class ConfigurationYaml
{
    public static ConfigurationDocument Read(string yaml)
    {
        var events = new List<ParsingEvent>();
        var parser = new Parser(new StringReader(yaml));
        try
        {
            while (parser.MoveNext())
            {
                events.Add(parser.Current!);
            }
        }
        catch (YamlException e)
        {
            return new(null, $"invalid YAML: {e.Message}", e.Start);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this, without a position, on a flow list or mapping left open across lines.
            return new(null, "invalid YAML: cannot scan the text after this point (an unclosed '[' or '{'?)", events.Count > 0 ? events[^1].End : Mark.Empty);
        }

        var documents = events.Select((e, i) => (Event: e, Index: i)).Where(x => x.Event is DocumentStart).ToList();
        if (documents.Count == 0)
        {
            return new(null, null, null);
        }

        if (documents.Count > 1)
        {
            return new(null, "only one YAML document is allowed, found a second one", events[documents[1].Index + 1].Start);
        }

        var builder = new TreeBuilder(events, documents[0].Index + 1);
        return builder.Build();
    }

    private sealed class TreeBuilder(List<ParsingEvent> events, int start)
    {
        private readonly Dictionary<string, ConfigurationNode> _anchors = new(StringComparer.Ordinal);
        private int _next = start;

        public ConfigurationDocument Build()
        {
            try
            {
                return new(Node(), null, null);
            }
            catch (YamlException e)
            {
                return new(null, $"invalid YAML: {e.Message}", e.Start);
            }
        }

        private ConfigurationNode Node()
        {
            var current = events[_next++];
            if (current is AnchorAlias alias)
            {
                return _anchors.TryGetValue(alias.Value.Value, out var target)
                    ? target
                    : throw new YamlException(alias.Start, alias.End, $"alias '*{alias.Value}' refers to no anchor defined before it");
            }

            ConfigurationNode node = current switch
            {
                Scalar scalar => new ConfigurationScalar(scalar.Value, IsNull(scalar), scalar.Start),
                SequenceStart => List(current.Start),
                MappingStart => Mapping(current.Start),
                _ => throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}"),
            };

            if (current is NodeEvent { Anchor.IsEmpty: false } anchored)
            {
                _anchors[anchored.Anchor.Value] = node;
            }

            return node;
        }

        private ConfigurationList List(Mark start)
        {
            var items = new List<ConfigurationNode>();
            while (events[_next] is not SequenceEnd)
            {
                items.Add(Node());
            }

            _next++;
            return new(items, start);
        }

        private ConfigurationMapping Mapping(Mark start)
        {
            var entries = new List<(ConfigurationNode, ConfigurationNode)>();
            while (events[_next] is not MappingEnd)
            {
                var key = Node();
                entries.Add((key, Node()));
            }

            _next++;
            return new(entries, start);
        }

        private static bool IsNull(Scalar scalar) =>
            scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL";
    }
}
