namespace AirMonitor.Core.Contract;

/// <summary>Quality flags an edge may set on a sample. Unknown flags are accepted if well formed, so newer edges work with older ingests.</summary>
public static class QualityFlags
{
    public const string Warmup = "warmup";
    public const string CrcError = "crc_error";
    public const string OutOfRange = "out_of_range";
    public const string Stuck = "stuck";
    public const string HumidityHigh = "rh_high";

    public const int MaxLength = 32;

    /// <summary>A flag is <c>[a-z0-9_]{1,32}</c>.</summary>
    public static bool IsWellFormed(string? flag) =>
        flag is { Length: > 0 and <= MaxLength } && flag.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
}
