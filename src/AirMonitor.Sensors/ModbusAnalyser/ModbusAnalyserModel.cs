using System.Device.Gpio;

namespace AirMonitor.Sensors.ModbusAnalyser;

/// <summary>
/// Profile model <c>modbus-analyser</c>: a plant analyser on <c>bus: modbus-tcp</c> or <c>modbus-rtu</c> (or only GPIO
/// contacts, <c>bus: gpio</c>), read by the register map in its <c>modbus:</c> key (firmware-config/README.md).
/// </summary>
public sealed class ModbusAnalyserModel : ISensorModel
{
    public IReadOnlyList<string> Names { get; } = [ModbusAnalyserSensor.ModelName];

    public ISensor Create(SensorConnection connection)
    {
        var link = LinkOf(connection);
        var device = link.Endpoint is null ? null : ModbusLinks.Connect(link);
        var contacts = link.Map.Pins.Any() ? new AnalyserContacts(new GpioController(), link.Map.Pins) : null;
        return new ModbusAnalyserSensor(device, link.Map, contacts);
    }

    public ISensor CreateSimulated(SensorConnection connection, SimulatedAir air)
    {
        var link = LinkOf(connection);
        var analyser = new SimulatedAnalyser(link.Map, air);
        var contacts = link.Map.Pins.Any() ? new AnalyserContacts(analyser.Contacts(), link.Map.Pins) : null;
        return new ModbusAnalyserSensor(link.Endpoint is null ? null : analyser.Device(link.Unit), link.Map, contacts);
    }

    private static AnalyserLink LinkOf(SensorConnection connection) =>
        connection.Analyser ?? throw new ArgumentException($"{connection.Model}: the sensor has no Modbus link and register map (the profile's bus and modbus keys)");
}
