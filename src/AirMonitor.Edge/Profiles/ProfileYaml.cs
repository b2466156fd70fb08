using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AirMonitor.Edge.Profiles;

/// <summary>A node of a profile's YAML, with where it starts in the file.</summary>
internal abstract record ProfileYamlNode(Mark Start);

/// <summary>A scalar; <see cref="IsNull"/> for a plain empty, <c>~</c> or <c>null</c> (a key written without a value).</summary>
internal sealed record ProfileYamlScalar(string Value, bool IsNull, Mark Start) : ProfileYamlNode(Start);

internal sealed record ProfileYamlList(IReadOnlyList<ProfileYamlNode> Items, Mark Start) : ProfileYamlNode(Start);

/// <summary>
/// A mapping with every entry as written, repeated keys included: YamlDotNet's own mapping refuses a repeated key
/// by aborting the whole load, while here it is one more error among the others, named by its key path.
/// </summary>
internal sealed record ProfileYamlMapping(IReadOnlyList<(ProfileYamlNode Key, ProfileYamlNode Value)> Entries, Mark Start)
    : ProfileYamlNode(Start);

/// <summary>The result of reading one YAML document: its root, or the syntax error that stopped the reading.</summary>
internal sealed record ProfileYamlDocument(ProfileYamlNode? Root, string? Error, Mark? ErrorAt);

/// <summary>Reads YAML text into <see cref="ProfileYamlNode"/>s, from YamlDotNet's parsing events.</summary>
internal static class ProfileYaml
{
    public static ProfileYamlDocument Read(string yaml)
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
        private readonly Dictionary<string, ProfileYamlNode> _anchors = new(StringComparer.Ordinal);
        private int _next = start;

        public ProfileYamlDocument Build()
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

        private ProfileYamlNode Node()
        {
            var current = events[_next++];
            if (current is AnchorAlias alias)
            {
                return _anchors.TryGetValue(alias.Value.Value, out var target)
                    ? target
                    : throw new YamlException(alias.Start, alias.End, $"alias '*{alias.Value}' refers to no anchor defined before it");
            }

            ProfileYamlNode node = current switch
            {
                Scalar scalar => new ProfileYamlScalar(scalar.Value, IsNull(scalar), scalar.Start),
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

        private ProfileYamlList List(Mark start)
        {
            var items = new List<ProfileYamlNode>();
            while (events[_next] is not SequenceEnd)
            {
                items.Add(Node());
            }

            _next++;
            return new(items, start);
        }

        private ProfileYamlMapping Mapping(Mark start)
        {
            var entries = new List<(ProfileYamlNode, ProfileYamlNode)>();
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
