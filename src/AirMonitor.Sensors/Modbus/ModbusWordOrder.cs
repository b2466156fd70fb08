namespace AirMonitor.Sensors.Modbus;

/// <summary>
/// Where a 32-bit value's bytes sit in two registers, read in wire order; A is the most significant byte. Devices
/// differ (ABB: ABCD, hf scientific: CDAB); a device's manual says which.
/// </summary>
public enum ModbusWordOrder
{
    /// <summary>Big-endian: the first register holds the high word (the spec's own byte order carried to 32 bits).</summary>
    Abcd,

    /// <summary>The first register holds the low word ("word swapped").</summary>
    Cdab,

    /// <summary>High word first, the bytes within each register swapped.</summary>
    Badc,

    /// <summary>Little-endian: low word first and the bytes within each register swapped.</summary>
    Dcba,
}
