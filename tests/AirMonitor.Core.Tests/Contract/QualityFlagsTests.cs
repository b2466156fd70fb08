using AirMonitor.Core.Contract;

namespace AirMonitor.Core.Tests.Contract;

public class QualityFlagsTests
{
    [Theory]
    [InlineData(QualityFlags.Warmup, "warmup")]
    [InlineData(QualityFlags.CrcError, "crc_error")]
    [InlineData(QualityFlags.OutOfRange, "out_of_range")]
    [InlineData(QualityFlags.Stuck, "stuck")]
    [InlineData(QualityFlags.HumidityHigh, "rh_high")]
    public void Known_flags_have_their_wire_names_and_are_well_formed(string flag, string wire)
    {
        Assert.Equal(wire, flag);
        Assert.True(QualityFlags.IsWellFormed(flag));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("flag_from_a_newer_edge_2")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345")]
    public void Unknown_lowercase_flag_up_to_32_characters_is_well_formed(string flag)
    {
        Assert.True(QualityFlags.IsWellFormed(flag));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    [InlineData("Warmup")]
    [InlineData("warm-up")]
    [InlineData("warm up")]
    [InlineData("warmup,stuck")]
    [InlineData("réchauffe")]
    public void Flag_that_is_not_lowercase_ascii_digits_underscore_up_to_32_is_malformed(string? flag)
    {
        Assert.False(QualityFlags.IsWellFormed(flag));
    }
}
