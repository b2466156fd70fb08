using AirMonitor.Sensors.Modbus;

namespace AirMonitor.Sensors.Tests.Modbus;

/// <summary>
/// What the client decides by itself: what it refuses to send, what it asks again and what it does not. The transport
/// here only replays answers and records requests; the protocol is tested against pymodbus (ModbusTcpClientTests, ModbusRtuClientTests).
/// </summary>
public sealed class ModbusClientTests
{
    private static readonly byte[] ThreeRegisters = Convert.FromHexString("0306022B00000064");

    [Theory]
    [InlineData(ModbusTable.HoldingRegisters, 126)]
    [InlineData(ModbusTable.InputRegisters, 0)]
    [InlineData(ModbusTable.Coils, 2001)]
    [InlineData(ModbusTable.DiscreteInputs, 0)]
    public void A_count_past_the_spec_is_refused_before_anything_is_sent(ModbusTable table, ushort count)
    {
        var transport = new ReplayTransport();
        using var client = new ModbusClient(transport, 1, new ModbusClientOptions());

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            table is ModbusTable.Coils or ModbusTable.DiscreteInputs ? client.ReadBits(table, 0, count).Length : client.ReadRegisters(table, 0, count).Length);
        Assert.Empty(transport.Requests);
    }

    [Fact]
    public void A_bit_table_is_not_read_as_registers_nor_the_other_way()
    {
        using var client = new ModbusClient(new ReplayTransport(), 1, new ModbusClientOptions());

        Assert.Throws<ArgumentOutOfRangeException>(() => client.ReadRegisters(ModbusTable.Coils, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => client.ReadBits(ModbusTable.InputRegisters, 0, 1));
    }

    [Theory]
    [InlineData(ModbusFailure.Timeout)]
    [InlineData(ModbusFailure.BadFrame)]
    [InlineData(ModbusFailure.LinkDown)]
    public void A_failed_attempt_is_asked_again_Retries_times_then_its_failure_is_thrown(ModbusFailure failure)
    {
        var transport = new ReplayTransport(Fail(failure), Fail(failure), Fail(failure), () => ThreeRegisters);
        using var client = new ModbusClient(transport, 1, new ModbusClientOptions { Retries = 2 });

        var e = Assert.Throws<ModbusException>(() => client.ReadRegisters(ModbusTable.HoldingRegisters, 107, 3));

        Assert.Equal(failure, e.Failure);
        Assert.Equal(3, transport.Requests.Count);
    }

    [Fact]
    public void A_retry_that_succeeds_gives_its_values()
    {
        var transport = new ReplayTransport(Fail(ModbusFailure.Timeout), () => Convert.FromHexString("0306022B"), () => ThreeRegisters);
        using var client = new ModbusClient(transport, 1, new ModbusClientOptions { Retries = 2 });

        Assert.Equal([555, 0, 100], client.ReadRegisters(ModbusTable.HoldingRegisters, 107, 3));
        Assert.Equal(3, transport.Requests.Count);
        Assert.All(transport.Requests, r => Assert.Equal("03006B0003", Convert.ToHexString(r)));
    }

    [Theory]
    [InlineData(5)] // acknowledge: the server works on it
    [InlineData(6)] // server device busy
    public void Acknowledge_and_busy_are_asked_again(byte code)
    {
        var transport = new ReplayTransport(() => [0x83, code], () => [0x83, code], () => ThreeRegisters);
        using var client = new ModbusClient(transport, 1, new ModbusClientOptions { Retries = 2 });

        Assert.Equal([555, 0, 100], client.ReadRegisters(ModbusTable.HoldingRegisters, 107, 3));
        Assert.Equal(3, transport.Requests.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Any_other_exception_response_is_the_answer_and_not_asked_again(byte code)
    {
        var transport = new ReplayTransport(() => [0x84, code], () => ThreeRegisters);
        using var client = new ModbusClient(transport, 1, new ModbusClientOptions { Retries = 2 });

        var e = Assert.Throws<ModbusException>(() => client.ReadRegisters(ModbusTable.InputRegisters, 0, 1));

        Assert.Equal((ModbusFailure.ExceptionResponse, code), (e.Failure, e.ExceptionCode));
        Assert.Single(transport.Requests);
    }

    [Fact]
    public void A_client_disposes_its_transport_unless_it_shares_it()
    {
        var owned = new ReplayTransport();
        var shared = new ReplayTransport();

        new ModbusClient(owned, 1, new ModbusClientOptions()).Dispose();
        new ModbusClient(shared, 1, new ModbusClientOptions(), shouldDispose: false).Dispose();

        Assert.True(owned.IsDisposed);
        Assert.False(shared.IsDisposed);
    }

    private static Func<byte[]> Fail(ModbusFailure failure) => () => throw new ModbusException(failure, failure.ToString());

    private sealed class ReplayTransport(params Func<byte[]>[] answers) : IModbusTransport
    {
        public List<byte[]> Requests { get; } = [];

        public bool IsDisposed { get; private set; }

        public byte[] Exchange(byte unitId, ReadOnlySpan<byte> requestPdu, TimeSpan timeout)
        {
            Requests.Add(requestPdu.ToArray());
            return answers[Requests.Count - 1]();
        }

        public void Dispose() => IsDisposed = true;
    }
}
