using System.Diagnostics;
using AirMonitor.Sensors.Simulation;

namespace AirMonitor.Sensors.Tests.Pmsx003;

/// <summary>The simulated serial line behaves like <c>SerialPort.BaseStream</c>, so drivers tested on it behave on the real port.</summary>
public sealed class SimulatedSerialStreamTests
{
    [Fact]
    public void A_read_on_a_quiet_line_throws_a_timeout_after_the_read_timeout()
    {
        using var line = new SimulatedSerialStream(TimeSpan.FromMilliseconds(50));
        var clock = Stopwatch.StartNew();

        Assert.Throws<TimeoutException>(() => line.ReadByte());

        Assert.InRange(clock.ElapsedMilliseconds, 45, 2_000);
        Assert.Equal(50, line.ReadTimeout);
        Assert.True(line.CanTimeout);
    }

    [Fact]
    public void A_read_returns_what_is_there_without_waiting_for_the_whole_buffer()
    {
        using var line = new SimulatedSerialStream(TimeSpan.FromSeconds(5));
        line.Enqueue([1, 2, 3]);
        var buffer = new byte[10];

        var read = line.Read(buffer, 0, buffer.Length);

        Assert.Equal(3, read);
        Assert.Equal([1, 2, 3], buffer[..3]);
        Assert.Equal(0, line.PendingBytes);
    }

    [Fact]
    public async Task A_waiting_read_wakes_when_bytes_are_enqueued_from_another_thread()
    {
        using var line = new SimulatedSerialStream(TimeSpan.FromSeconds(5));
        var enqueuer = Task.Run(async () =>
        {
            await Task.Delay(30);
            line.Enqueue([0x42]);
        });

        Assert.Equal(0x42, line.ReadByte());
        await enqueuer;
    }

    [Fact]
    public void Writes_are_recorded_one_per_call()
    {
        using var line = new SimulatedSerialStream();

        line.Write([0x42, 0x4D]);
        line.Write([0xE2], 0, 1);

        Assert.Equal(["424D", "E2"], line.Writes.Select(Convert.ToHexString));
    }

    [Fact]
    public void A_planted_failure_is_thrown_once_then_the_line_works()
    {
        using var line = new SimulatedSerialStream(TimeSpan.FromMilliseconds(10)) { FailNext = new IOException("unplugged") };
        line.Enqueue([7]);

        Assert.Throws<IOException>(() => line.ReadByte());
        Assert.Equal(7, line.ReadByte());
    }

    [Fact]
    public void A_disposed_line_refuses_reads_and_writes()
    {
        var line = new SimulatedSerialStream();
        line.Dispose();

        Assert.True(line.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => line.ReadByte());
        Assert.Throws<ObjectDisposedException>(() => line.WriteByte(1));
    }
}
