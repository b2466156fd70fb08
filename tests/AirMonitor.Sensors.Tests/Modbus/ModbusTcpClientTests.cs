using System.Diagnostics;
using AirMonitor.Sensors.Modbus;
using AirMonitor.Testing.Servers.Modbus;

namespace AirMonitor.Sensors.Tests.Modbus;

/// <summary>The client over Modbus TCP against pymodbus on a free loopback port: <see cref="ModbusLinkTests"/>, and what only TCP does.</summary>
public sealed class ModbusTcpClientTests : ModbusLinkTests
{
    public override Task InitializeAsync()
    {
        Server = PymodbusServer.Tcp(Map());
        return Server.StartAsync();
    }

    public override async Task DisposeAsync() => await Server.DisposeAsync();

    [Fact]
    public async Task A_killed_server_is_link_down_within_the_timeout_and_the_same_client_reads_again_once_it_is_back()
    {
        using var client = Client(1, Quick);
        Assert.Equal([10], client.ReadRegisters(ModbusTable.InputRegisters, 8, 1));

        Server.Kill();
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<ModbusException>(() => client.ReadRegisters(ModbusTable.InputRegisters, 8, 1));

        Assert.Equal(ModbusFailure.LinkDown, e.Failure);
        Assert.True(clock.Elapsed < Quick.Timeout * (Quick.Retries + 1), $"failed after {clock.Elapsed}");
        await Server.StartAsync();
        Assert.Equal([10], client.ReadRegisters(ModbusTable.InputRegisters, 8, 1));
    }

    [Fact]
    public void A_paused_server_times_out_after_every_attempt_and_its_late_answers_are_dropped()
    {
        using var client = Client(1, Quick);
        Assert.Equal([10], client.ReadRegisters(ModbusTable.InputRegisters, 8, 1));

        Server.Pause();
        try
        {
            var clock = Stopwatch.StartNew();
            var e = Assert.Throws<ModbusException>(() => client.ReadRegisters(ModbusTable.InputRegisters, 8, 1));

            Assert.Equal(ModbusFailure.Timeout, e.Failure);
            Assert.InRange(clock.Elapsed, Quick.Timeout * 3, (Quick.Timeout * 3) + TimeSpan.FromSeconds(1));
        }
        finally
        {
            Server.Resume();
        }

        // The three late answers come now; their transaction ids are not this read's.
        Assert.Equal([555, 0, 100], client.ReadRegisters(ModbusTable.HoldingRegisters, 107, 3));
    }

    [Fact]
    public void An_answer_after_the_timeout_is_a_timeout_and_is_not_taken_for_the_next_read()
    {
        using var transport = new ModbusTcpTransport("127.0.0.1", Server.Port);
        using var hasty = new ModbusClient(transport, 1, new ModbusClientOptions { Timeout = TimeSpan.FromMilliseconds(300), Retries = 0 }, shouldDispose: false);
        using var patient = new ModbusClient(transport, 1, new ModbusClientOptions { Timeout = TimeSpan.FromSeconds(3), Retries = 0 }, shouldDispose: false);
        Server.AnswerDelay = TimeSpan.FromMilliseconds(800);

        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<ModbusException>(() => hasty.ReadRegisters(ModbusTable.InputRegisters, 8, 1));
        Assert.Equal(ModbusFailure.Timeout, e.Failure);

        // Sent at once: the late answer (one register, 10) comes first, then this read's own (one register, 555).
        Server.AnswerDelay = TimeSpan.Zero;
        Assert.Equal([555], patient.ReadRegisters(ModbusTable.HoldingRegisters, 107, 1));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(800), $"answered {clock.Elapsed} after the first request, before the late answer was due");
    }

    protected override IModbusTransport Open() => new ModbusTcpTransport("127.0.0.1", Server.Port);
}
