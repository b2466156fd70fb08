using AirMonitor.Core.Contract;
using AirMonitor.Core.Metrics;
using AirMonitor.Sensors.Modbus;
using AirMonitor.Sensors.ModbusAnalyser;
using AirMonitor.Sensors.Simulation;
using static AirMonitor.Sensors.Tests.ModbusAnalyser.AnalyserMaps;

namespace AirMonitor.Sensors.Tests.ModbusAnalyser;

public sealed class ModbusAnalyserSensorTests
{
    private readonly ModbusRegisterBank _bank = new();

    /// <summary>A MARSIC300 measuring: data live (1004 = 1), SO2 12.5 ppm, NO 41.25 ppm, O2 10.5 %.</summary>
    private ModbusRegisterBank MeasuringMarsic300()
    {
        _bank.SetBit(ModbusTable.DiscreteInputs, 1004, true);
        _bank.SetFloat(ModbusTable.InputRegisters, 1000, 12.5f);
        _bank.SetFloat(ModbusTable.InputRegisters, 1008, 41.25f);
        _bank.SetFloat(ModbusTable.InputRegisters, 1020, 10.5f);
        return _bank;
    }

    private ModbusAnalyserSensor SensorOn(AnalyserMap map) => new(_bank, map);

    private static AnalyserMap StatusOnly(params AnalyserStatusSource[] status) =>
        new(ModbusWordOrder.Abcd, [Float(MetricVocabulary.StackCo, 0)], status);

    [Fact]
    public void A_measuring_MARSIC300_gives_every_mapped_value_without_a_flag()
    {
        MeasuringMarsic300();
        using var sensor = SensorOn(Marsic300);

        var reading = sensor.Read();

        Assert.True(reading.IsValid);
        Assert.Equal(9, reading.Values.Count);
        Assert.Equal((12.5, 41.25, 10.5, 0.0), (reading.Values[MetricVocabulary.StackSo2], reading.Values[MetricVocabulary.StackNo], reading.Values[MetricVocabulary.O2], reading.Values[MetricVocabulary.StackCo]));
        Assert.Empty(reading.StatusFlags);
    }

    [Fact]
    public void Data_held_is_not_measuring_and_the_zeros_the_MARSIC300_writes_are_still_sent_flagged()
    {
        _bank.SetBit(ModbusTable.DiscreteInputs, 1004, false); // measured data held: the registers read 0
        using var sensor = SensorOn(Marsic300);

        var reading = sensor.Read();

        Assert.Equal(0.0, reading.Values[MetricVocabulary.StackSo2]);
        Assert.Equal([QualityFlags.NotMeasuring], reading.StatusFlags);
    }

    [Fact]
    public void Every_active_status_bit_is_a_flag_in_ordinal_order()
    {
        MeasuringMarsic300().SetBit(ModbusTable.DiscreteInputs, 1000, true);
        _bank.SetBit(ModbusTable.DiscreteInputs, 1002, true);
        using var sensor = SensorOn(Marsic300);

        Assert.Equal([QualityFlags.Maintenance, QualityFlags.Malfunction], sensor.Read().StatusFlags);
    }

    [Theory]
    [InlineData(0x0000, new string[0])]
    [InlineData(0x0002, new string[0])] // maintenance request: a request, not invalidity
    [InlineData(0x0100, new[] { QualityFlags.FunctionCheck })] // check cycle
    [InlineData(0x0005, new[] { QualityFlags.FunctionCheck, QualityFlags.Malfunction })]
    [InlineData(0x0010, new string[0])] // a bit the map does not list
    public void GM32_status_bitmap_sets_the_flag_of_each_listed_bit(int register, string[] flags)
    {
        _bank.SetRegisters(ModbusTable.InputRegisters, 20, (ushort)register);
        using var sensor = SensorOn(StatusOnly(Gm32Status));

        Assert.Equal(flags, sensor.Read().StatusFlags);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(1, null)] // NE 107 maintenance required: still a valid measurement
    [InlineData(2, QualityFlags.OutOfSpec)]
    [InlineData(3, QualityFlags.FunctionCheck)]
    [InlineData(4, QualityFlags.Malfunction)]
    [InlineData(9, QualityFlags.Malfunction)] // not listed: a status the edge cannot read is no proof of a measurement
    public void GLS100_NE107_code_maps_to_its_status(int code, string? flag)
    {
        _bank.SetRegisters(ModbusTable.HoldingRegisters, 4096, (ushort)code);
        using var sensor = SensorOn(StatusOnly(Gls100Status));

        Assert.Equal(flag is null ? [] : [flag], sensor.Read().StatusFlags);
    }

    [Theory]
    [InlineData(0x80, null)]
    [InlineData(0xA4, null)] // good, maintenance demanded
    [InlineData(0xBC, QualityFlags.FunctionCheck)]
    [InlineData(0x3C, QualityFlags.FunctionCheck)] // bad: calibration / AutoCal
    [InlineData(0x68, QualityFlags.OutOfSpec)] // uncertain, maintenance demanded: NE 107 out of specification
    [InlineData(0x78, QualityFlags.NotMeasuring)] // uncertain, warming up
    [InlineData(0x27, QualityFlags.Malfunction)]
    [InlineData(0x00, QualityFlags.NotMeasuring)]
    public void GA700_status_byte_beside_a_value_flags_the_reading_and_its_other_byte_is_ignored(int code, string? flag)
    {
        _bank.SetFloat(ModbusTable.HoldingRegisters, 100, 7.25f);
        _bank.SetRegisters(ModbusTable.HoldingRegisters, 102, (ushort)(0x5500 | code));
        using var sensor = SensorOn(new AnalyserMap(ModbusWordOrder.Abcd, [Ga700Value(MetricVocabulary.StackNo, 100)], []));

        var reading = sensor.Read();

        Assert.Equal(7.25, reading.Values[MetricVocabulary.StackNo]);
        Assert.Equal(flag is null ? [] : [flag], reading.StatusFlags);
    }

    [Fact]
    public void Scaled_integers_are_raw_times_scale_plus_offset()
    {
        _bank.SetRegisters(ModbusTable.InputRegisters, 0, unchecked((ushort)(short)-125), 2731);
        AnalyserValue[] values =
        [
            new(MetricVocabulary.FluePressure, ModbusTable.InputRegisters, 0, AnalyserValueType.Int16, Scale: 0.1, Offset: 1013),
            new(MetricVocabulary.FlueTemperature, ModbusTable.InputRegisters, 1, AnalyserValueType.UInt16, Scale: 0.1, Offset: -273.1),
        ];
        using var sensor = SensorOn(new AnalyserMap(ModbusWordOrder.Abcd, values, []));

        var reading = sensor.Read();

        Assert.Equal(1000.5, reading.Values[MetricVocabulary.FluePressure], 9);
        Assert.Equal(0.0, reading.Values[MetricVocabulary.FlueTemperature], 9);
    }

    [Fact]
    public void An_exception_response_is_a_countable_fault_not_a_value()
    {
        using var sensor = new ModbusAnalyserSensor(new ModbusRegisterBank(size: 1010), Marsic300); // no registers past 1009

        var reading = sensor.Read();

        Assert.Equal(SensorFault.ExceptionResponse, reading.Fault);
        Assert.Empty(reading.Values);
        Assert.Contains("illegal data address", reading.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ModbusFailure.LinkDown, SensorFault.LinkDown)]
    [InlineData(ModbusFailure.Timeout, SensorFault.Timeout)]
    [InlineData(ModbusFailure.BadFrame, SensorFault.BadFrame)]
    public void A_failed_link_is_the_fault_of_its_failure(ModbusFailure failure, SensorFault fault)
    {
        using var sensor = new ModbusAnalyserSensor(new FailingDevice(failure), Marsic300);

        Assert.Equal(fault, sensor.Read().Fault);
    }

    [Theory]
    [InlineData(2, 2.0)]
    [InlineData(3, 3.0)]
    [InlineData(7, null)] // a code the map does not list: no plant_state in the reading
    public void Plant_state_is_read_from_an_enumerated_register(int code, double? expected)
    {
        _bank.SetRegisters(ModbusTable.HoldingRegisters, 500, (ushort)code);
        var state = new PlantStateRegister(ModbusTable.HoldingRegisters, 500, new Dictionary<int, PlantState>
        {
            [0] = PlantState.Off, [1] = PlantState.StartUp, [2] = PlantState.Operating, [3] = PlantState.ShutDown,
        });
        using var sensor = SensorOn(new AnalyserMap(ModbusWordOrder.Abcd, [], [], state));

        var reading = sensor.Read();

        Assert.Equal(expected, reading.Values.TryGetValue(MetricVocabulary.PlantState, out var value) ? value : null);
    }

    [Theory]
    [InlineData(false, false, false, PlantState.Off)]
    [InlineData(false, false, true, PlantState.Operating)]
    [InlineData(true, false, true, PlantState.StartUp)] // a start-up with waste already fed is still a start-up
    [InlineData(true, true, true, PlantState.ShutDown)]
    public void Plant_state_contacts_give_start_up_and_shut_down_precedence_over_operating(bool startUp, bool shutDown, bool wasteFed, PlantState expected)
    {
        // Contacts to GND on inputs with pull-ups: active low.
        var closed = new Dictionary<int, bool> { [5] = startUp, [6] = shutDown, [13] = wasteFed };
        var driver = new SimulatedGpioDriver(pin => !closed[pin]);
        var state = new PlantStateContacts([new(5, false, PlantState.StartUp), new(6, false, PlantState.ShutDown), new(13, false, PlantState.Operating)]);
        var map = new AnalyserMap(ModbusWordOrder.Abcd, [], [], state);
        using var sensor = new ModbusAnalyserSensor(null, map, new AnalyserContacts(new System.Device.Gpio.GpioController(driver), map.Pins));

        sensor.Start();
        var reading = sensor.Read();

        Assert.Equal((double)(int)expected, reading.Values[MetricVocabulary.PlantState]);
        Assert.Equal([5, 6, 13], driver.OpenPins.Keys.Order());
    }

    [Fact]
    public void A_hard_wired_status_contact_flags_the_values_read_over_Modbus()
    {
        MeasuringMarsic300();
        var driver = new SimulatedGpioDriver(pin => pin != 17); // pin 17 pulled low: the maintenance switch is on
        var map = Marsic300 with { Status = [.. Marsic300.Status, new StatusContact(17, false, AnalyserStatus.Maintenance)] };
        using var sensor = new ModbusAnalyserSensor(_bank, map, new AnalyserContacts(new System.Device.Gpio.GpioController(driver), map.Pins));

        sensor.Start();
        var reading = sensor.Read();

        Assert.Equal(12.5, reading.Values[MetricVocabulary.StackSo2]);
        Assert.Equal([QualityFlags.Maintenance], reading.StatusFlags);
    }

    private sealed class FailingDevice(ModbusFailure failure) : IModbusDevice
    {
        public bool[] ReadBits(ModbusTable table, ushort address, ushort count) => throw new ModbusException(failure, $"{failure}");

        public ushort[] ReadRegisters(ModbusTable table, ushort address, ushort count) => throw new ModbusException(failure, $"{failure}");
    }
}
