using AirMonitor.Core.Stations;
using AirMonitor.Hosting;

namespace AirMonitor.Edge.Profiles;

/// <summary>
/// Reads an edge device's profile (<c>firmware-config/devices/&lt;device&gt;.yaml</c>; schema in firmware-config/README.md,
/// "Device profiles") and validates all of it, so a bad profile stops the edge at start with one line naming every problem.
/// </summary>
public static class DeviceProfileLoader
{
    /// <summary>Reads (with <see cref="ConfigurationFiles"/>) and validates a profile file.</summary>
    /// <param name="knownModels">The model names the edge can run: <c>SensorModels.Names</c> on a device.</param>
    /// <param name="stations">If given, the device must be listed in it under the station its profile names.</param>
    /// <exception cref="DeviceProfileException">The file cannot be read or is not a valid profile.</exception>
    public static DeviceProfile Load(string path, IReadOnlySet<string> knownModels, StationRegistry? stations = null) =>
        ConfigurationFiles.Load(
            path,
            "the device profile",
            (yaml, sourceName) => Parse(yaml, sourceName, knownModels, stations),
            (error, e) => new DeviceProfileException(path, error, e));

    /// <summary>Validates profile YAML; <paramref name="sourceName"/> names it in error messages.</summary>
    /// <exception cref="DeviceProfileException">The text is not a valid profile; the message lists every problem found.</exception>
    public static DeviceProfile Parse(string yaml, string sourceName, IReadOnlySet<string> knownModels, StationRegistry? stations = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(knownModels);
        var (profile, errors) = DeviceProfileReader.Read(yaml, sourceName, knownModels, stations);
        return profile ?? throw new DeviceProfileException(sourceName, errors);
    }
}
