using AirMonitor.Core.Metrics;
using AirMonitor.Sensors.Modbus;
using AirMonitor.Sensors.ModbusAnalyser;

namespace AirMonitor.Sensors.Tests.ModbusAnalyser;

public sealed class AnalyserReadPlanTests
{
    [Fact]
    public void The_twelve_MARSIC300_gas_floats_are_one_FC04_read_of_24_registers()
    {
        var floats = Enumerable.Range(0, 12).Select(i => new RegisterSpan(ModbusTable.InputRegisters, 1000 + (2 * i), 2));

        Assert.Equal([new ModbusRead(ModbusTable.InputRegisters, 1000, 24)], AnalyserReadPlan.For(floats, AnalyserMap.DefaultMaxGap));
    }

    [Fact]
    public void The_MARSIC300_map_is_one_read_of_its_status_bits_and_one_of_its_floats()
    {
        // Discrete inputs 1000..1004 and 1026: the 21 unused addresses between are more than the gap of 16, so two bit reads.
        Assert.Equal(
            [
                new ModbusRead(ModbusTable.DiscreteInputs, 1000, 5),
                new ModbusRead(ModbusTable.DiscreteInputs, 1026, 1),
                new ModbusRead(ModbusTable.InputRegisters, 1000, 22),
            ],
            AnalyserReadPlan.For(AnalyserMaps.Marsic300));
    }

    [Fact]
    public void A_map_spanning_300_registers_is_three_reads_none_splitting_a_float()
    {
        var floats = Enumerable.Range(0, 150).Select(i => new RegisterSpan(ModbusTable.HoldingRegisters, 2 * i, 2));

        Assert.Equal(
            [
                new ModbusRead(ModbusTable.HoldingRegisters, 0, 124),
                new ModbusRead(ModbusTable.HoldingRegisters, 124, 124),
                new ModbusRead(ModbusTable.HoldingRegisters, 248, 52),
            ],
            AnalyserReadPlan.For(floats, AnalyserMap.DefaultMaxGap));
    }

    [Theory]
    [InlineData(16, 1)] // 16 unused registers between: read through them
    [InlineData(17, 2)] // one more: a second request is cheaper
    public void Ranges_are_joined_across_a_gap_of_at_most_max_gap_unused_registers(int gap, int reads)
    {
        RegisterSpan[] spans = [new(ModbusTable.InputRegisters, 0, 2), new(ModbusTable.InputRegisters, 2 + gap, 2)];

        Assert.Equal(reads, AnalyserReadPlan.For(spans, maxGap: 16).Count);
    }

    [Fact]
    public void With_max_gap_0_only_adjacent_ranges_are_joined_for_an_analyser_that_refuses_unmapped_addresses()
    {
        RegisterSpan[] spans = [new(ModbusTable.InputRegisters, 0, 2), new(ModbusTable.InputRegisters, 2, 1), new(ModbusTable.InputRegisters, 4, 2)];

        Assert.Equal(
            [new ModbusRead(ModbusTable.InputRegisters, 0, 3), new ModbusRead(ModbusTable.InputRegisters, 4, 2)],
            AnalyserReadPlan.For(spans, maxGap: 0));
    }

    [Fact]
    public void Bit_reads_hold_up_to_2000_bits_and_tables_are_never_mixed()
    {
        RegisterSpan[] spans =
        [
            new(ModbusTable.Coils, 0, 1), new(ModbusTable.Coils, 1999, 1), new(ModbusTable.Coils, 2000, 1),
            new(ModbusTable.DiscreteInputs, 0, 1), new(ModbusTable.HoldingRegisters, 0, 1), new(ModbusTable.InputRegisters, 0, 1),
        ];

        Assert.Equal(
            [
                new ModbusRead(ModbusTable.Coils, 0, 2000),
                new ModbusRead(ModbusTable.Coils, 2000, 1),
                new ModbusRead(ModbusTable.DiscreteInputs, 0, 1),
                new ModbusRead(ModbusTable.HoldingRegisters, 0, 1),
                new ModbusRead(ModbusTable.InputRegisters, 0, 1),
            ],
            AnalyserReadPlan.For(spans, maxGap: 2000));
    }

    [Fact]
    public void A_value_and_its_status_byte_register_after_it_are_read_together()
    {
        var map = new AnalyserMap(ModbusWordOrder.Abcd, [AnalyserMaps.Ga700Value(MetricVocabulary.StackNo, 100), AnalyserMaps.Ga700Value(MetricVocabulary.StackCo, 103)], []);

        Assert.Equal([new ModbusRead(ModbusTable.HoldingRegisters, 100, 6)], AnalyserReadPlan.For(map));
    }
}
