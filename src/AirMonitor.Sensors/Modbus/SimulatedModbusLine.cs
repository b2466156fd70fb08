using AirMonitor.Sensors.Simulation;

namespace AirMonitor.Sensors.Modbus;

/// <summary>
/// An RS-485 line in software with Modbus RTU servers on it, one <see cref="ModbusRegisterBank"/> per unit id: a request
/// frame is answered with the bank's values, or the exception response of what the bank refuses. As on a real line, a
/// frame with a bad CRC or for a unit id nobody has is not answered. For the edge's simulated analysers; the client's
/// conformance is tested against a real server.
/// </summary>
public sealed class SimulatedModbusLine(IReadOnlyDictionary<byte, ModbusRegisterBank> units, TimeSpan readTimeout) : SimulatedSerialStream(readTimeout)
{
    public SimulatedModbusLine(IReadOnlyDictionary<byte, ModbusRegisterBank> units)
        : this(units, TimeSpan.FromSeconds(1))
    {
    }

    public SimulatedModbusLine(byte unitId, ModbusRegisterBank bank)
        : this(new Dictionary<byte, ModbusRegisterBank> { [unitId] = bank })
    {
    }

    /// <summary>The servers on the line, by unit id.</summary>
    public IReadOnlyDictionary<byte, ModbusRegisterBank> Units { get; } = units;

    /// <remarks>A client writes each request frame whole, so one write is one frame.</remarks>
    protected override void OnWrite(ReadOnlySpan<byte> written)
    {
        if (ModbusCrc16.IsValidFrame(written) && Units.TryGetValue(written[0], out var bank))
        {
            Enqueue(ModbusRtuTransport.Frame(written[0], Answer(bank, written[1..^2])));
        }
    }

    private static byte[] Answer(ModbusRegisterBank bank, ReadOnlySpan<byte> request)
    {
        if (ModbusPdu.ParseReadRequest(request) is not { } read)
        {
            // 01 illegal function for what is not a read; 03 illegal data value for a read of the wrong length
            return ModbusPdu.ExceptionResponse(request[0], request[0] is >= 1 and <= 4 ? (byte)3 : (byte)1);
        }

        var (table, address, count) = read;

        try
        {
            return ModbusPdu.IsBitTable(table)
                ? ModbusPdu.BitsResponse(table, bank.ReadBits(table, address, count))
                : ModbusPdu.RegistersResponse(table, bank.ReadRegisters(table, address, count));
        }
        catch (ModbusException e) when (e.Failure is ModbusFailure.ExceptionResponse)
        {
            return ModbusPdu.ExceptionResponse(request[0], e.ExceptionCode);
        }
    }
}
