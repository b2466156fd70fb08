using AirMonitor.Core.Configuration;

namespace AirMonitor.Edge.Profiles;

/// <summary>
/// A device profile could not be loaded. <see cref="Exception.Message"/> is one line, in the station registry's manner:
/// <c>firmware-config/devices/yok-naka-01.yaml: sensors[1].address: '0x80' is outside 0x03..0x77 (line 24, column 14)</c>;
/// with several problems, <c>file: N errors: first; second; …</c>. <see cref="ConfigurationFileException.Errors"/>
/// lists them in file order.
/// </summary>
public sealed class DeviceProfileException : ConfigurationFileException
{
    public DeviceProfileException(string sourceName, IReadOnlyList<string> errors)
        : base(sourceName, errors)
    {
    }

    public DeviceProfileException(string sourceName, string error, Exception innerException)
        : base(sourceName, error, innerException)
    {
    }
}
