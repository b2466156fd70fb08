using AirMonitor.Sensors.Sensirion;

namespace AirMonitor.Sensors.Tests.Sensirion;

public sealed class SensirionCrcTests
{
    [Theory]
    [InlineData(0xBE, 0xEF, 0x92)]
    [InlineData(0x00, 0x00, 0x81)]
    [InlineData(0x03, 0x00, 0xAC)]
    public void Crc_matches_the_datasheet_vectors(byte high, byte low, byte expected)
    {
        Assert.Equal(expected, SensirionCrc.Compute([high, low]));
        Assert.Equal(expected, SensirionCrc.Compute((ushort)((high << 8) | low)));
    }
}
