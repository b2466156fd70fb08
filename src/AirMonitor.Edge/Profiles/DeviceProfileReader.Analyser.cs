using System.IO.Ports;
using AirMonitor.Core.Configuration;
using AirMonitor.Core.Metrics;
using AirMonitor.Sensors.Modbus;
using AirMonitor.Sensors.ModbusAnalyser;
using YamlDotNet.Core;

namespace AirMonitor.Edge.Profiles;

/// <summary>The profile schema of a plant analyser: its Modbus link keys and its register map (<c>modbus:</c>).</summary>
internal sealed partial class DeviceProfileReader
{
    private const int MaxRetries = 5;
    private const int MaxUnit = 247;
    private const int MaxPin = 27;

    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(10);
    private static readonly int[] BaudRates = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200];

    private static readonly string[] ModbusKeys = ["word_order", "max_gap", "values", "status", "state"];
    private static readonly string[] ValueKeys = ["metric", "table", "address", "type", "scale", "offset", "status"];
    private static readonly string[] RequiredValueKeys = ["metric", "table", "address", "type"];
    private static readonly string[] ValueStatusKeys = ["table", "address", "byte", "codes", "otherwise"];

    private static readonly (string Kind, string[] Keys, string[] Required)[] StatusKinds =
    [
        ("bit", ["kind", "table", "address", "when", "status"], ["table", "address", "status"]),
        ("bitmap", ["kind", "table", "address", "bits"], ["table", "address", "bits"]),
        ("code", ["kind", "table", "address", "byte", "codes", "otherwise"], ["table", "address", "codes"]),
        ("contact", ["kind", "pin", "active", "status"], ["pin", "active", "status"]),
    ];

    private static readonly (string Kind, string[] Keys, string[] Required)[] StateKinds =
    [
        ("code", ["kind", "table", "address", "codes"], ["table", "address", "codes"]),
        ("contacts", ["kind", "contacts"], ["contacts"]),
    ];

    private static readonly string[] StateContactKeys = ["pin", "active", "state"];

    private static readonly (string Name, ModbusTable Value)[] RegisterTables = [("input", ModbusTable.InputRegisters), ("holding", ModbusTable.HoldingRegisters)];
    private static readonly (string Name, ModbusTable Value)[] BitTables = [("discrete_input", ModbusTable.DiscreteInputs), ("coil", ModbusTable.Coils)];
    private static readonly (string Name, ModbusWordOrder Value)[] WordOrders =
        [("abcd", ModbusWordOrder.Abcd), ("cdab", ModbusWordOrder.Cdab), ("badc", ModbusWordOrder.Badc), ("dcba", ModbusWordOrder.Dcba)];
    private static readonly (string Name, StatusCodeByte Value)[] CodeBytes = [("word", StatusCodeByte.Word), ("high", StatusCodeByte.High), ("low", StatusCodeByte.Low)];
    private static readonly (string Name, bool Value)[] Levels = [("high", true), ("low", false)];
    private static readonly (string Name, bool Value)[] BitLevels = [("1", true), ("0", false)];
    private static readonly (string Name, Parity Value)[] Parities = [("even", Parity.Even), ("odd", Parity.Odd), ("none", Parity.None)];
    private static readonly (string Name, StopBits Value)[] StopBitCounts = [("1", StopBits.One), ("2", StopBits.Two)];

    /// <summary>The analyser's link and map, when the sensor has <c>modbus:</c>; null otherwise or when any of it fails.</summary>
    private AnalyserLink? ReadAnalyserLink(SensorBus? bus, string? port, Dictionary<string, ConfigurationNode> keys, string path)
    {
        var host = Value(keys, path, "host", Host);
        var tcpPort = Value(keys, path, "tcp_port", (n, p) => WholeNumber(n, p, 1, 65535));
        var baud = Value(keys, path, "baud", Baud);
        var parity = Value(keys, path, "parity", (n, p) => OneOf(n, p, "parity", Parities, hint: true));
        var stopBits = Value(keys, path, "stop_bits", (n, p) => OneOf(n, p, "stop bits", StopBitCounts, hint: true));
        var unit = Value(keys, path, "unit", (n, p) => WholeNumber(n, p, 1, MaxUnit));
        var timeout = Value(keys, path, "timeout", (n, p) => Duration(n, p, MinTimeout, MaxTimeout));
        var retries = Value(keys, path, "retries", (n, p) => WholeNumber(n, p, 0, MaxRetries));
        var map = Value(keys, path, "modbus", (n, p) => ReadAnalyserMap(n, p, bus));
        ModbusEndpoint? endpoint = bus switch
        {
            SensorBus.ModbusTcp when host is not null => new ModbusTcpEndpoint(host, tcpPort ?? ModbusTcpEndpoint.DefaultPort),
            SensorBus.ModbusRtu when port is not null => new ModbusRtuEndpoint(port, baud ?? ModbusRtuEndpoint.DefaultBaud, parity ?? Parity.Even, stopBits ?? StopBits.One),
            _ => null,
        };

        return map is null || (endpoint is null && bus != SensorBus.Gpio)
            ? null
            : new AnalyserLink(endpoint, (byte)(unit ?? AnalyserLink.DefaultUnit), timeout ?? AnalyserLink.DefaultTimeout, retries ?? AnalyserLink.DefaultRetries, map);
    }

    private AnalyserMap? ReadAnalyserMap(ConfigurationNode node, string path, SensorBus? bus)
    {
        var keys = Mapping(node, path, ModbusKeys, [], $"a register map (a mapping of {string.Join(", ", ModbusKeys)})");
        if (keys is null)
        {
            return null;
        }

        var order = Value(keys, path, "word_order", (n, p) => OneOf(n, p, "word order", WordOrders, hint: true));
        var maxGap = Value(keys, path, "max_gap", (n, p) => WholeNumber(n, p, 0, AnalyserReadPlan.MaxRegistersPerRead));
        var values = keys.ContainsKey("values") ? Value(keys, path, "values", ReadValues) : [];
        var status = keys.ContainsKey("status") ? Value(keys, path, "status", (n, p) => Items(n, p, "a list of status sources", null, ReadStatusSource)) : [];
        var state = Value(keys, path, "state", ReadPlantState);
        if (values is null || status is null || (keys.ContainsKey("state") && state is null)
            || (keys.ContainsKey("word_order") && order is null) || (keys.ContainsKey("max_gap") && maxGap is null))
        {
            return null;
        }

        var map = new AnalyserMap(order ?? ModbusWordOrder.Abcd, values, status, state, maxGap ?? AnalyserMap.DefaultMaxGap);
        return CheckMap(map, keys, path, node.Start, bus) ? map : null;
    }

    /// <summary>What holds only for the map as a whole: something to read, a word order for 32-bit values, pins once, the request limit.</summary>
    private bool CheckMap(AnalyserMap map, Dictionary<string, ConfigurationNode> keys, string path, Mark mapAt, SensorBus? bus)
    {
        var errors = Errors.Count;
        if (map.Values.Count == 0 && map.State is null)
        {
            Error(path, "reads nothing: list values, or a state", mapAt);
        }

        if (!keys.ContainsKey("word_order") && map.Values.FirstOrDefault(v => v.Type.RegisterCount() == 2) is { } wide)
        {
            Error(Join(path, "word_order"), $"required with 32-bit values ({wide.Metric}): the analyser's manual says which of abcd, cdab, badc, dcba", mapAt);
        }

        if (map.Pins.GroupBy(p => p).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            Error(path, $"GPIO pin {twice.Key} is read twice in this map; a contact has one meaning", mapAt);
        }

        var reads = AnalyserReadPlan.For(map).Count;
        if (bus == SensorBus.Gpio && reads > 0)
        {
            Error(path, "bus: gpio reads only GPIO contacts; values and register status need bus: modbus-tcp or modbus-rtu", mapAt);
        }
        else if (reads > AnalyserReadPlan.MaxReads)
        {
            Error(path, $"the map needs {reads} read requests, more than {AnalyserReadPlan.MaxReads} in one reading: read fewer registers, raise max_gap to join ranges, or split the values over two sensors", mapAt);
        }

        return Errors.Count == errors;
    }

    private List<AnalyserValue>? ReadValues(ConfigurationNode node, string path)
    {
        var earlier = new List<(AnalyserValue Value, string Path)>();
        return Items(node, path, "a list of values", null, (item, itemPath) =>
        {
            var value = ReadValue(item, itemPath);
            if (value is not null && CheckAgainstEarlierValues(value, itemPath, item.Start, earlier))
            {
                earlier.Add((value, itemPath));
                return value;
            }

            return null;
        });
    }

    private AnalyserValue? ReadValue(ConfigurationNode node, string path)
    {
        var keys = Mapping(node, path, ValueKeys, RequiredValueKeys, $"a value (a mapping of {string.Join(", ", ValueKeys)})");
        if (keys is null)
        {
            return null;
        }

        var metric = Value(keys, path, "metric", ValueMetric);
        var table = Value(keys, path, "table", (n, p) => OneOf(n, p, "register table", RegisterTables, hint: true));
        var address = Value(keys, path, "address", RegisterAddress);
        var type = Value(keys, path, "type", (n, p) => OneOf(n, p, "value type", AnalyserValueTypes.Names, hint: true));
        var scale = Value(keys, path, "scale", (n, p) => Number(n, p, (v, text) => v == 0 ? $"{text} is not a valid scale: it must not be 0" : null));
        var offset = Value(keys, path, "offset", (n, p) => Number(n, p));
        var status = Value(keys, path, "status", (n, p) => ReadCodeSource(n, p, ValueStatusKeys, ["address", "codes"], table ?? ModbusTable.HoldingRegisters));
        if (metric is null || table is null || address is null || type is null
            || (keys.ContainsKey("scale") && scale is null) || (keys.ContainsKey("offset") && offset is null) || (keys.ContainsKey("status") && status is null))
        {
            return null;
        }

        if (address.Value + type.Value.RegisterCount() > 65536)
        {
            Error(Join(path, "address"), $"a {AnalyserValueTypes.Names.First(t => t.Type == type).Name} at {address} would end past the last register address 65535", keys["address"].Start);
            return null;
        }

        return new AnalyserValue(metric, table.Value, (ushort)address.Value, type.Value, scale ?? 1, offset ?? 0, status);
    }

    /// <summary>Each metric once, and no two values (or their status registers) on the same registers.</summary>
    private bool CheckAgainstEarlierValues(AnalyserValue value, string path, Mark at, List<(AnalyserValue Value, string Path)> earlier)
    {
        if (earlier.FirstOrDefault(e => e.Value.Metric == value.Metric) is { Path: { } samePath })
        {
            Error(Join(path, "metric"), $"duplicate metric '{value.Metric}', already read by {samePath}", at);
            return false;
        }

        foreach (var (span, what) in RegistersOf(value))
        {
            foreach (var (other, otherPath) in earlier)
            {
                if (RegistersOf(other).FirstOrDefault(o => Overlap(o.Span, span)) is { What: { } otherWhat } taken)
                {
                    Error(path, $"its {what} {Describe(span)} overlap {otherPath} ({other.Metric}'s {otherWhat} at {Describe(taken.Span)})", at);
                    return false;
                }
            }
        }

        return true;
    }

    private static (RegisterSpan Span, string What)[] RegistersOf(AnalyserValue value) =>
        value.Status is null ? [(value.Span, "registers")] : [(value.Span, "registers"), (value.Status.Span, "status register")];

    private AnalyserStatusSource? ReadStatusSource(ConfigurationNode node, string path)
    {
        if (Kind(node, path, StatusKinds, "status source") is not { } kind)
        {
            return null;
        }

        return kind.Kind switch
        {
            "bit" => ReadStatusBit(node, path, kind.Keys, kind.Required),
            "bitmap" => ReadStatusBitmap(node, path, kind.Keys, kind.Required),
            "code" => ReadCodeSource(node, path, kind.Keys, kind.Required, null),
            _ => ReadStatusContact(node, path, kind.Keys, kind.Required),
        };
    }

    private StatusBit? ReadStatusBit(ConfigurationNode node, string path, string[] known, string[] required)
    {
        var keys = Mapping(node, path, known, required, $"a status bit (a mapping of {string.Join(", ", known)})");
        if (keys is null)
        {
            return null;
        }

        var table = Value(keys, path, "table", (n, p) => OneOf(n, p, "bit table", BitTables, hint: true));
        var address = Value(keys, path, "address", RegisterAddress);
        var when = Value(keys, path, "when", (n, p) => OneOf(n, p, "bit value", BitLevels, hint: true));
        var status = Value(keys, path, "status", (n, p) => OneOf(n, p, "status", AnalyserStatusNames.Statuses, hint: true));
        return table is null || address is null || status is null || (keys.ContainsKey("when") && when is null)
            ? null
            : new StatusBit(table.Value, (ushort)address.Value, when ?? true, status.Value);
    }

    private StatusBitmap? ReadStatusBitmap(ConfigurationNode node, string path, string[] known, string[] required)
    {
        var keys = Mapping(node, path, known, required, $"a status bitmap (a mapping of {string.Join(", ", known)})");
        if (keys is null)
        {
            return null;
        }

        var table = Value(keys, path, "table", (n, p) => OneOf(n, p, "register table", RegisterTables, hint: true));
        var address = Value(keys, path, "address", RegisterAddress);
        var bits = Value(keys, path, "bits", (n, p) => CodeTable(n, p, 15, "bit", "status", AnalyserStatusNames.Statuses));
        return table is null || address is null || bits is null ? null : new StatusBitmap(table.Value, (ushort)address.Value, bits);
    }

    /// <summary>An enumerated status (a register, or one byte of it); a value's own status takes the value's table unless it says.</summary>
    private StatusCode? ReadCodeSource(ConfigurationNode node, string path, string[] known, string[] required, ModbusTable? defaultTable)
    {
        var keys = Mapping(node, path, known, required, $"a status code (a mapping of {string.Join(", ", known)})");
        if (keys is null)
        {
            return null;
        }

        var table = Value(keys, path, "table", (n, p) => OneOf(n, p, "register table", RegisterTables, hint: true)) ?? defaultTable;
        var address = Value(keys, path, "address", RegisterAddress);
        var part = Value(keys, path, "byte", (n, p) => OneOf(n, p, "byte", CodeBytes, hint: true)) ?? StatusCodeByte.Word;
        var codes = Value(keys, path, "codes", (n, p) => CodeTable(n, p, part == StatusCodeByte.Word ? 65535 : 255, "code", "status", AnalyserStatusNames.Statuses));
        var otherwise = Value(keys, path, "otherwise", (n, p) => OneOf(n, p, "status", AnalyserStatusNames.Statuses, hint: true));
        return table is null || address is null || codes is null || (keys.ContainsKey("otherwise") && otherwise is null)
            || (keys.ContainsKey("byte") && !keys.ContainsKey("codes"))
            ? null
            : new StatusCode(table.Value, (ushort)address.Value, codes, otherwise ?? AnalyserStatus.Malfunction, part);
    }

    private StatusContact? ReadStatusContact(ConfigurationNode node, string path, string[] known, string[] required)
    {
        var keys = Mapping(node, path, known, required, $"a status contact (a mapping of {string.Join(", ", known)})");
        if (keys is null)
        {
            return null;
        }

        var pin = Value(keys, path, "pin", (n, p) => WholeNumber(n, p, 0, MaxPin));
        var active = Value(keys, path, "active", (n, p) => OneOf(n, p, "level", Levels, hint: true));
        var status = Value(keys, path, "status", (n, p) => OneOf(n, p, "status", AnalyserStatusNames.Statuses, hint: true));
        return pin is null || active is null || status is null ? null : new StatusContact(pin.Value, active.Value, status.Value);
    }

    private PlantStateSource? ReadPlantState(ConfigurationNode node, string path)
    {
        if (Kind(node, path, StateKinds, "state source") is not { } kind)
        {
            return null;
        }

        var keys = Mapping(node, path, kind.Keys, kind.Required, $"a state source (a mapping of {string.Join(", ", kind.Keys)})");
        if (keys is null)
        {
            return null;
        }

        if (kind.Kind == "code")
        {
            var table = Value(keys, path, "table", (n, p) => OneOf(n, p, "register table", RegisterTables, hint: true));
            var address = Value(keys, path, "address", RegisterAddress);
            var codes = Value(keys, path, "codes", (n, p) => CodeTable(n, p, 65535, "code", "plant state", AnalyserStatusNames.PlantStates));
            return table is null || address is null || codes is null ? null : new PlantStateRegister(table.Value, (ushort)address.Value, codes);
        }

        var contacts = Value(keys, path, "contacts", (n, p) => Items(n, p, "a list of contacts", "must list at least one contact", ReadStateContact));
        return contacts is null ? null : new PlantStateContacts(contacts);
    }

    private PlantStateContact? ReadStateContact(ConfigurationNode node, string path)
    {
        var keys = Mapping(node, path, StateContactKeys, StateContactKeys, $"a contact (a mapping of {string.Join(", ", StateContactKeys)})");
        if (keys is null)
        {
            return null;
        }

        var pin = Value(keys, path, "pin", (n, p) => WholeNumber(n, p, 0, MaxPin));
        var active = Value(keys, path, "active", (n, p) => OneOf(n, p, "level", Levels, hint: true));
        var state = Value(keys, path, "state", (n, p) => OneOf(n, p, "plant state", AnalyserStatusNames.PlantStates, hint: true));
        return pin is null || active is null || state is null ? null : new PlantStateContact(pin.Value, active.Value, state.Value);
    }

    /// <summary>The <c>kind</c> of a source: missing or unknown is one error, and the rest of the source is not read.</summary>
    private (string Kind, string[] Keys, string[] Required)? Kind(
        ConfigurationNode node, string path, (string Kind, string[] Keys, string[] Required)[] kinds, string what)
    {
        var names = kinds.Select(k => (k.Kind, k)).ToArray();
        if (node is not ConfigurationMapping mapping)
        {
            Error(path, $"expected a {what} (a mapping with a kind: {string.Join(", ", kinds.Select(k => k.Kind))}), found {DescribeValue(node)}", node.Start);
            return null;
        }

        var kindNode = mapping.Entries.FirstOrDefault(e => e.Key is ConfigurationScalar { Value: "kind" }).Value;
        if (kindNode is null)
        {
            Error(Join(path, "kind"), $"required key is missing: one of {string.Join(", ", kinds.Select(k => k.Kind))}", node.Start);
            return null;
        }

        return OneOf(kindNode, Join(path, "kind"), $"{what} kind", names);
    }

    /// <summary>A mapping of codes (hex <c>0x80</c> or decimal, 0..<paramref name="max"/>) to names of <paramref name="choices"/>.</summary>
    private Dictionary<int, T>? CodeTable<T>(ConfigurationNode node, string path, int max, string what, string valueWhat, IReadOnlyList<(string Name, T Value)> choices)
        where T : struct
    {
        var entries = Entries(node, path, $"a mapping of {what} to {valueWhat}");
        if (entries is null)
        {
            return null;
        }

        if (entries.Count == 0)
        {
            Error(path, $"must list at least one {what}", node.Start);
            return null;
        }

        var table = new Dictionary<int, T>();
        var firstPath = new Dictionary<int, string>();
        var failed = false;
        foreach (var (key, keyNode, valueNode) in entries)
        {
            var keyPath = Join(path, key);
            var value = OneOf(valueNode, keyPath, valueWhat, choices);
            if (!ProfileFormats.TryParseAddress(key, out var code) || code < 0 || code > max)
            {
                Error(keyPath, $"'{key}' is not a {what} 0..{max} (hex 0x.. or decimal)", keyNode.Start);
                failed = true;
            }
            else if (!firstPath.TryAdd(code, keyPath))
            {
                Error(keyPath, $"{what} {code} is already listed as {firstPath[code]}", keyNode.Start);
                failed = true;
            }
            else if (value is { } v)
            {
                table[code] = v;
            }

            failed |= value is null;
        }

        return failed ? null : table;
    }

    private string? ValueMetric(ConfigurationNode node, string path) =>
        Text(node, path, metric =>
            UnknownMetric(metric)
            ?? (metric == MetricVocabulary.PlantState ? "plant_state is read through modbus.state (a code register or contacts), not as a value" : null));

    private int? RegisterAddress(ConfigurationNode node, string path) =>
        Parsed<int>(
            node,
            path,
            ProfileFormats.TryParseAddress,
            "a register address: write the PDU address (register number − 1) in decimal (1000) or hex (0x3E8)",
            (address, text) => address is < 0 or > 65535 ? $"{text} is outside 0..65535, the PDU addresses of a Modbus table" : null);

    private string? Host(ConfigurationNode node, string path) =>
        Text(node, path, text => Uri.CheckHostName(text) == UriHostNameType.Unknown ? $"'{text}' is not a host name or IP address" : null);

    private int? Baud(ConfigurationNode node, string path) =>
        Parsed<int>(
            node,
            path,
            int.TryParse,
            "a baud rate",
            (baud, text) => BaudRates.Contains(baud) ? null : $"{text} is not a baud rate of the Modbus serial line: use {string.Join(", ", BaudRates)}");

    /// <summary>RTU analysers may share a port (one RS-485 line) at the line's settings; nothing else shares a port.</summary>
    private void CheckSharedPort(SensorEntry sensor, SensorEntry samePort, string port)
    {
        if (sensor.Profile.Analyser?.Endpoint is ModbusRtuEndpoint line && samePort.Profile.Analyser?.Endpoint is ModbusRtuEndpoint earlierLine)
        {
            if (line != earlierLine)
            {
                Error(
                    Join(sensor.Path, "port"),
                    $"'{port}' is already used by {samePort.Path} at {Describe(earlierLine)}; every analyser on one RS-485 line uses the line's baud, parity and stop bits",
                    sensor.PortAt);
            }

            return;
        }

        Error(Join(sensor.Path, "port"), $"'{port}' is already used by {samePort.Path}", sensor.PortAt);
    }

    /// <summary>One unit id per line or endpoint, and one sensor per GPIO pin.</summary>
    private void CheckSharedEndpoint(SensorEntry sensor, List<SensorEntry> earlier)
    {
        if (sensor.Profile.Analyser is not { } link)
        {
            return;
        }

        if (link.Endpoint is { } endpoint
            && earlier.FirstOrDefault(e => e.Profile.Analyser is { Endpoint: { } other } earlierLink && SameLine(other, endpoint) && earlierLink.Unit == link.Unit) is { } sameUnit)
        {
            Error(
                Join(sensor.Path, "unit"),
                $"unit {link.Unit} on {Describe(endpoint)} is already read by {sameUnit.Path}; each analyser on one line or endpoint has its own unit id",
                sensor.PortAt);
        }

        foreach (var pin in link.Map.Pins)
        {
            if (earlier.FirstOrDefault(e => e.Profile.Analyser?.Map.Pins.Contains(pin) == true) is { } samePin)
            {
                Error(Join(sensor.Path, "modbus"), $"GPIO pin {pin} is already read by {samePin.Path}", sensor.ModbusAt);
            }
        }
    }

    private static bool SameLine(ModbusEndpoint a, ModbusEndpoint b) => (a, b) switch
    {
        (ModbusRtuEndpoint x, ModbusRtuEndpoint y) => x.PortName == y.PortName,
        (ModbusTcpEndpoint x, ModbusTcpEndpoint y) => string.Equals(x.Host, y.Host, StringComparison.OrdinalIgnoreCase) && x.Port == y.Port,
        _ => false,
    };

    private static string Describe(ModbusEndpoint endpoint) => endpoint switch
    {
        ModbusTcpEndpoint tcp => $"{tcp.Host}:{tcp.Port}",
        ModbusRtuEndpoint rtu => $"'{rtu.PortName}'",
        _ => endpoint.ToString(),
    };

    private static string Describe(ModbusRtuEndpoint line) =>
        $"{line.Baud} baud, parity {Parities.First(p => p.Value == line.Parity).Name}, {StopBitCounts.First(s => s.Value == line.StopBits).Name} stop bit{(line.StopBits == StopBits.One ? "" : "s")}";

    private static string Describe(RegisterSpan span) => span.Count == 1 ? $"{span.Address}" : $"{span.Address}..{span.End - 1}";

    private static bool Overlap(RegisterSpan a, RegisterSpan b) => a.Table == b.Table && a.Address < b.End && b.Address < a.End;
}
