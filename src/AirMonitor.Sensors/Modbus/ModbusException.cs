namespace AirMonitor.Sensors.Modbus;

/// <summary>Why a Modbus request gave no data.</summary>
public enum ModbusFailure
{
    /// <summary>The server answered with an exception response (<see cref="ModbusException.ExceptionCode"/>).</summary>
    ExceptionResponse,

    /// <summary>No (complete) answer within the timeout, after the retries.</summary>
    Timeout,

    /// <summary>An answer that is not a valid response to the request (CRC, MBAP, unit id, function code or length wrong).</summary>
    BadFrame,

    /// <summary>The link itself failed (connection refused or reset, serial I/O error).</summary>
    LinkDown,
}

/// <summary>A Modbus request that gave no data, with the reason.</summary>
public sealed class ModbusException(ModbusFailure failure, string message, byte exceptionCode = 0, Exception? inner = null)
    : Exception(message, inner)
{
    public ModbusFailure Failure { get; } = failure;

    /// <summary>The exception code of an exception response (01 illegal function, 02 illegal data address, 03 illegal data
    /// value, 04 server device failure, 05 acknowledge, 06 server busy, 08 memory parity error, …); 0 otherwise.</summary>
    public byte ExceptionCode { get; } = exceptionCode;
}
