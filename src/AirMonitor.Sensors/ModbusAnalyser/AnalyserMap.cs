using AirMonitor.Sensors.Modbus;

namespace AirMonitor.Sensors.ModbusAnalyser;

/// <summary>
/// An analyser's Modbus register map as data (a device profile's <c>modbus:</c>, firmware-config/README.md): where each
/// value is, how it is encoded, where the analyser says whether it is measuring, and where the plant's state is.
/// </summary>
/// <param name="WordOrder">How this analyser lays a 32-bit value in two registers.</param>
/// <param name="Values">The measured values, one per metric.</param>
/// <param name="Status">The analyser's status sources; a reading carries the flag of every one that is not valid.</param>
/// <param name="State">Where the plant's operating state is read (the <c>plant_state</c> value); null if not here.</param>
/// <param name="MaxGap">Unused addresses a read may span to join two ranges into one request (<see cref="AnalyserReadPlan"/>).</param>
public sealed record AnalyserMap(
    ModbusWordOrder WordOrder,
    IReadOnlyList<AnalyserValue> Values,
    IReadOnlyList<AnalyserStatusSource> Status,
    PlantStateSource? State = null,
    int MaxGap = AnalyserMap.DefaultMaxGap)
{
    /// <summary>16 registers cost about 35 ms at 9600 baud, less than one more request's turnaround.</summary>
    public const int DefaultMaxGap = 16;

    /// <summary>Every register and bit range a reading needs.</summary>
    public IEnumerable<RegisterSpan> Spans =>
        Values.SelectMany(v => v.Spans).Concat(Status.SelectMany(s => s.Spans)).Concat(State?.Spans ?? []);

    /// <summary>Every GPIO pin a reading needs.</summary>
    public IEnumerable<int> Pins => Status.SelectMany(s => s.Pins).Concat(State?.Pins ?? []);
}

/// <summary>How a value's registers encode its number.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "the register types as the analysers' manuals and the profile name them")]
public enum AnalyserValueType
{
    Float32,
    Int16,
    UInt16,
    Int32,
    UInt32,
}

/// <summary><paramref name="Count"/> consecutive registers or bits of one table, from <paramref name="Address"/> (a PDU address).</summary>
public readonly record struct RegisterSpan(ModbusTable Table, int Address, int Count)
{
    public int End => Address + Count;

    public static bool IsBitTable(ModbusTable table) => table is ModbusTable.Coils or ModbusTable.DiscreteInputs;
}

/// <summary>
/// One measured value: a metric of the vocabulary at a register address, value = raw × <paramref name="Scale"/> + <paramref name="Offset"/>
/// (scaled integers; 1 and 0 for a float in the metric's unit).
/// </summary>
/// <param name="Table">Input or holding registers.</param>
/// <param name="Status">The status that comes with this value (a Siemens GA700's status byte), if the analyser has one per value.</param>
public sealed record AnalyserValue(
    string Metric,
    ModbusTable Table,
    ushort Address,
    AnalyserValueType Type,
    double Scale = 1,
    double Offset = 0,
    StatusCode? Status = null)
{
    public RegisterSpan Span => new(Table, Address, Type.RegisterCount());

    internal IEnumerable<RegisterSpan> Spans => Status is null ? [Span] : [Span, .. Status.Spans];

    /// <summary>The value in the metric's unit, from the registers read.</summary>
    internal double Read(AnalyserSnapshot snapshot, ModbusWordOrder order) =>
        (AnalyserWords.Decode(snapshot.Registers(Span), Type, order) * Scale) + Offset;

    /// <summary>Writes <paramref name="value"/> (in the metric's unit) as the analyser would.</summary>
    internal void Simulate(ModbusRegisterBank bank, double value, ModbusWordOrder order) =>
        bank.SetRegisters(Table, Address, AnalyserWords.Encode((value - Offset) / Scale, Type, order));
}

public static class AnalyserValueTypes
{
    /// <summary>The profile names of the types.</summary>
    public static IReadOnlyList<(string Name, AnalyserValueType Type)> Names { get; } =
    [
        ("float32", AnalyserValueType.Float32),
        ("int16", AnalyserValueType.Int16),
        ("uint16", AnalyserValueType.UInt16),
        ("int32", AnalyserValueType.Int32),
        ("uint32", AnalyserValueType.UInt32),
    ];

    public static int RegisterCount(this AnalyserValueType type) => type is AnalyserValueType.Int16 or AnalyserValueType.UInt16 ? 1 : 2;
}
