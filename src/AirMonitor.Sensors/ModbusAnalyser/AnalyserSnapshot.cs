using AirMonitor.Sensors.Modbus;

namespace AirMonitor.Sensors.ModbusAnalyser;

/// <summary>What one reading read: the planned requests' answers, and the contacts (read when a source asks).</summary>
internal sealed class AnalyserSnapshot
{
    private readonly List<(ModbusRead Request, ushort[] Registers, bool[] Bits)> _answers;
    private readonly AnalyserContacts? _contacts;

    private AnalyserSnapshot(List<(ModbusRead, ushort[], bool[])> answers, AnalyserContacts? contacts)
    {
        _answers = answers;
        _contacts = contacts;
    }

    /// <exception cref="ModbusException">A request gave no data.</exception>
    public static AnalyserSnapshot Take(IModbusDevice? device, IReadOnlyList<ModbusRead> plan, AnalyserContacts? contacts)
    {
        var answers = new List<(ModbusRead, ushort[], bool[])>(plan.Count);
        foreach (var request in plan)
        {
            answers.Add(RegisterSpan.IsBitTable(request.Table)
                ? (request, [], device!.ReadBits(request.Table, request.Address, request.Count))
                : (request, device!.ReadRegisters(request.Table, request.Address, request.Count), []));
        }

        return new AnalyserSnapshot(answers, contacts);
    }

    public ReadOnlySpan<ushort> Registers(RegisterSpan span)
    {
        var (request, registers, _) = Answer(span);
        return registers.AsSpan(span.Address - request.Address, span.Count);
    }

    public ushort Register(ModbusTable table, ushort address) => Registers(new RegisterSpan(table, address, 1))[0];

    public bool Bit(ModbusTable table, ushort address)
    {
        var (request, _, bits) = Answer(new RegisterSpan(table, address, 1));
        return bits[address - request.Address];
    }

    public bool IsHigh(int pin) => _contacts!.IsHigh(pin);

    private (ModbusRead Request, ushort[] Registers, bool[] Bits) Answer(RegisterSpan span) =>
        _answers.First(a => a.Request.Table == span.Table && a.Request.Address <= span.Address && span.End <= a.Request.Address + a.Request.Count);
}
