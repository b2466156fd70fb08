using System.Text.Json;

namespace AirMonitor.Influx;

/// <summary>
/// One series of an InfluxQL answer: its measurement name, its tags (with GROUP BY), the column names and
/// the rows. Time is the <c>time</c> column in epoch milliseconds (queries are sent with <c>epoch=ms</c>).
/// </summary>
public sealed record InfluxSeries(
    string Name,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<JsonElement>> Values)
{
    /// <summary>Which statement of the query (0-based) produced this series.</summary>
    public int StatementId { get; init; }

    /// <summary>The index of a column.</summary>
    /// <exception cref="KeyNotFoundException">No such column.</exception>
    public int ColumnIndex(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i] == column)
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"Series '{Name}' has no column '{column}' (columns: {string.Join(", ", Columns)})");
    }

    /// <summary>A cell as a double; null when the cell is null.</summary>
    public double? GetDouble(int row, string column) => Cell(row, column) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : NullOr<double>(row, column);

    /// <summary>A cell as a long (integers and times); null when the cell is null.</summary>
    public long? GetInt64(int row, string column) => Cell(row, column) is { ValueKind: JsonValueKind.Number } v ? v.GetInt64() : NullOr<long>(row, column);

    /// <summary>A cell as a bool; null when the cell is null.</summary>
    public bool? GetBoolean(int row, string column) => Cell(row, column) is { ValueKind: JsonValueKind.True or JsonValueKind.False } v ? v.GetBoolean() : NullOr<bool>(row, column);

    /// <summary>A cell as a string; null when the cell is null. Numbers and booleans are given in JSON form.</summary>
    public string? GetString(int row, string column) => Cell(row, column) switch
    {
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        var v => v.GetRawText(),
    };

    /// <summary>The <c>time</c> column of a row.</summary>
    public DateTimeOffset GetTime(int row) =>
        DateTimeOffset.FromUnixTimeMilliseconds(GetInt64(row, "time") ?? throw new InvalidOperationException($"Row {row} of series '{Name}' has no time"));

    /// <summary>A whole column as doubles (null where the cell is null).</summary>
    public IReadOnlyList<double?> GetDoubles(string column) => Enumerable.Range(0, Values.Count).Select(row => GetDouble(row, column)).ToList();

    /// <summary>A whole column as longs (null where the cell is null).</summary>
    public IReadOnlyList<long?> GetInt64s(string column) => Enumerable.Range(0, Values.Count).Select(row => GetInt64(row, column)).ToList();

    /// <summary>A whole column as strings (null where the cell is null).</summary>
    public IReadOnlyList<string?> GetStrings(string column) => Enumerable.Range(0, Values.Count).Select(row => GetString(row, column)).ToList();

    private JsonElement Cell(int row, string column) => Values[row][ColumnIndex(column)];

    private T? NullOr<T>(int row, string column)
        where T : struct =>
        Cell(row, column).ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
            ? null
            : throw new InvalidCastException($"Series '{Name}' row {row} column '{column}' is {Cell(row, column).GetRawText()}, not a {typeof(T).Name}");
}
