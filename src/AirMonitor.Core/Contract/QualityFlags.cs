namespace AirMonitor.Core.Contract;

/// <summary>Quality flags an edge may set on a sample. Unknown flags are accepted if well formed, so newer edges work with older ingests.</summary>
public static class QualityFlags
{
    public const string Warmup = "warmup";
    public const string CrcError = "crc_error";
    public const string OutOfRange = "out_of_range";
    public const string Stuck = "stuck";
    public const string HumidityHigh = "rh_high";

    // A plant analyser's status (EN 17255-2 §6.2.2.3: at least valid, maintenance, malfunction), read with every value:
    // a value with any of these is not a valid measurement and is left out of every average. No flag means valid.
    public const string Maintenance = "maintenance";
    public const string FunctionCheck = "function_check";
    public const string Malfunction = "malfunction";
    public const string OutOfSpec = "out_of_spec";
    public const string NotMeasuring = "not_measuring";

    /// <summary>The analyser status flags, in the order of precedence a report names them by.</summary>
    public static IReadOnlyList<string> AnalyserStatus { get; } = [Malfunction, Maintenance, FunctionCheck, OutOfSpec, NotMeasuring];

    public const int MaxLength = 32;

    /// <summary>A flag is <c>[a-z0-9_]{1,32}</c>.</summary>
    public static bool IsWellFormed(string? flag) =>
        flag is { Length: > 0 and <= MaxLength } && flag.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
}
