using System.Security;
using AirMonitor.Core.Configuration;
using AirMonitor.Core.Stations;

namespace AirMonitor.Hosting;

/// <summary>
/// Reads a configuration file (the station registry, a device profile) for a parser that takes text: the parsers do no
/// file I/O, and a file that cannot be read is the same one-line configuration error as a file that is not valid.
/// </summary>
public static class ConfigurationFiles
{
    /// <summary>Reads the file at <paramref name="path"/> and parses it, named by its path in every error.</summary>
    /// <param name="what">What the file is, for the error when it cannot be read: <c>cannot read {what}: reason</c>.</param>
    /// <param name="parse">Parses the text; the second argument is the source name, the path.</param>
    /// <param name="unreadable">The exception for a file that cannot be read, from the error line and the cause.</param>
    public static T Load<T>(string path, string what, Func<string, string, T> parse, Func<string, Exception, ConfigurationFileException> unreadable)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(unreadable);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or SecurityException)
        {
            throw unreadable($"cannot read {what}: {e.Message}", e);
        }

        return parse(text, path);
    }

    /// <summary>Reads and validates the station registry file.</summary>
    /// <exception cref="StationRegistryException">The file cannot be read or is not a valid registry.</exception>
    public static StationRegistry LoadStationRegistry(string path) =>
        Load(path, "the station registry", StationRegistry.Parse, (error, e) => new StationRegistryException(path, error, e));
}
