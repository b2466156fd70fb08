namespace AirMonitor.AirQuality.Indices;

/// <summary>The pollutants an index table can be keyed by.</summary>
public enum Pollutant
{
    Pm2_5,
    Pm10,
    O3,
    Co,
    No2,
    So2,
}

/// <summary>
/// One row of an index table: the concentration band [<paramref name="Low"/>, <paramref name="High"/>] (inclusive, at the
/// table's precision, in the table's unit) maps linearly onto the index band [<paramref name="IndexLow"/>, <paramref name="IndexHigh"/>].
/// </summary>
public sealed record AqiBreakpoint(double Low, double High, int IndexLow, int IndexHigh, AqiCategory Category);

/// <summary>
/// A category of an index: a short <paramref name="Key"/> for tags (<c>good</c>, <c>usg</c>, <c>starting_to_affect_health</c>, …),
/// its <paramref name="Name"/> as the agency writes it (in English), a colour name and its hex value (<c>#RRGGBB</c>).
/// </summary>
public sealed record AqiCategory(string Key, string Name, string Colour, string ColourHex);

/// <summary>An index value, its category, and the pollutant that gave it.</summary>
public sealed record AqiResult(int Index, AqiCategory Category, Pollutant Pollutant);
