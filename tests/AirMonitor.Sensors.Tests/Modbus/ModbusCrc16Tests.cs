using AirMonitor.Sensors.Modbus;

namespace AirMonitor.Sensors.Tests.Modbus;

public sealed class ModbusCrc16Tests
{
    [Theory]
    [InlineData("01030000000A", 0xCDC5)] // sent as C5 CD
    [InlineData("1103006B0003", 0x8776)] // MODBUS over Serial Line V1.02's example, sent as 76 87
    public void A_request_frame_has_the_CRC_of_the_reference_vectors(string frame, int crc) =>
        Assert.Equal(crc, ModbusCrc16.Compute(Convert.FromHexString(frame)));

    [Fact]
    public void The_check_value_of_123456789_is_4B37() =>
        Assert.Equal(0x4B37, ModbusCrc16.Compute("123456789"u8));

    [Theory]
    [InlineData("01030000000AC5CD", true)]
    [InlineData("1103006B00037687", true)]
    [InlineData("1103006B00038776", false)] // the CRC high byte first
    [InlineData("1103006B00047687", false)]
    [InlineData("7687", false)]
    public void A_frame_is_valid_only_with_its_CRC_low_byte_first(string frame, bool valid) =>
        Assert.Equal(valid, ModbusCrc16.IsValidFrame(Convert.FromHexString(frame)));
}
