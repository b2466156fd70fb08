namespace AirMonitor.Sensors.ModbusAnalyser;

// MERGE (Modbus client): delete this file; AirMonitor.Sensors.Modbus.ModbusWordOrder has the same members and takes its place.

/// <summary>
/// How a 32-bit value lies in two registers, A being its most significant byte: <see cref="Abcd"/> high word first
/// (big-endian), <see cref="Cdab"/> low word first, <see cref="Badc"/> and <see cref="Dcba"/> the same with the bytes of
/// each word swapped. 285.8f is 43 8E E6 66: registers 0x438E 0xE666 in ABCD, 0xE666 0x438E in CDAB.
/// </summary>
public enum ModbusWordOrder
{
    Abcd,
    Cdab,
    Badc,
    Dcba,
}
