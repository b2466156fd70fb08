using System.Collections.Frozen;
using System.Collections.ObjectModel;

namespace AirMonitor.Core.Stations;

/// <summary>
/// One monitoring station of the registry (firmware-config/stations.yaml) and the devices installed at it.
/// </summary>
/// <param name="Id">The <c>station</c> tag and the <c>{station}</c> of the alert topic; <c>[A-Za-z0-9_-]{1,64}</c>.</param>
/// <param name="Name">Human-readable name for dashboards; not a tag, so renaming does not split series.</param>
/// <param name="City">The <c>city</c> tag, a lowercase slug such as <c>bangkok</c>.</param>
/// <param name="District">The <c>district</c> tag: a Bangkok khet or a Yokohama ku.</param>
/// <param name="Latitude">WGS 84 degrees, −90..90.</param>
/// <param name="Longitude">WGS 84 degrees, −180..180.</param>
/// <param name="Devices">Wire-contract device ids of the edges installed at this station; at least one.</param>
public sealed record Station(
    string Id,
    string Name,
    StationKind Kind,
    string City,
    string District,
    double Latitude,
    double Longitude,
    IReadOnlyList<string> Devices)
{
    /// <summary>Extra registry tags written on every point of this station (e.g. <c>road</c>, <c>source</c>), sorted by key.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>
    /// The devices of <see cref="Devices"/> whose sensors the registry declares, by device id. A device not here
    /// (listed as a plain id) may write any sensor, up to the ingest's <c>Validation:MaxSensorsPerDevice</c>.
    /// </summary>
    public IReadOnlyDictionary<string, DeclaredSensors> Declarations { get; init; } = ReadOnlyDictionary<string, DeclaredSensors>.Empty;

    /// <summary>The registry's <c>pm_correction</c> value for a Plantower-based low-cost PM sensor.</summary>
    public const string UsEpaPlantowerCorrection = "us-epa-plantower";

    /// <summary>
    /// The devices whose PM2.5 is a low-cost optical sensor's (<c>pm_correction: us-epa-plantower</c>): the station's
    /// indices and alerts take their PM2.5 corrected by the US EPA's formula; the raw value is stored beside it.
    /// </summary>
    public IReadOnlySet<string> CorrectedPmDevices { get; init; } = ReadOnlySet<string>.Empty;

    /// <summary>
    /// The photochemical-oxidant issuance region (発令地域) the station is judged in (<see cref="OxRegions"/>); null: none.
    /// An Ox advisory is issued for a region when one of its stations reaches the level.
    /// </summary>
    public string? OxRegion { get; init; }

    /// <summary>A plant station's stacks: which devices' emission readings are whose, and how they are standardised and judged.</summary>
    public IReadOnlyList<PlantStack> Stacks { get; init; } = ReadOnlyCollection<PlantStack>.Empty;

    /// <summary>
    /// The tags the ingest puts on each of this station's points: <c>station</c>, <c>kind</c>, <c>city</c>, <c>district</c>,
    /// then <see cref="Tags"/>. The point's own <c>device</c> and <c>sensor</c> tags are the ingest's to add.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> PointTags()
    {
        yield return new(StationTagKeys.Station, Id);
        yield return new(StationTagKeys.Kind, Kind.TagValue());
        yield return new(StationTagKeys.City, City);
        yield return new(StationTagKeys.District, District);
        foreach (var tag in Tags)
        {
            yield return tag;
        }
    }
}

/// <summary>Tag keys of the storage schema that the station registry fills or must not override.</summary>
public static class StationTagKeys
{
    public const string Station = "station";
    public const string Device = "device";
    public const string Sensor = "sensor";
    public const string Kind = "kind";
    public const string City = "city";
    public const string District = "district";

    /// <summary>Keys an extra registry tag may not use: the schema's own tags, and InfluxQL's <c>time</c>.</summary>
    public static FrozenSet<string> Reserved { get; } =
        new[] { Station, Device, Sensor, Kind, City, District, "name", "time" }.ToFrozenSet(StringComparer.Ordinal);
}

/// <summary>
/// The issuance regions of photochemical-oxidant emergency measures a station may belong to (registry <c>ox_region</c>):
/// Kanagawa's, as the prefecture's releases name them (横浜, 川崎, 相模原, 横須賀, 湘南, 県央, 西湘; Yokohama City is one region).
/// </summary>
public static class OxRegions
{
    public static IReadOnlyList<string> Kanagawa { get; } = ["yokohama", "kawasaki", "sagamihara", "yokosuka", "shonan", "kenou", "seisho"];
}
