using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace AirMonitor.Cli;

/// <summary>Options several commands share, parsed one way.</summary>
internal static class CommonOptions
{
    public static Option<string?> Registry() => new("--registry")
    {
        Description = "Station registry (YAML) whose devices the fleet plays; without it, unregistered sim-NNNN devices",
    };

    /// <summary>A duration as <c>90s</c>, <c>5m</c>, <c>2h</c>, <c>250ms</c> or a TimeSpan (<c>00:01:30</c>).</summary>
    public static Option<TimeSpan> Duration(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = ParseDuration,
    };

    public static Option<TimeSpan?> OptionalDuration(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r => ParseDuration(r),
    };

    private static TimeSpan ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value.Trim();
        (string Suffix, double Milliseconds)[] units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];
        foreach (var (suffix, ms) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0)
            {
                return TimeSpan.FromMilliseconds(n * ms);
            }
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero)
        {
            return span;
        }

        result.AddError($"'{text}' is not a duration such as 90s, 5m, 2h or 00:01:30");
        return default;
    }
}
