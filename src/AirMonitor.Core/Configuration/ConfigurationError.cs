using YamlDotNet.Core;

namespace AirMonitor.Core.Configuration;

/// <summary>
/// The wording of one problem in a YAML configuration file, the same for every reader:
/// <c>key.path: reason (line L, column C)</c>.
/// </summary>
public static class ConfigurationError
{
    /// <summary>The one-line error; without a key path (the whole file) just the reason, without a position no location.</summary>
    public static string Format(string path, string reason, Mark? at)
    {
        var location = at is { } mark ? $" (line {mark.Line}, column {mark.Column})" : "";
        return path.Length == 0 ? $"{reason}{location}" : $"{path}: {reason}{location}";
    }

    /// <summary>The key path of <paramref name="key"/> under <paramref name="path"/>: <c>stations[3]</c> and <c>latitude</c> give <c>stations[3].latitude</c>.</summary>
    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
