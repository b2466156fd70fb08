using AirMonitor.Core.Contract;
using CsCheck;
using AirMonitor.Testing;

namespace AirMonitor.Core.Tests.Contract;

public class TopicsTests
{
    [Fact]
    public void Device_topics_follow_the_v1_table()
    {
        Assert.Equal("airmon/v1/bkk-dindaeng-01/readings", Topics.Readings("bkk-dindaeng-01"));
        Assert.Equal("airmon/v1/bkk-dindaeng-01/ack", Topics.Ack("bkk-dindaeng-01"));
        Assert.Equal("airmon/v1/bkk-dindaeng-01/status", Topics.Status("bkk-dindaeng-01"));
    }

    [Fact]
    public void Alerts_topic_is_per_station()
    {
        Assert.Equal("airmon/v1/alerts/yokohama-tsurumi", Topics.Alerts("yokohama-tsurumi"));
    }

    [Fact]
    public void All_readings_filter_matches_every_device_with_one_wildcard_level()
    {
        Assert.Equal("airmon/v1/+/readings", Topics.AllReadings);
    }

    [Fact]
    public void Shared_readings_subscription_is_the_design_filter()
    {
        Assert.Equal("$share/ingest/airmon/v1/+/readings", Topics.SharedReadings("ingest"));
    }

    [Theory]
    [InlineData("airmon/v1/bkk-dindaeng-01/readings", "bkk-dindaeng-01")]
    [InlineData("airmon/v1/A/readings", "A")]
    [InlineData("airmon/v1/readings/readings", "readings")]
    public void Readings_topic_parses_to_its_device(string topic, string expected)
    {
        Assert.True(Topics.TryParseReadings(topic, out var device));
        Assert.Equal(expected, device);
    }

    [Theory]
    [InlineData("airmon/v2/d1/readings")]
    [InlineData("Airmon/v1/d1/readings")]
    [InlineData("xairmon/v1/d1/readings")]
    [InlineData("/airmon/v1/d1/readings")]
    [InlineData("$share/ingest/airmon/v1/d1/readings")]
    [InlineData("airmon/v1/d1/status")]
    [InlineData("airmon/v1/d1/ack")]
    [InlineData("airmon/v1/d1/Readings")]
    [InlineData("airmon/v1/d1/readings/")]
    public void Topic_with_a_wrong_prefix_or_suffix_is_not_a_readings_topic(string topic)
    {
        Assert.False(Topics.TryParseReadings(topic, out var device));
        Assert.Equal("", device);
    }

    [Theory]
    [InlineData("airmon/v1/site/d1/readings")]
    [InlineData("airmon/v1/d1/readings/readings")]
    [InlineData("airmon/v1/a/b/c/readings")]
    [InlineData("airmon/v1/d1/x/readings")]
    public void Topic_with_extra_levels_is_not_a_readings_topic(string topic)
    {
        Assert.False(Topics.TryParseReadings(topic, out _));
    }

    [Theory]
    [InlineData("airmon/v1//readings")]
    [InlineData("airmon/v1/readings")]
    [InlineData("airmon/v1/")]
    [InlineData("")]
    public void Topic_with_an_empty_device_level_is_not_a_readings_topic(string topic)
    {
        Assert.False(Topics.TryParseReadings(topic, out var device));
        Assert.Equal("", device);
    }

    [Fact]
    public void Parsed_device_level_is_returned_as_it_stands_for_the_validator_to_judge()
    {
        Assert.True(Topics.TryParseReadings("airmon/v1/bad device!/readings", out var device));

        Assert.Equal("bad device!", device);
        Assert.False(DeviceId.IsValid(device));
    }

    [Fact]
    public void Readings_topic_of_any_valid_device_parses_back_to_that_device()
    {
        WireGen.Id.Sample(id =>
        {
            Assert.True(Topics.TryParseReadings(Topics.Readings(id), out var device));
            Assert.Equal(id, device);
        }, iter: 500);
    }

    [Theory]
    [InlineData("airmon/v1/bkk-dindaeng-01/ack", true, "bkk-dindaeng-01")]
    [InlineData("airmon/v1/d1/readings", false, "")]
    [InlineData("airmon/v1/a/b/ack", false, "a/b")]
    [InlineData("airmon/v1//ack", false, "")]
    public void Ack_topic_parses_to_its_device(string topic, bool parses, string expected)
    {
        Assert.Equal(parses, Topics.TryParseAck(topic, out var device));
        Assert.Equal(expected, device);
    }
}
