namespace AirMonitor.Edge.Profiles;

/// <summary>
/// A device profile could not be loaded. <see cref="Exception.Message"/> is one line, in the station registry's manner:
/// <c>firmware-config/devices/yok-naka-01.yaml: sensors[1].address: '0x80' is outside 0x03..0x77 (line 24, column 14)</c>;
/// with several problems, <c>file: N errors: first; second; …</c>.
/// </summary>
public sealed class DeviceProfileException : Exception
{
    private const int MaxErrorsInMessage = 10;

    public DeviceProfileException(string sourceName, IReadOnlyList<string> errors)
        : base(FormatMessage(sourceName, errors))
    {
        SourceName = sourceName;
        Errors = errors;
    }

    public DeviceProfileException(string sourceName, string error, Exception innerException)
        : base(FormatMessage(sourceName, [error]), innerException)
    {
        SourceName = sourceName;
        Errors = [error];
    }

    /// <summary>The file (or other source) that was being read, as given to Load or Parse.</summary>
    public string SourceName { get; }

    /// <summary>Every problem found, each <c>key.path: reason (line L, column C)</c>, in file order.</summary>
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
