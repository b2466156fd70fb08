using AirMonitor.Edge.Profiles;

namespace AirMonitor.Edge.Tests.Profiles;

/// <summary>What the profile tests share: the model names a host would pass, and a way to fail a profile.</summary>
internal static class TestProfiles
{
    /// <summary>The models the sensor families serve (a fixed copy, so these tests do not depend on which families are built).</summary>
    public static IReadOnlySet<string> KnownModels { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "pms5003", "pms7003", "pmsa003", "pmsa003i", "mhz19b", "sps30", "sen50", "sen54", "sen55", "scd40", "scd41",
        "sgp40", "bme280", "bme680", "bme688", "ads1115-electrochem", "ads1115-4-20ma", "modbus-analyser",
    };

    public static DeviceProfile Parse(string yaml, string source) => DeviceProfileLoader.Parse(yaml, source, KnownModels);

    public static DeviceProfileException Fails(string yaml, string source) =>
        Assert.Throws<DeviceProfileException>(() => DeviceProfileLoader.Parse(yaml, source, KnownModels));

    /// <summary><paramref name="text"/> with <paramref name="oldValue"/>, which must occur exactly once, replaced.</summary>
    public static string With(this string text, string oldValue, string newValue)
    {
        var at = text.IndexOf(oldValue, StringComparison.Ordinal);
        Assert.True(at >= 0 && text.IndexOf(oldValue, at + 1, StringComparison.Ordinal) < 0, $"'{oldValue}' must occur once in the test profile");
        return string.Concat(text.AsSpan(0, at), newValue, text.AsSpan(at + oldValue.Length));
    }
}
