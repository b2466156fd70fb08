namespace AirMonitor.Sensors.Modbus;

/// <summary>
/// A Modbus server's four tables in memory: what a simulated analyser holds, and an <see cref="IModbusDevice"/> for
/// the tests of what reads it. An address never set reads as 0; a read past <see cref="Size"/> is refused with exception
/// code 02 (illegal data address), as a real server refuses an address it does not map.
/// </summary>
public sealed class ModbusRegisterBank(int size = 65536) : IModbusDevice
{
    private readonly object _gate = new();
    private readonly bool[] _coils = new bool[size];
    private readonly bool[] _discreteInputs = new bool[size];
    private readonly ushort[] _holding = new ushort[size];
    private readonly ushort[] _input = new ushort[size];

    public int Size { get; } = size;

    public void SetBit(ModbusTable table, ushort address, bool value)
    {
        lock (_gate)
        {
            Bits(table)[address] = value;
        }
    }

    public void SetRegisters(ModbusTable table, ushort address, params ReadOnlySpan<ushort> values)
    {
        lock (_gate)
        {
            values.CopyTo(Registers(table).AsSpan(address));
        }
    }

    public bool[] ReadBits(ModbusTable table, ushort address, ushort count)
    {
        Check(address, count, 2000);
        lock (_gate)
        {
            return Bits(table).AsSpan(address, count).ToArray();
        }
    }

    public ushort[] ReadRegisters(ModbusTable table, ushort address, ushort count)
    {
        Check(address, count, 125);
        lock (_gate)
        {
            return Registers(table).AsSpan(address, count).ToArray();
        }
    }

    private void Check(ushort address, ushort count, int most)
    {
        if (count is 0 || count > most)
        {
            throw new ModbusException(ModbusFailure.ExceptionResponse, $"exception 03 (illegal data value): count {count}", 3);
        }

        if (address + count > Size)
        {
            throw new ModbusException(ModbusFailure.ExceptionResponse, $"exception 02 (illegal data address): {address}+{count}", 2);
        }
    }

    private bool[] Bits(ModbusTable table) => table switch
    {
        ModbusTable.Coils => _coils,
        ModbusTable.DiscreteInputs => _discreteInputs,
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "not a bit table"),
    };

    private ushort[] Registers(ModbusTable table) => table switch
    {
        ModbusTable.HoldingRegisters => _holding,
        ModbusTable.InputRegisters => _input,
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "not a register table"),
    };
}
