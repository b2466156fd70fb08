using AirMonitor.Core.Contract;
using AirMonitor.Core.Metrics;
using AirMonitor.Sensors.Modbus;
using AirMonitor.Sensors.ModbusAnalyser;
using static AirMonitor.Sensors.Tests.ModbusAnalyser.AnalyserMaps;

namespace AirMonitor.Sensors.Tests.ModbusAnalyser;

public sealed class SimulatedAnalyserTests
{
    private static ISensor Simulated(AnalyserMap map, SimulatedAir air, ModbusEndpoint? endpoint = null) =>
        new ModbusAnalyserModel().CreateSimulated(
            new SensorConnection(ModbusAnalyserSensor.ModelName, Analyser: new AnalyserLink(endpoint ?? new ModbusTcpEndpoint("10.0.0.5"), 1, TimeSpan.FromSeconds(1), 1, map)),
            air);

    [Theory]
    [InlineData(ModbusWordOrder.Abcd)]
    [InlineData(ModbusWordOrder.Dcba)]
    public void A_simulated_MARSIC300_reads_the_simulated_stack_in_its_word_order(ModbusWordOrder order)
    {
        var air = new SimulatedAir { StackSo2Ppm = 18.5, StackNoPpm = 60.25, StackO2Percent = 9.75 };
        using var sensor = Simulated(Marsic300 with { WordOrder = order }, air);

        var reading = sensor.Read();

        Assert.Equal((18.5, 60.25, 9.75), (reading.Values[MetricVocabulary.StackSo2], reading.Values[MetricVocabulary.StackNo], reading.Values[MetricVocabulary.O2]));
        Assert.Empty(reading.StatusFlags);
    }

    [Fact]
    public void The_simulated_analyser_follows_the_air_between_readings_and_writes_0_while_not_measuring()
    {
        var air = new SimulatedAir();
        using var sensor = Simulated(Marsic300, air);
        sensor.Read();

        air.AnalyserStatus = AnalyserStatus.NotMeasuring;
        var reading = sensor.Read();

        Assert.Equal(0.0, reading.Values[MetricVocabulary.StackSo2]);
        Assert.Equal([QualityFlags.NotMeasuring], reading.StatusFlags);
    }

    [Theory]
    [InlineData(AnalyserStatus.Malfunction, QualityFlags.Malfunction)]
    [InlineData(AnalyserStatus.FunctionCheck, QualityFlags.FunctionCheck)]
    [InlineData(AnalyserStatus.Maintenance, QualityFlags.Maintenance)]
    public void Each_status_source_of_a_simulated_map_encodes_the_simulated_status(AnalyserStatus status, string flag)
    {
        var map = new AnalyserMap(
            ModbusWordOrder.Cdab,
            [Ga700Value(MetricVocabulary.StackCo, 0) with { Status = new StatusCode(ModbusTable.HoldingRegisters, 2, Ga700Codes, Byte: StatusCodeByte.Low) }],
            [Gm32Status with { Bits = new Dictionary<int, AnalyserStatus>(Gm32Status.Bits) { [3] = AnalyserStatus.Maintenance } }]);
        using var sensor = Simulated(map, new SimulatedAir { StackCoPpm = 4.5, AnalyserStatus = status });

        var reading = sensor.Read();

        Assert.Equal(4.5, reading.Values[MetricVocabulary.StackCo]);
        Assert.Equal([flag], reading.StatusFlags);
    }

    [Fact]
    public void A_contacts_only_analyser_reads_the_simulated_plant_state_without_a_Modbus_link()
    {
        var map = new AnalyserMap(ModbusWordOrder.Abcd, [], [], new PlantStateContacts([new(5, true, PlantState.StartUp), new(13, true, PlantState.Operating)]));
        var air = new SimulatedAir { PlantState = PlantState.StartUp };
        using var sensor = new ModbusAnalyserModel().CreateSimulated(
            new SensorConnection(ModbusAnalyserSensor.ModelName, Analyser: new AnalyserLink(null, 1, TimeSpan.FromSeconds(1), 0, map)), air);

        sensor.Start();
        var startUp = sensor.Read().Values[MetricVocabulary.PlantState];
        air.PlantState = PlantState.Off;
        var off = sensor.Read().Values[MetricVocabulary.PlantState];

        Assert.Equal((1.0, 0.0), (startUp, off));
    }

    [Fact]
    public void A_metric_the_simulated_air_has_not_is_refused_when_the_analyser_is_made()
    {
        var map = new AnalyserMap(ModbusWordOrder.Abcd, [Float(MetricVocabulary.Pm2_5, 0)], []);

        var refused = Assert.Throws<ArgumentException>(() => Simulated(map, new SimulatedAir()));
        Assert.StartsWith("modbus-analyser: no simulated value for metric 'pm2_5'", refused.Message, StringComparison.Ordinal);
    }
}
