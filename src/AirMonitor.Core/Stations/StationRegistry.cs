using System.Diagnostics.CodeAnalysis;

namespace AirMonitor.Core.Stations;

/// <summary>
/// The station registry: which device belongs to which station, and the tags the ingest writes on every point
/// (schema in firmware-config/README.md). Immutable once parsed; lookups are dictionary reads, safe from any thread.
/// <c>AirMonitor.Hosting.ConfigurationFiles.LoadStationRegistry</c> reads the file: Core does no file I/O.
/// </summary>
public sealed class StationRegistry
{
    private readonly Dictionary<string, Station> _byDevice;
    private readonly Dictionary<string, DeclaredSensors> _declarations;
    private readonly Dictionary<string, Station> _byId;

    private StationRegistry(IReadOnlyList<Station> stations)
    {
        Stations = stations;
        _byId = stations.ToDictionary(s => s.Id, StringComparer.Ordinal);
        _byDevice = stations
            .SelectMany(s => s.Devices, (station, device) => (station, device))
            .ToDictionary(x => x.device, x => x.station, StringComparer.Ordinal);
        _declarations = stations.SelectMany(s => s.Declarations).ToDictionary(StringComparer.Ordinal);
    }

    /// <summary>A registry with no stations: every device is unregistered.</summary>
    public static StationRegistry Empty { get; } = new([]);

    /// <summary>The stations in file order.</summary>
    public IReadOnlyList<Station> Stations { get; }

    /// <summary>Validates registry YAML; <paramref name="sourceName"/> names it in error messages.</summary>
    /// <exception cref="StationRegistryException">The text is not a valid registry; the message lists every problem found.</exception>
    public static StationRegistry Parse(string yaml, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(sourceName);
        var (stations, errors) = StationRegistryReader.Read(yaml);
        if (errors.Count > 0)
        {
            throw new StationRegistryException(sourceName, errors);
        }

        return new StationRegistry(stations);
    }

    /// <summary>Finds the station a device is installed at; <see langword="false"/> for an unregistered device.</summary>
    public bool TryFindByDevice(string deviceId, [NotNullWhen(true)] out Station? station) =>
        _byDevice.TryGetValue(deviceId, out station);

    /// <summary>What a device may write, when its station declares it; <see langword="null"/> for an unregistered device or one listed as a plain id.</summary>
    public DeclaredSensors? DeclarationOf(string deviceId) => _declarations.GetValueOrDefault(deviceId);

    /// <summary>The station with this id, or <see langword="null"/>.</summary>
    public Station? FindStation(string id) => _byId.GetValueOrDefault(id);
}
