namespace AirMonitor.Sensors.Modbus;

/// <summary>
/// The PDUs of the four reads (Modbus Application Protocol V1.1b3 §6.1–6.4) and the exception response (§7): what the
/// client sends and parses, and what <see cref="SimulatedModbusLine"/> answers.
/// </summary>
internal static class ModbusPdu
{
    /// <summary>§6.1, §6.2: quantity of coils or inputs 1 to 2000 (0x7D0).</summary>
    public const int MaxBits = 2000;

    /// <summary>§6.3, §6.4: quantity of registers 1 to 125 (0x7D).</summary>
    public const int MaxRegisters = 125;

    /// <summary>The largest PDU (§4.1: 256-byte serial ADU less address and CRC).</summary>
    public const int MaxLength = 253;

    private const byte ExceptionFlag = 0x80;

    public static bool IsBitTable(ModbusTable table) => table switch
    {
        ModbusTable.Coils or ModbusTable.DiscreteInputs => true,
        ModbusTable.HoldingRegisters or ModbusTable.InputRegisters => false,
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "not a Modbus table"),
    };

    /// <summary>Function code, starting address, quantity, each 16-bit value high byte first.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count outside 1..2000 bits or 1..125 registers, or past address 65535.</exception>
    public static byte[] ReadRequest(ModbusTable table, ushort address, ushort count)
    {
        var most = IsBitTable(table) ? MaxBits : MaxRegisters;
        if (count is 0 || count > most)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"a read of the {table} takes 1..{most}");
        }

        if (address + count > 0x10000)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"{address}+{count} runs past address 65535");
        }

        return [(byte)table, (byte)(address >> 8), (byte)address, (byte)(count >> 8), (byte)count];
    }

    /// <summary>The table, address and count of a read request; null when the PDU is not one of the four reads.</summary>
    public static (ModbusTable Table, ushort Address, ushort Count)? ParseReadRequest(ReadOnlySpan<byte> request) =>
        request.Length == 5 && request[0] is >= 1 and <= 4
            ? ((ModbusTable)request[0], (ushort)((request[1] << 8) | request[2]), (ushort)((request[3] << 8) | request[4]))
            : null;

    /// <summary>The values of a read coils / discrete inputs response; bit 0 of the first data byte is the first address (§6.1).</summary>
    /// <exception cref="ModbusException">An exception response, or a response that does not answer the request.</exception>
    public static bool[] ParseBits(ReadOnlySpan<byte> response, ModbusTable table, ushort count)
    {
        var data = Data(response, table, (count + 7) / 8);
        var bits = new bool[count];
        for (var i = 0; i < count; i++)
        {
            bits[i] = ((data[i / 8] >> (i % 8)) & 1) != 0;
        }

        return bits;
    }

    /// <summary>The values of a read holding / input registers response, each register high byte first (§6.3).</summary>
    /// <exception cref="ModbusException">An exception response, or a response that does not answer the request.</exception>
    public static ushort[] ParseRegisters(ReadOnlySpan<byte> response, ModbusTable table, ushort count)
    {
        var data = Data(response, table, 2 * count);
        var registers = new ushort[count];
        for (var i = 0; i < count; i++)
        {
            registers[i] = (ushort)((data[2 * i] << 8) | data[(2 * i) + 1]);
        }

        return registers;
    }

    public static byte[] BitsResponse(ModbusTable table, ReadOnlySpan<bool> bits)
    {
        var response = new byte[2 + ((bits.Length + 7) / 8)];
        response[0] = (byte)table;
        response[1] = (byte)(response.Length - 2);
        for (var i = 0; i < bits.Length; i++)
        {
            if (bits[i])
            {
                response[2 + (i / 8)] |= (byte)(1 << (i % 8));
            }
        }

        return response;
    }

    public static byte[] RegistersResponse(ModbusTable table, ReadOnlySpan<ushort> registers)
    {
        var response = new byte[2 + (2 * registers.Length)];
        response[0] = (byte)table;
        response[1] = (byte)(2 * registers.Length);
        for (var i = 0; i < registers.Length; i++)
        {
            response[2 + (2 * i)] = (byte)(registers[i] >> 8);
            response[3 + (2 * i)] = (byte)registers[i];
        }

        return response;
    }

    /// <summary>§7: the function code with its high bit set, then the exception code.</summary>
    public static byte[] ExceptionResponse(byte functionCode, byte exceptionCode) => [(byte)(functionCode | ExceptionFlag), exceptionCode];

    /// <summary>
    /// How long a response PDU is, from its first two bytes: RTU frames carry no length (Serial Line V1.02 §2.5.1.1),
    /// so the receiver knows it from the function code. Null for a function code the client never asks for.
    /// </summary>
    public static int? ResponseLength(byte functionCode, byte secondByte) => functionCode switch
    {
        >= ExceptionFlag => 2,
        >= 1 and <= 4 => 2 + secondByte,
        _ => null,
    };

    /// <summary>What an exception code means (§7).</summary>
    public static string ExceptionName(byte code) => code switch
    {
        1 => "illegal function",
        2 => "illegal data address",
        3 => "illegal data value",
        4 => "server device failure",
        5 => "acknowledge",
        6 => "server device busy",
        8 => "memory parity error",
        0x0A => "gateway path unavailable",
        0x0B => "gateway target device failed to respond",
        _ => "unknown exception code",
    };

    private static ReadOnlySpan<byte> Data(ReadOnlySpan<byte> response, ModbusTable table, int byteCount)
    {
        var function = (byte)table;
        if (response.Length == 2 && response[0] == (function | ExceptionFlag))
        {
            throw new ModbusException(ModbusFailure.ExceptionResponse, $"exception {response[1]:D2} ({ExceptionName(response[1])})", response[1]);
        }

        if (response.Length < 2 || response[0] != function)
        {
            throw new ModbusException(ModbusFailure.BadFrame, $"function code 0x{(response.Length > 0 ? response[0] : 0):X2} answers function 0x{function:X2}");
        }

        if (response[1] != byteCount || response.Length != 2 + byteCount)
        {
            throw new ModbusException(ModbusFailure.BadFrame, $"byte count {response[1]} with {response.Length - 2} data bytes where {byteCount} were asked for");
        }

        return response[2..];
    }
}
