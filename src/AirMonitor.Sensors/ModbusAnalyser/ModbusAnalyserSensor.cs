using AirMonitor.Core.Metrics;
using AirMonitor.Sensors.Modbus;

namespace AirMonitor.Sensors.ModbusAnalyser;

/// <summary>
/// A plant stack analyser read over Modbus by its register map: each reading is the map's values and the status the
/// analyser gave with them (flags on the sample), plus the plant's state if the map has it. A value the analyser reports
/// while not measuring (a MARSIC300 writes 0) is still sent, flagged. A request that fails is a fault, never a number.
/// Owns the Modbus device and the contacts.
/// </summary>
public sealed class ModbusAnalyserSensor : ISensor
{
    public const string ModelName = "modbus-analyser";

    private readonly IModbusDevice? _device;
    private readonly AnalyserContacts? _contacts;

    /// <param name="device">The analyser's unit; null only for a map read entirely through GPIO contacts.</param>
    /// <param name="contacts">Its GPIO contacts; null only for a map with none.</param>
    public ModbusAnalyserSensor(IModbusDevice? device, AnalyserMap map, AnalyserContacts? contacts = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        Map = map;
        Plan = AnalyserReadPlan.For(map);
        if (Plan.Count > 0 && device is null)
        {
            throw new ArgumentException($"{ModelName}: the map reads registers and no Modbus device is given", nameof(device));
        }

        if (map.Pins.Any() && contacts is null)
        {
            throw new ArgumentException($"{ModelName}: the map reads GPIO contacts and no controller is given", nameof(contacts));
        }

        _device = device;
        _contacts = contacts;
    }

    public AnalyserMap Map { get; }

    /// <summary>The requests of every reading.</summary>
    public IReadOnlyList<ModbusRead> Plan { get; }

    public string Model => ModelName;

    /// <summary>None: the analyser reports its own warm-up in its status (a GA700's 0x78).</summary>
    public TimeSpan WarmUp => TimeSpan.Zero;

    public void Start() => _contacts?.Open();

    public SensorReading Read()
    {
        AnalyserSnapshot snapshot;
        try
        {
            snapshot = AnalyserSnapshot.Take(_device, Plan, _contacts);
        }
        catch (ModbusException e)
        {
            return SensorReading.Failed(FaultOf(e.Failure), $"{ModelName}: {e.Message}");
        }

        var values = Map.Values.ToDictionary(v => v.Metric, v => v.Read(snapshot, Map.WordOrder), StringComparer.Ordinal);
        if (Map.State?.Read(snapshot) is { } state)
        {
            values[MetricVocabulary.PlantState] = (int)state;
        }

        var statuses = Map.Status.Concat(Map.Values.Select(v => v.Status).OfType<AnalyserStatusSource>()).SelectMany(s => s.Read(snapshot));
        return SensorReading.Of(values).WithStatus(statuses.Select(s => s.Flag()!));
    }

    public void Dispose()
    {
        (_device as IDisposable)?.Dispose();
        _contacts?.Dispose();
    }

    private static SensorFault FaultOf(ModbusFailure failure) => failure switch
    {
        ModbusFailure.ExceptionResponse => SensorFault.ExceptionResponse,
        ModbusFailure.Timeout => SensorFault.Timeout,
        ModbusFailure.BadFrame => SensorFault.BadFrame,
        _ => SensorFault.LinkDown,
    };
}
