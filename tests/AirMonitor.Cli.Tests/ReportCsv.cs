namespace AirMonitor.Cli.Tests;

/// <summary>The rows of <c>airmon report emissions --format csv</c>, by column name (RFC 4180 quoting).</summary>
internal sealed class ReportCsv
{
    private ReportCsv(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyDictionary<string, string>> rows)
    {
        Header = header;
        Rows = rows;
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Rows { get; }

    public static ReportCsv Parse(string text)
    {
        var records = Records(text).ToList();
        var header = records[0];
        Assert.All(records, r => Assert.Equal(header.Count, r.Count));
        return new ReportCsv(header, [.. records.Skip(1).Select(r => (IReadOnlyDictionary<string, string>)header.Zip(r).ToDictionary(p => p.First, p => p.Second))]);
    }

    /// <summary>The rows of a section of a stack, optionally of one pollutant and averaging period, in the report's order.</summary>
    public List<IReadOnlyDictionary<string, string>> Where(string section, string stack, string? pollutant = null, string? averaging = null) =>
        [.. Rows.Where(r => r["section"] == section && r["stack"] == stack && (pollutant is null || r["pollutant"] == pollutant) && (averaging is null || r["averaging"] == averaging))];

    /// <summary>The one row of a section (a compliance rule when <paramref name="rule"/> is given).</summary>
    public IReadOnlyDictionary<string, string> Single(string section, string stack, string pollutant, string? averaging = null, string? rule = null) =>
        Assert.Single(Where(section, stack, pollutant, averaging), r => rule is null || r["rule"] == rule);

    private static IEnumerable<List<string>> Records(string text)
    {
        var record = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\n')
            {
                record.Add(cell.ToString());
                cell.Clear();
                yield return record;
                record = [];
            }
            else
            {
                cell.Append(c);
            }
        }
    }
}
