using AirMonitor.Core.Metrics;
using AirMonitor.Sensors.Modbus;
using AirMonitor.Sensors.ModbusAnalyser;

namespace AirMonitor.Sensors.Tests.ModbusAnalyser;

/// <summary>The register maps of shared/reference/plant-cems.md §7, as the tests use them.</summary>
internal static class AnalyserMaps
{
    /// <summary>SICK MARSIC300 (TI 8017585 §11.2): floats in input registers 1000–1022, status in discrete inputs 1000–1004.</summary>
    public static AnalyserMap Marsic300 { get; } = new(
        ModbusWordOrder.Abcd,
        [
            Float(MetricVocabulary.StackSo2, 1000),
            Float(MetricVocabulary.StackCo2, 1002),
            Float(MetricVocabulary.StackH2o, 1006),
            Float(MetricVocabulary.StackNo, 1008),
            Float(MetricVocabulary.StackNo2, 1010),
            Float(MetricVocabulary.StackNox, 1012),
            Float(MetricVocabulary.StackNh3, 1014),
            Float(MetricVocabulary.StackCo, 1016),
            Float(MetricVocabulary.O2, 1020),
        ],
        [
            new StatusBit(ModbusTable.DiscreteInputs, 1000, true, AnalyserStatus.Malfunction),
            new StatusBit(ModbusTable.DiscreteInputs, 1002, true, AnalyserStatus.Maintenance),
            new StatusBit(ModbusTable.DiscreteInputs, 1003, true, AnalyserStatus.OutOfSpec),
            new StatusBit(ModbusTable.DiscreteInputs, 1004, false, AnalyserStatus.NotMeasuring),
            new StatusBit(ModbusTable.DiscreteInputs, 1026, true, AnalyserStatus.FunctionCheck),
        ]);

    /// <summary>SICK GM32's status bitmap (OI 8012707 §9.3): bit 0 failure, bit 1 maintenance request (valid), bit 2 function check, bit 8 check cycle.</summary>
    public static StatusBitmap Gm32Status { get; } = new(
        ModbusTable.InputRegisters,
        20,
        new Dictionary<int, AnalyserStatus>
        {
            [0] = AnalyserStatus.Malfunction,
            [1] = AnalyserStatus.Valid,
            [2] = AnalyserStatus.FunctionCheck,
            [8] = AnalyserStatus.FunctionCheck,
        });

    /// <summary>SICK GLS100 register 4096, NAMUR NE 107: 0 OK, 1 maintenance required (valid), 2 out of spec, 3 functional check, 4 failure.</summary>
    public static StatusCode Gls100Status { get; } = new(
        ModbusTable.HoldingRegisters,
        4096,
        new Dictionary<int, AnalyserStatus>
        {
            [0] = AnalyserStatus.Valid,
            [1] = AnalyserStatus.Valid,
            [2] = AnalyserStatus.OutOfSpec,
            [3] = AnalyserStatus.FunctionCheck,
            [4] = AnalyserStatus.Malfunction,
        });

    /// <summary>Siemens GA700 status byte codes (OM 06/2017 A.5), as the README maps them.</summary>
    public static IReadOnlyDictionary<int, AnalyserStatus> Ga700Codes { get; } = new Dictionary<int, AnalyserStatus>
    {
        [0x80] = AnalyserStatus.Valid,
        [0xA4] = AnalyserStatus.Valid,
        [0xA8] = AnalyserStatus.Valid,
        [0xBC] = AnalyserStatus.FunctionCheck,
        [0x68] = AnalyserStatus.OutOfSpec,
        [0x78] = AnalyserStatus.NotMeasuring,
        [0x3C] = AnalyserStatus.FunctionCheck,
        [0x24] = AnalyserStatus.Malfunction,
        [0x27] = AnalyserStatus.Malfunction,
        [0x00] = AnalyserStatus.NotMeasuring,
    };

    /// <summary>A GA700-style value: a float with its status byte in the low byte of the register after it.</summary>
    public static AnalyserValue Ga700Value(string metric, ushort address) =>
        Float(metric, address, ModbusTable.HoldingRegisters) with
        {
            Status = new StatusCode(ModbusTable.HoldingRegisters, (ushort)(address + 2), Ga700Codes, Byte: StatusCodeByte.Low),
        };

    public static AnalyserValue Float(string metric, ushort address, ModbusTable table = ModbusTable.InputRegisters) =>
        new(metric, table, address, AnalyserValueType.Float32);

    /// <summary>Writes <paramref name="value"/> as an ABCD float32.</summary>
    public static void SetFloat(this ModbusRegisterBank bank, ModbusTable table, ushort address, float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        bank.SetRegisters(table, address, (ushort)(bits >> 16), (ushort)bits);
    }
}
