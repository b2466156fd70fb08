using System.Text;

namespace AirMonitor.Influx;

/// <summary>Quoting for building InfluxQL statements from names and values that come from data.</summary>
public static class InfluxQl
{
    /// <summary>A double-quoted identifier (database, measurement, tag or field name): <c>"a \"b\""</c>.</summary>
    /// <exception cref="ArgumentException">Empty, or contains a line break or NUL (InfluxQL cannot quote them).</exception>
    public static string QuoteIdentifier(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Quote(name, '"', nameof(name));
    }

    /// <summary>A single-quoted string literal (e.g. a tag value in WHERE): <c>'it\'s'</c>.</summary>
    /// <exception cref="ArgumentException">Contains a line break or NUL (InfluxQL cannot quote them).</exception>
    public static string QuoteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Quote(value, '\'', nameof(value));
    }

    private static string Quote(string text, char quote, string parameterName)
    {
        if (text.AsSpan().IndexOfAny('\n', '\r', '\0') >= 0)
        {
            // the InfluxQL scanner ends a quoted name at a line break and takes NUL for the end of the query
            throw new ArgumentException($"'{text}' contains a line break or NUL, which InfluxQL cannot quote", parameterName);
        }

        var result = new StringBuilder(text.Length + 2).Append(quote);
        foreach (var c in text)
        {
            if (c == quote || c == '\\')
            {
                result.Append('\\');
            }

            result.Append(c);
        }

        return result.Append(quote).ToString();
    }
}
