using AirMonitor.Sensors.Modbus;

namespace AirMonitor.Sensors.ModbusAnalyser;

/// <summary>Where an analyser says whether its values are measurements: a bit, a bitmap, a code, a contact.</summary>
public abstract record AnalyserStatusSource
{
    internal virtual IEnumerable<RegisterSpan> Spans => [];

    internal virtual IEnumerable<int> Pins => [];

    /// <summary>The statuses this source reports in this reading, <see cref="AnalyserStatus.Valid"/> left out.</summary>
    internal abstract IEnumerable<AnalyserStatus> Read(AnalyserSnapshot snapshot);

    /// <summary>Sets a simulated analyser's registers so that this source reports <paramref name="status"/>.</summary>
    internal virtual void Simulate(ModbusRegisterBank bank, AnalyserStatus status)
    {
    }

    /// <summary>The levels of this source's contacts when the analyser reports <paramref name="status"/>.</summary>
    internal virtual IEnumerable<(int Pin, bool High)> SimulateContacts(AnalyserStatus status) => [];

    private protected static IEnumerable<AnalyserStatus> Unless(AnalyserStatus status) =>
        status == AnalyserStatus.Valid ? [] : [status];
}

/// <summary>
/// A coil or discrete input that means <paramref name="Status"/> while it reads <paramref name="ActiveWhen"/>: SICK MARSIC300
/// discrete input 1000 "malfunction" when 1, 1004 "measured data live (1) / held (0)" → not measuring when 0.
/// </summary>
public sealed record StatusBit(ModbusTable Table, ushort Address, bool ActiveWhen, AnalyserStatus Status) : AnalyserStatusSource
{
    internal override IEnumerable<RegisterSpan> Spans => [new(Table, Address, 1)];

    internal override IEnumerable<AnalyserStatus> Read(AnalyserSnapshot snapshot) =>
        Unless(snapshot.Bit(Table, Address) == ActiveWhen ? Status : AnalyserStatus.Valid);

    internal override void Simulate(ModbusRegisterBank bank, AnalyserStatus status) =>
        bank.SetBit(Table, Address, status == Status ? ActiveWhen : !ActiveWhen);
}

/// <summary>
/// A status register whose listed bits each mean a status while set (SICK GM32: bit 0 failure, bit 2 function check,
/// bit 8 check cycle); bits not listed are ignored, and every set bit that is listed gives its flag.
/// </summary>
public sealed record StatusBitmap(ModbusTable Table, ushort Address, IReadOnlyDictionary<int, AnalyserStatus> Bits) : AnalyserStatusSource
{
    internal override IEnumerable<RegisterSpan> Spans => [new(Table, Address, 1)];

    internal override IEnumerable<AnalyserStatus> Read(AnalyserSnapshot snapshot)
    {
        var word = snapshot.Register(Table, Address);
        return Bits.Where(b => (word & (1 << b.Key)) != 0 && b.Value != AnalyserStatus.Valid).Select(b => b.Value);
    }

    internal override void Simulate(ModbusRegisterBank bank, AnalyserStatus status)
    {
        var bit = Bits.Where(b => b.Value == status).Select(b => (int?)b.Key).Min();
        bank.SetRegisters(Table, Address, bit is { } set && status != AnalyserStatus.Valid ? (ushort)(1 << set) : (ushort)0);
    }
}

/// <summary>Which part of a register a status code is.</summary>
public enum StatusCodeByte
{
    /// <summary>The whole 16-bit register.</summary>
    Word,

    /// <summary>Bits 15..8.</summary>
    High,

    /// <summary>Bits 7..0.</summary>
    Low,
}

/// <summary>
/// An enumerated status: a register (or one byte of it) whose value is a code (SICK GLS100 register 4096 in NAMUR NE 107
/// style; a Siemens GA700's status byte beside each value). A code not listed is <paramref name="Otherwise"/>:
/// malfunction unless the map says, for a status the edge cannot read is no proof of a valid measurement.
/// </summary>
public sealed record StatusCode(
    ModbusTable Table,
    ushort Address,
    IReadOnlyDictionary<int, AnalyserStatus> Codes,
    AnalyserStatus Otherwise = AnalyserStatus.Malfunction,
    StatusCodeByte Byte = StatusCodeByte.Word) : AnalyserStatusSource
{
    /// <summary>The register the code is in.</summary>
    public RegisterSpan Span => new(Table, Address, 1);

    internal override IEnumerable<RegisterSpan> Spans => [Span];

    internal override IEnumerable<AnalyserStatus> Read(AnalyserSnapshot snapshot) =>
        Unless(Codes.GetValueOrDefault(CodeIn(snapshot.Register(Table, Address)), Otherwise));

    /// <summary>The lowest code listed for the status (the byte's other half 0); a status no code has is said as valid, as the device could say no more.</summary>
    internal override void Simulate(ModbusRegisterBank bank, AnalyserStatus status)
    {
        var code = LowestCodeOf(status) ?? LowestCodeOf(AnalyserStatus.Valid) ?? 0;
        bank.SetRegisters(Table, Address, (ushort)(Byte == StatusCodeByte.High ? code << 8 : code));
    }

    private int? LowestCodeOf(AnalyserStatus status) => Codes.Where(c => c.Value == status).Select(c => (int?)c.Key).Min();

    private int CodeIn(ushort register) => Byte switch
    {
        StatusCodeByte.High => register >> 8,
        StatusCodeByte.Low => register & 0xFF,
        _ => register,
    };
}

/// <summary>A hard-wired status contact on a GPIO input (EN 17255-2: "hard-wired status signals"): <paramref name="Status"/> while the pin is at its active level.</summary>
public sealed record StatusContact(int Pin, bool ActiveHigh, AnalyserStatus Status) : AnalyserStatusSource
{
    internal override IEnumerable<int> Pins => [Pin];

    internal override IEnumerable<AnalyserStatus> Read(AnalyserSnapshot snapshot) =>
        Unless(snapshot.IsHigh(Pin) == ActiveHigh ? Status : AnalyserStatus.Valid);

    internal override IEnumerable<(int Pin, bool High)> SimulateContacts(AnalyserStatus status) =>
        [(Pin, status == Status ? ActiveHigh : !ActiveHigh)];
}
