namespace AirMonitor.Core.Configuration;

/// <summary>
/// A configuration file (the station registry, a device profile) could not be loaded. <see cref="Exception.Message"/>
/// is one line: <c>file: error</c>; with several problems, <c>file: N errors: first; second; …</c>, the first ten
/// and then <c>and N more</c>.
/// </summary>
public abstract class ConfigurationFileException : Exception
{
    private const int MaxErrorsInMessage = 10;

    protected ConfigurationFileException(string sourceName, IReadOnlyList<string> errors)
        : base(FormatMessage(sourceName, errors))
    {
        SourceName = sourceName;
        Errors = errors;
    }

    protected ConfigurationFileException(string sourceName, string error, Exception innerException)
        : base(FormatMessage(sourceName, [error]), innerException)
    {
        SourceName = sourceName;
        Errors = [error];
    }

    /// <summary>The file (or other source) that was being read, as given to Load or Parse.</summary>
    public string SourceName { get; }

    /// <summary>Every problem found, each <c>key.path: reason (line L, column C)</c>, in the order the reader met them.</summary>
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
