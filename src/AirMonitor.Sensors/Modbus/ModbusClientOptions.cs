namespace AirMonitor.Sensors.Modbus;

/// <summary>How long a <see cref="ModbusClient"/> waits for an answer, and how often it asks again.</summary>
public sealed class ModbusClientOptions
{
    /// <summary>How long one attempt waits for the whole answer, from when the link is the request's.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many times a request is sent again after a timeout, a bad frame, a failed link, or exception 05 (acknowledge)
    /// or 06 (busy); any other exception response is the server's answer and is not asked again.
    /// </summary>
    public int Retries { get; set; } = 2;
}
