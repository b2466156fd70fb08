using AirMonitor.AirQuality.Indices;
using AirMonitor.Core.Metrics;

namespace AirMonitor.AirQuality.Series;

/// <summary>
/// The ambient metrics the derivation means hour by hour: every pollutant an index or a standard judges, and what
/// their arithmetic needs beside them (humidity, the EPA correction's, and the PM2.5 CF=1 channel that marks a Plantower).
/// </summary>
public enum Ambient
{
    Pm2_5,
    Pm2_5Cf1,
    Pm10,
    Spm,
    O3,
    Ox,
    No,
    No2,
    Nox,
    So2,
    Co,
    Humidity,
}

public static class AmbientMetrics
{
    private static readonly string[] Names =
    [
        MetricVocabulary.Pm2_5, MetricVocabulary.Pm2_5Cf1, MetricVocabulary.Pm10, MetricVocabulary.Spm, MetricVocabulary.O3,
        MetricVocabulary.Ox, MetricVocabulary.No, MetricVocabulary.No2, MetricVocabulary.Nox, MetricVocabulary.So2,
        MetricVocabulary.Co, MetricVocabulary.Humidity,
    ];

    private static readonly Dictionary<string, Ambient> ByName =
        Enum.GetValues<Ambient>().ToDictionary(m => Names[(int)m], StringComparer.Ordinal);

    public static IReadOnlyList<Ambient> All { get; } = Enum.GetValues<Ambient>();

    /// <summary>The pollutants among them: what a rule, a dashboard and a standard judge (not the CF=1 channel, not humidity).</summary>
    public static IReadOnlyList<Ambient> Pollutants { get; } = [.. All.Where(m => m is not (Ambient.Pm2_5Cf1 or Ambient.Humidity))];

    /// <summary>The field and wire name: <c>pm2_5</c>, <c>o3</c>, …</summary>
    public static string Name(this Ambient metric) => Names[(int)metric];

    public static bool TryParse(string? name, out Ambient metric) => ByName.TryGetValue(name ?? "", out metric);

    /// <summary>The ambient metric an index table is keyed by.</summary>
    public static Ambient Of(Pollutant pollutant) => pollutant switch
    {
        Pollutant.Pm2_5 => Ambient.Pm2_5,
        Pollutant.Pm10 => Ambient.Pm10,
        Pollutant.O3 => Ambient.O3,
        Pollutant.Co => Ambient.Co,
        Pollutant.No2 => Ambient.No2,
        Pollutant.So2 => Ambient.So2,
        _ => throw new ArgumentOutOfRangeException(nameof(pollutant), pollutant, null),
    };
}

/// <summary>One value per <see cref="Ambient"/> metric, null where there is none. Immutable; equal when every value is.</summary>
public sealed class AmbientValues : IEquatable<AmbientValues>
{
    private readonly double?[] _values;

    private AmbientValues(double?[] values) => _values = values;

    public static AmbientValues None { get; } = new(new double?[AmbientMetrics.All.Count]);

    public double? this[Ambient metric] => _values[(int)metric];

    public bool IsEmpty => _values.All(v => v is null);

    /// <summary>The metrics with a value, in <see cref="Ambient"/> order.</summary>
    public IEnumerable<(Ambient Metric, double Value)> Present =>
        AmbientMetrics.All.Where(m => _values[(int)m] is not null).Select(m => (m, _values[(int)m]!.Value));

    public static AmbientValues Of(params (Ambient Metric, double? Value)[] values)
    {
        var array = new double?[AmbientMetrics.All.Count];
        foreach (var (metric, value) in values)
        {
            array[(int)metric] = value;
        }

        return new AmbientValues(array);
    }

    /// <summary>Each metric's value from <paramref name="value"/>.</summary>
    public static AmbientValues From(Func<Ambient, double?> value) => new([.. AmbientMetrics.All.Select(value)]);

    /// <summary>These values with <paramref name="metric"/> set to <paramref name="value"/>.</summary>
    public AmbientValues With(Ambient metric, double? value)
    {
        var array = (double?[])_values.Clone();
        array[(int)metric] = value;
        return new AmbientValues(array);
    }

    public bool Equals(AmbientValues? other) => other is not null && _values.AsSpan().SequenceEqual(other._values);

    public override bool Equals(object? obj) => Equals(obj as AmbientValues);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in _values)
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => string.Join(", ", Present.Select(p => $"{p.Metric.Name()}={p.Value}"));
}
