using System.Globalization;

namespace AirMonitor.Edge.Profiles;

/// <summary>The value formats of a device profile: durations (<c>10s</c>), sizes (<c>256MiB</c>), I2C addresses (<c>0x69</c>).</summary>
internal static class ProfileFormats
{
    public const int MinI2cAddress = 0x03;
    public const int MaxI2cAddress = 0x77;

    private static readonly (string Unit, TimeSpan Length)[] DurationUnits =
    [
        ("ms", TimeSpan.FromMilliseconds(1)),
        ("s", TimeSpan.FromSeconds(1)),
        ("m", TimeSpan.FromMinutes(1)),
        ("h", TimeSpan.FromHours(1)),
    ];

    private static readonly (string Unit, long Bytes)[] SizeUnits =
    [
        ("KiB", 1L << 10),
        ("MiB", 1L << 20),
        ("GiB", 1L << 30),
        ("KB", 1_000),
        ("MB", 1_000_000),
        ("GB", 1_000_000_000),
        ("B", 1),
    ];

    /// <summary>A whole number and a unit: <c>250ms</c>, <c>10s</c>, <c>5m</c>, <c>1h</c>.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        foreach (var (unit, length) in DurationUnits.OrderByDescending(u => u.Unit.Length))
        {
            if (text.EndsWith(unit, StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(0, text.Length - unit.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                && count <= TimeSpan.MaxValue.Ticks / length.Ticks)
            {
                duration = length * count;
                return true;
            }
        }

        return false;
    }

    /// <summary>The shortest way to write <paramref name="duration"/> in the profile's format (<c>90s</c>, <c>24h</c>).</summary>
    public static string FormatDuration(TimeSpan duration)
    {
        foreach (var (unit, length) in DurationUnits.OrderByDescending(u => u.Length))
        {
            if (duration.Ticks % length.Ticks == 0)
            {
                return $"{duration.Ticks / length.Ticks}{unit}";
            }
        }

        return $"{duration.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms";
    }

    /// <summary>A whole number and a unit, decimal (<c>KB</c>, <c>MB</c>, <c>GB</c>) or binary (<c>KiB</c>, <c>MiB</c>, <c>GiB</c>), or <c>B</c>.</summary>
    public static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        foreach (var (unit, factor) in SizeUnits)
        {
            if (text.EndsWith(unit, StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(0, text.Length - unit.Length).TrimEnd(' '), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                && count <= long.MaxValue / factor)
            {
                bytes = count * factor;
                return true;
            }
        }

        return false;
    }

    /// <summary>The shortest binary way to write <paramref name="bytes"/> (<c>1MiB</c>, <c>64GiB</c>).</summary>
    public static string FormatSize(long bytes)
    {
        foreach (var (unit, factor) in SizeUnits.Where(u => u.Unit.EndsWith("iB", StringComparison.Ordinal)).Reverse())
        {
            if (bytes % factor == 0)
            {
                return $"{bytes / factor}{unit}";
            }
        }

        return $"{bytes}B";
    }

    /// <summary>Hex with <c>0x</c> (<c>0x69</c>) or decimal (<c>105</c>); the range is checked by the caller.</summary>
    public static bool TryParseAddress(string text, out int address)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return int.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out address);
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out address);
    }

    public static string FormatAddress(int address) => $"0x{address:x2}";
}
