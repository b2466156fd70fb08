namespace AirMonitor.Sensors.Modbus;

/// <summary>
/// One Modbus server (a unit id) behind a transport, read with function codes 0x01–0x04. A count the spec does not
/// allow is refused before anything is sent; a failed attempt is tried again as <see cref="ModbusClientOptions"/> say.
/// </summary>
public sealed class ModbusClient : IModbusDevice, IDisposable
{
    private readonly IModbusTransport _transport;
    private readonly ModbusClientOptions _options;
    private readonly bool _shouldDispose;

    /// <param name="shouldDispose">
    /// Whether <see cref="Dispose"/> disposes the transport; false for clients sharing one transport (several unit ids
    /// on one line), which its maker disposes.
    /// </param>
    public ModbusClient(IModbusTransport transport, byte unitId, ModbusClientOptions options, bool shouldDispose = true)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Retries);
        _transport = transport;
        _options = options;
        _shouldDispose = shouldDispose;
        UnitId = unitId;
    }

    public byte UnitId { get; }

    public bool[] ReadBits(ModbusTable table, ushort address, ushort count)
    {
        if (!ModbusPdu.IsBitTable(table))
        {
            throw new ArgumentOutOfRangeException(nameof(table), table, "not a bit table");
        }

        return Ask(ModbusPdu.ReadRequest(table, address, count), response => ModbusPdu.ParseBits(response, table, count), table, address, count);
    }

    public ushort[] ReadRegisters(ModbusTable table, ushort address, ushort count)
    {
        if (ModbusPdu.IsBitTable(table))
        {
            throw new ArgumentOutOfRangeException(nameof(table), table, "not a register table");
        }

        return Ask(ModbusPdu.ReadRequest(table, address, count), response => ModbusPdu.ParseRegisters(response, table, count), table, address, count);
    }

    public void Dispose()
    {
        if (_shouldDispose)
        {
            _transport.Dispose();
        }
    }

    private T Ask<T>(byte[] request, Func<byte[], T> parse, ModbusTable table, ushort address, ushort count)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return parse(_transport.Exchange(UnitId, request, _options.Timeout));
            }
            catch (ModbusException e) when (IsWorthAskingAgain(e) && attempt <= _options.Retries)
            {
                // the next attempt; a transport reconnects or resynchronises on its own
            }
            catch (ModbusException e)
            {
                throw new ModbusException(e.Failure, $"unit {UnitId}, {table} {address}+{count}, attempt {attempt}: {e.Message}", e.ExceptionCode, e);
            }
        }
    }

    /// <summary>A fault of the link or a server that asked for patience; any other exception response is its answer.</summary>
    private static bool IsWorthAskingAgain(ModbusException e) =>
        e.Failure is not ModbusFailure.ExceptionResponse || e.ExceptionCode is 5 or 6;
}
