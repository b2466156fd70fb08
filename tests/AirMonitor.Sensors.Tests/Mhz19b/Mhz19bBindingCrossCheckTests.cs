using AirMonitor.Sensors.Mhz19b;
using Mhz19bBinding = Iot.Device.Mhz19b.Mhz19b;
using Mhz19bDriver = AirMonitor.Sensors.Mhz19b.Mhz19b;

namespace AirMonitor.Sensors.Tests.Mhz19b;

/// <summary>
/// The dotnet/iot Mhz19b binding as a second reader of <see cref="SimulatedMhz19b"/>: it builds the read command and
/// checks the answer's checksum on its own. It is given the stream without owning it (shouldDispose: false), so our
/// driver reads the same line after it.
/// </summary>
public sealed class Mhz19bBindingCrossCheckTests
{
    [Theory]
    [InlineData(400.0)]
    [InlineData(544.0)]
    [InlineData(1000.0)]
    [InlineData(2000.0)]
    [InlineData(5000.0)]
    [InlineData(0.0)]
    public void The_binding_reads_what_our_driver_reads_and_the_air_set(double co2Ppm)
    {
        using var line = new SimulatedMhz19b(new SimulatedAir { Co2Ppm = co2Ppm });
        using var binding = new Mhz19bBinding(line, shouldDispose: false);
        var driver = new Mhz19bDriver(line);

        var theirs = binding.GetCo2Reading().PartsPerMillion;
        Assert.True(driver.TryReadCo2(out var ours, out _, out _));

        Assert.Equal(ours, theirs);
        Assert.Equal(co2Ppm, theirs);
        Assert.Equal(["FF0186000000000079", "FF0186000000000079"], line.Writes.Select(Convert.ToHexString));
    }

    // docs/dependencies.md: the binding takes the next 9 bytes as the answer and never looks for FF 86. One stray byte in
    // front of an answer makes it an IOException, and the answer's last byte is left on the line, so every later answer
    // is read shifted by one and fails too. Our driver resynchronises on FF 86 and reads the same line right.
    [Fact]
    public void After_one_stray_byte_the_binding_stays_shifted_where_our_driver_resynchronises()
    {
        using var line = new SimulatedMhz19b(new SimulatedAir { Co2Ppm = 800 });
        using var binding = new Mhz19bBinding(line, shouldDispose: false);
        line.Enqueue([0x00]);

        Assert.Throws<IOException>(() => binding.GetCo2Reading());
        Assert.Equal(1, line.PendingBytes);
        Assert.Throws<IOException>(() => binding.GetCo2Reading());
        Assert.Equal(1, line.PendingBytes);

        var driver = new Mhz19bDriver(line);
        Assert.True(driver.TryReadCo2(out var ours, out _, out _));
        Assert.Equal(800, ours);
        Assert.Equal(0, line.PendingBytes);
    }
}
