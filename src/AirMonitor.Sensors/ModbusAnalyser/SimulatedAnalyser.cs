using System.Device.Gpio;
using AirMonitor.Core.Metrics;
using AirMonitor.Sensors.Modbus;
using AirMonitor.Sensors.Simulation;

namespace AirMonitor.Sensors.ModbusAnalyser;

/// <summary>
/// An analyser in software: before each request its register bank is written from <see cref="SimulatedAir"/> as the map
/// lays it out (values in the map's types and word order, <see cref="SimulatedAir.AnalyserStatus"/> in every status source,
/// <see cref="SimulatedAir.PlantState"/> in the state source), and its contacts read the same status and state.
/// While not measuring it writes 0 for every value, as a SICK MARSIC300 does.
/// </summary>
public sealed class SimulatedAnalyser
{
    private static readonly Dictionary<string, Func<SimulatedAir, double>> AirValues = new(StringComparer.Ordinal)
    {
        [MetricVocabulary.StackSo2] = a => a.StackSo2Ppm,
        [MetricVocabulary.StackNo] = a => a.StackNoPpm,
        [MetricVocabulary.StackNo2] = a => a.StackNo2Ppm,
        [MetricVocabulary.StackNox] = a => a.StackNoxPpm,
        [MetricVocabulary.StackCo] = a => a.StackCoPpm,
        [MetricVocabulary.StackCo2] = a => a.StackCo2Percent,
        [MetricVocabulary.StackH2o] = a => a.StackH2oPercent,
        [MetricVocabulary.O2] = a => a.StackO2Percent,
        [MetricVocabulary.StackHcl] = a => a.StackHclMilligramsPerCubicMeter,
        [MetricVocabulary.StackHf] = a => a.StackHfMilligramsPerCubicMeter,
        [MetricVocabulary.StackNh3] = a => a.StackNh3MilligramsPerCubicMeter,
        [MetricVocabulary.StackToc] = a => a.StackTocMilligramsPerCubicMeter,
        [MetricVocabulary.StackHg] = a => a.StackHgMicrogramsPerCubicMeter,
        [MetricVocabulary.StackDust] = a => a.StackDustMilligramsPerCubicMeter,
        [MetricVocabulary.FlueTemperature] = a => a.FlueTemperatureCelsius,
        [MetricVocabulary.FluePressure] = a => a.FluePressureHectopascals,
        [MetricVocabulary.Flow] = a => a.FlowNormalCubicMetersPerHour,
        [MetricVocabulary.FlowActual] = a => a.FlowActualCubicMetersPerHour,
        [MetricVocabulary.FurnaceTemperature] = a => a.FurnaceTemperatureCelsius,
    };

    private readonly AnalyserMap _map;
    private readonly SimulatedAir _air;

    /// <exception cref="ArgumentException">The map reads a metric the simulated air does not have.</exception>
    public SimulatedAnalyser(AnalyserMap map, SimulatedAir air)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(air);
        if (map.Values.FirstOrDefault(v => !AirValues.ContainsKey(v.Metric)) is { } unknown)
        {
            throw new ArgumentException($"{ModbusAnalyserSensor.ModelName}: no simulated value for metric '{unknown.Metric}'", nameof(map));
        }

        _map = map;
        _air = air;
        Refresh();
    }

    public ModbusRegisterBank Bank { get; } = new();

    /// <summary>Writes the bank from the air as it is now.</summary>
    public void Refresh()
    {
        var status = _air.AnalyserStatus;
        foreach (var value in _map.Values)
        {
            value.Simulate(Bank, status == AnalyserStatus.NotMeasuring ? 0 : AirValues[value.Metric](_air), _map.WordOrder);
            value.Status?.Simulate(Bank, status);
        }

        foreach (var source in _map.Status)
        {
            source.Simulate(Bank, status);
        }

        _map.State?.Simulate(Bank, _air.PlantState);
    }

    /// <summary>The analyser as a unit on a simulated line, its bank refreshed before each request.</summary>
    public IModbusDevice Device(byte unit) => new Refreshing(this, ModbusLinks.Simulated(Bank, unit));

    /// <summary>A controller whose inputs are this analyser's contacts (a pin no source names reads low).</summary>
    public GpioController Contacts() => new(new SimulatedGpioDriver(IsHigh));

    private bool IsHigh(int pin)
    {
        var levels = _map.Status.SelectMany(s => s.SimulateContacts(_air.AnalyserStatus))
            .Concat(_map.State?.SimulateContacts(_air.PlantState) ?? []);
        return levels.FirstOrDefault(l => l.Pin == pin).High;
    }

    private sealed class Refreshing(SimulatedAnalyser analyser, IModbusDevice line) : IModbusDevice
    {
        public bool[] ReadBits(ModbusTable table, ushort address, ushort count)
        {
            analyser.Refresh();
            return line.ReadBits(table, address, count);
        }

        public ushort[] ReadRegisters(ModbusTable table, ushort address, ushort count)
        {
            analyser.Refresh();
            return line.ReadRegisters(table, address, count);
        }
    }
}
