using AirMonitor.Core.Contract;
using AirMonitor.Core.Metrics;
using AirMonitor.Sensors.ModbusAnalyser;
using AirMonitor.Testing.Servers.Modbus;
using static AirMonitor.Testing.Servers.Modbus.ModbusServerTable;

namespace AirMonitor.Sensors.Tests.ModbusAnalyser;

/// <summary>
/// The analyser sensor as the edge runs it — its link opened by <see cref="ModbusLinks"/>, its map planned and decoded —
/// against pymodbus serving SICK MARSIC300's map (TI 8017585 §11.2): values with their status, and a dead link.
/// </summary>
public sealed class AnalyserOverModbusTests
{
    private static readonly float[] Gases = [12.5f, 9.8f, 1.2755f, 14.2f, 85.3f, 4.1f, 134.9f, 0.8f, 6.7f, 1.1f, 10.9f, 2.3f];

    [Fact]
    public async Task A_Marsic300_over_TCP_gives_its_gases_flagged_with_the_status_its_discrete_inputs_report()
    {
        // Discrete inputs from 1000: 1002 maintenance on, 1004 "measured data live" on.
        await using var server = Server(maintenance: true);
        await server.StartAsync();
        var link = new AnalyserLink(new ModbusTcpEndpoint("127.0.0.1", server.Port), 1, TimeSpan.FromMilliseconds(500), 1, AnalyserMaps.Marsic300);
        using var sensor = new ModbusAnalyserSensor(ModbusLinks.Connect(link), link.Map);
        sensor.Start();

        var reading = sensor.Read();

        Assert.True(reading.IsValid, reading.Detail);
        Assert.Equal(
            [(MetricVocabulary.StackSo2, 12.5), (MetricVocabulary.StackCo2, 9.8), (MetricVocabulary.StackH2o, 14.2), (MetricVocabulary.StackNo, 85.3),
             (MetricVocabulary.StackNo2, 4.1), (MetricVocabulary.StackNox, 134.9), (MetricVocabulary.StackNh3, 0.8), (MetricVocabulary.StackCo, 6.7),
             (MetricVocabulary.O2, 10.9)],
            AnalyserMaps.Marsic300.Values.Select(v => (v.Metric, Math.Round(reading.Values[v.Metric], 4))));
        Assert.Equal([QualityFlags.Maintenance], reading.StatusFlags);
        Assert.Equal(3, sensor.Plan.Count); // one FC 04 read of the floats; FC 02 reads of bits 1000–1004 and of 1026 (21 apart, over the 16-address gap rule)
    }

    [Fact]
    public async Task A_dead_link_is_a_countable_fault_and_the_same_sensor_reads_again_once_the_analyser_is_back()
    {
        await using var server = Server(maintenance: false);
        await server.StartAsync();
        var link = new AnalyserLink(new ModbusTcpEndpoint("127.0.0.1", server.Port), 1, TimeSpan.FromMilliseconds(500), 1, AnalyserMaps.Marsic300);
        using var sensor = new ModbusAnalyserSensor(ModbusLinks.Connect(link), link.Map);
        Assert.Empty(sensor.Read().StatusFlags);

        server.Kill();
        var dead = sensor.Read();
        Assert.Equal(SensorFault.LinkDown, dead.Fault);
        Assert.Empty(dead.Values);

        await server.StartAsync(); // same port: the analyser came back
        var again = sensor.Read();
        Assert.True(again.IsValid, again.Detail);
        Assert.Equal(10.9, Math.Round(again.Values[MetricVocabulary.O2], 4));
    }

    private static PymodbusServer Server(bool maintenance)
    {
        var map = new ModbusServerMap();
        map.Unit(1)
            .Floats(InputRegisters, 1000, "ABCD", Gases)
            .Bits(DiscreteInputs, 1000, [.. Enumerable.Range(1000, 27).Select(a => a == 1004 || (maintenance && a == 1002))]);
        return PymodbusServer.Tcp(map);
    }
}
