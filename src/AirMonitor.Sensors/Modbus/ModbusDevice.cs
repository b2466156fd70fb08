namespace AirMonitor.Sensors.Modbus;

/// <summary>The four data tables of the Modbus data model; each value is the function code that reads it.</summary>
public enum ModbusTable : byte
{
    /// <summary>Read/write bits, function code 0x01.</summary>
    Coils = 1,

    /// <summary>Read-only bits, function code 0x02.</summary>
    DiscreteInputs = 2,

    /// <summary>Read/write 16-bit registers, function code 0x03.</summary>
    HoldingRegisters = 3,

    /// <summary>Read-only 16-bit registers, function code 0x04.</summary>
    InputRegisters = 4,
}

/// <summary>
/// One Modbus server (a unit id on a TCP or RTU link) as a reader of its tables. Addresses are PDU addresses
/// (register number − 1 where a manual counts from 1). Blocking, like every bus the sensors use.
/// </summary>
public interface IModbusDevice
{
    /// <summary>Reads <paramref name="count"/> bits (1..2000) of the coils or discrete inputs.</summary>
    /// <exception cref="ModbusException">The server answered with an exception response, or the link failed or timed out.</exception>
    bool[] ReadBits(ModbusTable table, ushort address, ushort count);

    /// <summary>Reads <paramref name="count"/> registers (1..125) of the holding or input registers.</summary>
    /// <exception cref="ModbusException">The server answered with an exception response, or the link failed or timed out.</exception>
    ushort[] ReadRegisters(ModbusTable table, ushort address, ushort count);
}
