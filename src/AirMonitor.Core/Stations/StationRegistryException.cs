namespace AirMonitor.Core.Stations;

/// <summary>
/// The station registry could not be loaded. <see cref="Exception.Message"/> is one line:
/// <c>firmware-config/stations.yaml: stations[3].latitude: 123.4 is outside -90..90 (line 14, column 15)</c>;
/// with several problems, <c>file: N errors: first; second; …</c>.
/// </summary>
public sealed class StationRegistryException : Exception
{
    private const int MaxErrorsInMessage = 10;

    public StationRegistryException(string sourceName, IReadOnlyList<string> errors)
        : base(FormatMessage(sourceName, errors))
    {
        SourceName = sourceName;
        Errors = errors;
    }

    public StationRegistryException(string sourceName, string error, Exception innerException)
        : base(FormatMessage(sourceName, [error]), innerException)
    {
        SourceName = sourceName;
        Errors = [error];
    }

    /// <summary>The file (or other source) that was being read, as given to Load or Parse.</summary>
    public string SourceName { get; }

    /// <summary>Every problem found, each <c>key.path: reason (line L, column C)</c>, station by station.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string FormatMessage(string sourceName, IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 1)
        {
            return $"{sourceName}: {errors[0]}";
        }

        var shown = string.Join("; ", errors.Take(MaxErrorsInMessage));
        var more = errors.Count > MaxErrorsInMessage ? $"; and {errors.Count - MaxErrorsInMessage} more" : "";
        return $"{sourceName}: {errors.Count} errors: {shown}{more}";
    }
}
