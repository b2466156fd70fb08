using System.Text;
using System.Text.RegularExpressions;

namespace AirMonitor.Influx;

/// <summary>Finds the lines of a request that a server's 400/413 error is about, to name them in the exception.</summary>
internal static partial class RejectedLines
{
    private const int MaxLines = 100;
    private const int MaxLineLength = 300;
    private const string MeasurementEscapes = ", ";
    private const string FieldKeyEscapes = ",= \"";

    /// <param name="lines"><paramref name="count"/> lines of the request, each ending with a line feed.</param>
    public static IReadOnlyList<string> Find(string serverError, ReadOnlySpan<byte> lines, int count, bool bodyTooLarge)
    {
        if (bodyTooLarge)
        {
            // 413 with one line: that line is too large by itself.
            return count == 1 ? [Shorten(Encoding.UTF8.GetString(lines.TrimEnd((byte)'\n')))] : [];
        }

        var found = new List<string>();
        foreach (Match match in ParseError().Matches(serverError))
        {
            found.Add(Shorten(match.Groups["line"].Value));
        }

        var conflict = FieldTypeConflict().Match(serverError);
        if (conflict.Success)
        {
            var measurement = conflict.Groups["measurement"].Value;
            var field = conflict.Groups["field"].Value;
            var type = conflict.Groups["type"].Value;
            foreach (var range in lines.TrimEnd((byte)'\n').Split((byte)'\n'))
            {
                var line = Encoding.UTF8.GetString(lines[range]);
                if (HasField(line, measurement, field, type))
                {
                    found.Add(Shorten(line));
                    if (found.Count == MaxLines)
                    {
                        break;
                    }
                }
            }
        }

        return found;
    }

    /// <summary>Whether the line (as <see cref="LineProtocol"/> writes it) has that measurement and a field of that name and type.</summary>
    internal static bool HasField(string line, string measurement, string field, string type)
    {
        var i = 0;
        if (Unescape(ReadUntil(line, ref i, ", "), MeasurementEscapes) != measurement)
        {
            return false;
        }

        if (i < line.Length && line[i] == ',')
        {
            ReadUntil(line, ref i, " ");
        }

        while (i < line.Length)
        {
            i++; // the space before the fields or the comma between them
            var key = Unescape(ReadUntil(line, ref i, "="), FieldKeyEscapes);
            i++;
            var valueStart = i;
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (i < line.Length && line[i] != '"')
                {
                    i += line[i] == '\\' ? 2 : 1;
                }

                i++;
            }
            else
            {
                while (i < line.Length && line[i] is not (',' or ' '))
                {
                    i++;
                }
            }

            i = Math.Min(i, line.Length);
            if (key == field && TypeOf(line.AsSpan(valueStart, i - valueStart)) == type)
            {
                return true;
            }

            if (i >= line.Length || line[i] == ' ')
            {
                return false;
            }
        }

        return false;
    }

    private static string TypeOf(ReadOnlySpan<char> value) => value switch
    {
        ['"', ..] => "string",
        [.., 'i'] => "integer",
        [.., 'u'] => "unsigned",
        "true" or "false" or "t" or "f" or "T" or "F" or "TRUE" or "FALSE" or "True" or "False" => "boolean",
        _ => "float",
    };

    private static string ReadUntil(string line, ref int i, string delimiters)
    {
        var start = i;
        while (i < line.Length && !delimiters.Contains(line[i], StringComparison.Ordinal))
        {
            i += line[i] == '\\' ? 2 : 1;
        }

        i = Math.Min(i, line.Length);
        return line[start..i];
    }

    private static string Unescape(string text, string escaped)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && escaped.Contains(text[i + 1], StringComparison.Ordinal))
            {
                i++;
            }

            result.Append(text[i]);
        }

        return result.ToString();
    }

    private static string Shorten(string line) => line.Length <= MaxLineLength ? line : string.Concat(line.AsSpan(0, MaxLineLength), "…");

    [GeneratedRegex(@"unable to parse '(?<line>.*?)': ")]
    private static partial Regex ParseError();

    [GeneratedRegex(@"input field ""(?<field>.*)"" on measurement ""(?<measurement>.*)"" is type (?<type>\w+)")]
    private static partial Regex FieldTypeConflict();
}
