using AirMonitor.Core.Contract;

namespace AirMonitor.Core.Tests.Contract;

public class DeviceIdTests
{
    [Theory]
    [InlineData("bkk-dindaeng-01")]
    [InlineData("a")]
    [InlineData("Z")]
    [InlineData("0")]
    [InlineData("_")]
    [InlineData("-")]
    [InlineData("YOKOHAMA_tsurumi-07")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")]
    public void Id_of_ascii_letters_digits_underscore_and_hyphen_is_valid(string id)
    {
        Assert.True(DeviceId.IsValid(id));
    }

    [Fact]
    public void Id_of_exactly_64_characters_is_valid()
    {
        Assert.True(DeviceId.IsValid(new string('a', 64)));
        Assert.Equal(64, DeviceId.MaxLength);
    }

    [Fact]
    public void Id_of_65_characters_is_invalid()
    {
        Assert.False(DeviceId.IsValid(new string('a', 65)));
    }

    [Fact]
    public void Empty_id_is_invalid()
    {
        Assert.False(DeviceId.IsValid(""));
    }

    [Fact]
    public void Null_id_is_invalid()
    {
        Assert.False(DeviceId.IsValid(null));
    }

    [Theory]
    [InlineData("bkk dindaeng", "space")]
    [InlineData(" d1", "leading space")]
    [InlineData("d1\t", "tab")]
    [InlineData("site/d1", "slash: a topic level separator")]
    [InlineData("d+1", "plus: a topic wildcard")]
    [InlineData("d#1", "hash: a topic wildcard")]
    [InlineData("d.1", "dot")]
    [InlineData("d,1", "comma: an InfluxDB tag separator")]
    [InlineData("d=1", "equals: an InfluxDB tag separator")]
    [InlineData("d\"1", "quote")]
    [InlineData("d\01", "NUL")]
    [InlineData("$SYS", "dollar")]
    [InlineData("défense", "latin letter with accent")]
    [InlineData("δ1", "greek letter")]
    [InlineData("横浜01", "CJK letters")]
    [InlineData("ｄ１", "fullwidth letter and digit")]
    [InlineData("d١", "arabic-indic digit")]
    [InlineData("d\u00a0", "no-break space")]
    public void Id_with_any_other_character_is_invalid(string id, string why)
    {
        Assert.False(DeviceId.IsValid(id), why);
    }

    [Fact]
    public void Alerts_is_reserved_so_no_device_readings_topic_can_be_an_alert_topic()
    {
        Assert.False(DeviceId.IsValid("alerts"));
        Assert.True(DeviceId.IsWellFormed("alerts"));
        Assert.True(DeviceId.IsValid("alerts-01"));
        Assert.Equal(Topics.Alerts("readings"), Topics.Readings("alerts"));
    }
}
