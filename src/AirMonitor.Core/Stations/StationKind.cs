namespace AirMonitor.Core.Stations;

/// <summary>What a station measures, after the Yokohama Environmental Monitoring Center's network.</summary>
public enum StationKind
{
    /// <summary>A general station, away from direct sources. YAML and tag value <c>ambient</c>.</summary>
    Ambient,

    /// <summary>A station next to traffic. YAML and tag value <c>roadside</c>.</summary>
    Roadside,

    /// <summary>An emission source (incinerator, sludge or wastewater plant) with stack analysers. YAML and tag value <c>plant</c>.</summary>
    Plant,
}

/// <summary>The one place that names a <see cref="StationKind"/> in YAML and in the <c>kind</c> tag.</summary>
public static class StationKindExtensions
{
    /// <summary>The lowercase value used in the registry YAML and in the <c>kind</c> tag: <c>ambient</c>, <c>roadside</c> or <c>plant</c>.</summary>
    public static string TagValue(this StationKind kind) => kind switch
    {
        StationKind.Ambient => "ambient",
        StationKind.Roadside => "roadside",
        StationKind.Plant => "plant",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown station kind."),
    };
}
