using AirMonitor.Core.Configuration;

namespace AirMonitor.Core.Stations;

/// <summary>
/// The station registry could not be loaded. <see cref="Exception.Message"/> is one line:
/// <c>firmware-config/stations.yaml: stations[3].latitude: 123.4 is outside -90..90 (line 14, column 15)</c>;
/// with several problems, <c>file: N errors: first; second; …</c>. <see cref="ConfigurationFileException.Errors"/>
/// lists them station by station.
/// </summary>
public sealed class StationRegistryException : ConfigurationFileException
{
    public StationRegistryException(string sourceName, IReadOnlyList<string> errors)
        : base(sourceName, errors)
    {
    }

    public StationRegistryException(string sourceName, string error, Exception innerException)
        : base(sourceName, error, innerException)
    {
    }
}
