using AirMonitor.Sensors.Simulation;

namespace AirMonitor.Sensors.Tests.Pmsx003;

using AirMonitor.Sensors.Pmsx003;

public sealed class Pmsx003FrameTests
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(20);

    [Fact]
    public void A_hand_built_datasheet_frame_decodes_to_every_field()
    {
        Assert.True(Pmsx003Frame.TryDecode(PlantowerFrames.Indoor, out var m, out _, out _));

        Assert.Equal(11, m.Pm1_0StandardMicrogramsPerCubicMeter);
        Assert.Equal(18, m.Pm2_5StandardMicrogramsPerCubicMeter);
        Assert.Equal(23, m.Pm10StandardMicrogramsPerCubicMeter);
        Assert.Equal(10, m.Pm1_0AtmosphericMicrogramsPerCubicMeter);
        Assert.Equal(16, m.Pm2_5AtmosphericMicrogramsPerCubicMeter);
        Assert.Equal(21, m.Pm10AtmosphericMicrogramsPerCubicMeter);
        Assert.Equal(1830, m.ParticlesAbove0_3MicrometersPerDeciliter);
        Assert.Equal(540, m.ParticlesAbove0_5MicrometersPerDeciliter);
        Assert.Equal(102, m.ParticlesAbove1_0MicrometersPerDeciliter);
        Assert.Equal(9, m.ParticlesAbove2_5MicrometersPerDeciliter);
        Assert.Equal(3, m.ParticlesAbove5_0MicrometersPerDeciliter);
        Assert.Equal(1, m.ParticlesAbove10MicrometersPerDeciliter);
        Assert.Equal(0x9700, m.Reserved);
    }

    [Fact]
    public void Encoding_a_measurement_gives_the_hand_built_frame_byte_for_byte()
    {
        Assert.True(Pmsx003Frame.TryDecode(PlantowerFrames.Hazy, out var m, out _, out _));

        Assert.Equal(PlantowerFrames.Hazy, Pmsx003Frame.Encode(m));
    }

    [Fact]
    public void The_checksum_is_the_16_bit_sum_of_bytes_0_to_29()
    {
        Assert.Equal(0x0263, Pmsx003Frame.Checksum(PlantowerFrames.Indoor.AsSpan(0, 30)));
        Assert.Equal(0x02F9, Pmsx003Frame.Checksum(PlantowerFrames.Hazy.AsSpan(0, 30)));
    }

    [Fact]
    public void A_frame_with_a_wrong_checksum_is_a_checksum_error()
    {
        var corrupt = PlantowerFrames.With(PlantowerFrames.Indoor, 13, 0x11);

        Assert.False(Pmsx003Frame.TryDecode(corrupt, out var m, out var fault, out var detail));

        Assert.Null(m);
        Assert.Equal(SensorFault.ChecksumError, fault);
        Assert.Contains("0x0263", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_with_a_wrong_length_word_is_a_bad_frame()
    {
        Assert.False(Pmsx003Frame.TryDecode(PlantowerFrames.With(PlantowerFrames.Indoor, 3, 0x1D), out _, out var fault, out var detail));

        Assert.Equal(SensorFault.BadFrame, fault);
        Assert.Contains("length word 29", detail, StringComparison.Ordinal);
    }

    // Command bytes as printed in the datasheet (appendix II) and docs/reference sensors.md.
    [Theory]
    [InlineData("passive", "424DE1000001" + "70")]
    [InlineData("active", "424DE1000101" + "71")]
    [InlineData("read", "424DE2000001" + "71")]
    [InlineData("sleep", "424DE4000001" + "73")]
    [InlineData("wake", "424DE4000101" + "74")]
    public void The_driver_sends_the_datasheet_command_bytes(string command, string expectedHex)
    {
        using var line = new SimulatedSerialStream(ShortTimeout);
        using var sensor = new Pmsx003(line);

        switch (command)
        {
            case "passive":
                sensor.SetMode(Pmsx003Mode.Passive);
                break;
            case "active":
                sensor.SetMode(Pmsx003Mode.Active);
                break;
            case "read":
                sensor.RequestMeasurement();
                break;
            case "sleep":
                sensor.Sleep();
                break;
            case "wake":
                sensor.WakeUp();
                break;
        }

        Assert.Equal(expectedHex, Convert.ToHexString(Assert.Single(line.Writes)));
    }
}
