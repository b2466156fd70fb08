using AirMonitor.Edge.Profiles;

namespace AirMonitor.Edge.Tests.Profiles;

/// <summary>The value formats of a profile: durations, sizes, I2C addresses.</summary>
public sealed class ProfileFormatsTests
{
    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("10s", 10_000)]
    [InlineData("5m", 300_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("0s", 0)]
    public void Duration_is_a_whole_number_and_a_unit(string text, long milliseconds)
    {
        Assert.True(ProfileFormats.TryParseDuration(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("1.5s")]
    [InlineData("10 s")]
    [InlineData("-5s")]
    [InlineData("10sec")]
    [InlineData("1d")]
    [InlineData("s")]
    [InlineData("99999999999999999h")]
    public void Duration_in_any_other_form_is_refused(string text)
    {
        Assert.False(ProfileFormats.TryParseDuration(text, out _));
    }

    [Theory]
    [InlineData(1_000, "1s")]
    [InlineData(90_000, "90s")]
    [InlineData(86_400_000, "24h")]
    [InlineData(1_500, "1500ms")]
    public void Duration_is_written_in_its_largest_exact_unit(long milliseconds, string text)
    {
        Assert.Equal(text, ProfileFormats.FormatDuration(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Theory]
    [InlineData("256MiB", 268_435_456)]
    [InlineData("1GiB", 1_073_741_824)]
    [InlineData("64KiB", 65_536)]
    [InlineData("512MB", 512_000_000)]
    [InlineData("2GB", 2_000_000_000)]
    [InlineData("10KB", 10_000)]
    [InlineData("1048576B", 1_048_576)]
    [InlineData("1 MiB", 1_048_576)]
    public void Size_takes_decimal_and_binary_units(string text, long bytes)
    {
        Assert.True(ProfileFormats.TryParseSize(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("256")]
    [InlineData("256mb")]
    [InlineData("1.5GiB")]
    [InlineData("MiB")]
    [InlineData("99999999999GiB")]
    public void Size_in_any_other_form_is_refused(string text)
    {
        Assert.False(ProfileFormats.TryParseSize(text, out _));
    }

    [Theory]
    [InlineData("0x69", 0x69)]
    [InlineData("0X4A", 0x4a)]
    [InlineData("98", 98)]
    public void Address_is_hex_with_0x_or_decimal(string text, int address)
    {
        Assert.True(ProfileFormats.TryParseAddress(text, out var parsed));
        Assert.Equal(address, parsed);
    }

    [Theory]
    [InlineData("69h")]
    [InlineData("0x")]
    [InlineData("-5")]
    [InlineData("0b1101001")]
    public void Address_in_any_other_form_is_refused(string text)
    {
        Assert.False(ProfileFormats.TryParseAddress(text, out _));
    }
}
