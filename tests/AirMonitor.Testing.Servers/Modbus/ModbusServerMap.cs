using System.Text.Json.Nodes;

namespace AirMonitor.Testing.Servers.Modbus;

/// <summary>The four tables of a Modbus server, named as the spec names them (the kit does not build the Sensors project).</summary>
public enum ModbusServerTable
{
    Coils,
    DiscreteInputs,
    HoldingRegisters,
    InputRegisters,
}

/// <summary>
/// What a <see cref="PymodbusServer"/> serves, by unit id. Only the addresses given exist: a read touching any other is
/// answered with exception 02. Addresses are PDU addresses.
/// </summary>
public sealed class ModbusServerMap
{
    private readonly SortedDictionary<byte, ModbusServerUnit> _units = [];

    /// <summary>The unit's tables, added to the map on first use (a unit with nothing in it answers every read with 02).</summary>
    public ModbusServerUnit Unit(byte unitId)
    {
        if (!_units.TryGetValue(unitId, out var unit))
        {
            _units[unitId] = unit = new ModbusServerUnit();
        }

        return unit;
    }

    internal JsonObject ToJson(string delayFile) => new()
    {
        ["delay_file"] = delayFile,
        ["units"] = new JsonObject(_units.Select(u => KeyValuePair.Create(u.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), (JsonNode?)u.Value.ToJson()))),
    };
}

/// <summary>One unit's tables. Typed values are encoded by pymodbus itself, in the word order given (ABCD, CDAB, BADC, DCBA).</summary>
public sealed class ModbusServerUnit
{
    private static readonly string[] WordOrders = ["ABCD", "CDAB", "BADC", "DCBA"];
    private readonly Dictionary<ModbusServerTable, JsonArray> _tables = [];

    public ModbusServerUnit Bits(ModbusServerTable table, ushort address, params bool[] bits)
    {
        if (table is not (ModbusServerTable.Coils or ModbusServerTable.DiscreteInputs))
        {
            throw new ArgumentOutOfRangeException(nameof(table), table, "not a bit table");
        }

        return Add(table, new JsonObject { ["address"] = address, ["bits"] = new JsonArray([.. bits.Select(b => (JsonNode)b)]) });
    }

    public ModbusServerUnit Registers(ModbusServerTable table, ushort address, params ushort[] registers) =>
        AddRegisters(table, address, "registers", [.. registers.Select(r => (JsonNode)r)], order: null);

    public ModbusServerUnit Floats(ModbusServerTable table, ushort address, string order, params float[] values) =>
        AddRegisters(table, address, "float32", [.. values.Select(v => (JsonNode)(double)v)], order);

    public ModbusServerUnit Int32s(ModbusServerTable table, ushort address, string order, params int[] values) =>
        AddRegisters(table, address, "int32", [.. values.Select(v => (JsonNode)v)], order);

    public ModbusServerUnit UInt32s(ModbusServerTable table, ushort address, string order, params uint[] values) =>
        AddRegisters(table, address, "uint32", [.. values.Select(v => (JsonNode)v)], order);

    internal JsonObject ToJson() => new(_tables.Select(t => KeyValuePair.Create(JsonName(t.Key), (JsonNode?)t.Value.DeepClone())));

    private ModbusServerUnit AddRegisters(ModbusServerTable table, ushort address, string kind, JsonNode[] values, string? order)
    {
        if (table is not (ModbusServerTable.HoldingRegisters or ModbusServerTable.InputRegisters))
        {
            throw new ArgumentOutOfRangeException(nameof(table), table, "not a register table");
        }

        if (order is not null && !WordOrders.Contains(order))
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, "one of ABCD, CDAB, BADC, DCBA");
        }

        var entry = new JsonObject { ["address"] = address, [kind] = new JsonArray(values) };
        if (order is not null)
        {
            entry["order"] = order;
        }

        return Add(table, entry);
    }

    private ModbusServerUnit Add(ModbusServerTable table, JsonObject entry)
    {
        if (!_tables.TryGetValue(table, out var entries))
        {
            _tables[table] = entries = [];
        }

        entries.Add(entry);
        return this;
    }

    private static string JsonName(ModbusServerTable table) => table switch
    {
        ModbusServerTable.Coils => "coils",
        ModbusServerTable.DiscreteInputs => "discrete_inputs",
        ModbusServerTable.HoldingRegisters => "holding_registers",
        _ => "input_registers",
    };
}
