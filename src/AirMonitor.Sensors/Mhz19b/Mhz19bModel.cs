using AirMonitor.Sensors.Uart;

namespace AirMonitor.Sensors.Mhz19b;

/// <summary>
/// The Winsen MH-Z19B (<c>mhz19b</c>) on a serial port. Optional parameter <c>automatic_baseline</c>: <c>on</c> or
/// <c>off</c>, sent at start; absent, the sensor keeps its own setting (on from the factory).
/// </summary>
public sealed class Mhz19bModel : ISensorModel
{
    public const string AutomaticBaselineParameter = "automatic_baseline";

    // The sensor answers a read within milliseconds; a second of silence means it is not there.
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(1);

    public IReadOnlyList<string> Names { get; } = ["mhz19b"];

    public ISensor Create(SensorConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var automaticBaseline = AutomaticBaseline(connection);
        return new Mhz19bSensor(new Mhz19b(SerialLine.Open(connection, ReadTimeout)), connection.Model, automaticBaseline);
    }

    public ISensor CreateSimulated(SensorConnection connection, SimulatedAir air)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new Mhz19bSensor(new Mhz19b(new SimulatedMhz19b(air)), connection.Model, AutomaticBaseline(connection));
    }

    private static bool? AutomaticBaseline(SensorConnection connection) =>
        connection.Parameter(AutomaticBaselineParameter) switch
        {
            null => null,
            "on" => true,
            "off" => false,
            var other => throw new ArgumentException(
                $"{connection.Model}: parameter '{AutomaticBaselineParameter}' must be 'on' or 'off' (is '{other}')", nameof(connection)),
        };
}
