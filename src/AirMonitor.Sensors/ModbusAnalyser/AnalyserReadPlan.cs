using AirMonitor.Sensors.Modbus;

namespace AirMonitor.Sensors.ModbusAnalyser;

/// <summary>One Modbus read request: <paramref name="Count"/> registers or bits of a table from <paramref name="Address"/>.</summary>
public readonly record struct ModbusRead(ModbusTable Table, ushort Address, ushort Count);

/// <summary>
/// All of a map's registers and bits in as few requests as the protocol allows: per table, ranges sorted by address are
/// joined while the unused addresses between them are at most the map's gap and the request stays within 125 registers
/// (2000 bits). A value is never split across two requests.
/// </summary>
public static class AnalyserReadPlan
{
    /// <summary>Registers in one read (FC 03/04): the Modbus specification's 125 (0x7D).</summary>
    public const int MaxRegistersPerRead = 125;

    /// <summary>Bits in one read (FC 01/02): 2000.</summary>
    public const int MaxBitsPerRead = 2000;

    /// <summary>Requests in one reading: past this, a reading takes longer than a 1 s interval at 9600 baud.</summary>
    public const int MaxReads = 16;

    public static IReadOnlyList<ModbusRead> For(AnalyserMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return For(map.Spans, map.MaxGap);
    }

    public static IReadOnlyList<ModbusRead> For(IEnumerable<RegisterSpan> spans, int maxGap)
    {
        ArgumentNullException.ThrowIfNull(spans);
        ArgumentOutOfRangeException.ThrowIfNegative(maxGap);
        var reads = new List<ModbusRead>();
        foreach (var table in spans.GroupBy(s => s.Table).OrderBy(g => g.Key))
        {
            var limit = RegisterSpan.IsBitTable(table.Key) ? MaxBitsPerRead : MaxRegistersPerRead;
            RegisterSpan? current = null;
            foreach (var span in table.OrderBy(s => s.Address))
            {
                if (current is { } open && span.Address - open.End <= maxGap && Math.Max(open.End, span.End) - open.Address <= limit)
                {
                    current = open with { Count = Math.Max(open.End, span.End) - open.Address };
                    continue;
                }

                if (current is { } done)
                {
                    reads.Add(Request(done));
                }

                current = span;
            }

            reads.Add(Request(current!.Value));
        }

        return reads;
    }

    private static ModbusRead Request(RegisterSpan span) => new(span.Table, (ushort)span.Address, (ushort)span.Count);
}
