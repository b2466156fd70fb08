using System.Collections.ObjectModel;
using AirMonitor.Core.Configuration;
using AirMonitor.Core.Contract;
using AirMonitor.Core.Metrics;
using AirMonitor.Core.Stations;
using AirMonitor.Mqtt;
using AirMonitor.Sensors.ModbusAnalyser;
using YamlDotNet.Core;

namespace AirMonitor.Edge.Profiles;

/// <summary>The device profile schema: which keys, which values, and the checks across keys and sensors.</summary>
internal sealed partial class DeviceProfileReader : ConfigurationReader
{
    private const int MaxParameterNameLength = 64;
    private const int MaxAverage = 1_000;
    private const int MaxI2cBus = 255;
    private const long MinOutboxBytes = 1L << 20;
    private const long MaxOutboxBytes = 64L << 30;

    // The sampler's SamplerSettings.SubSampleSpacing: sub-readings of one reading are this far apart.
    private static readonly TimeSpan SubSampleSpacing = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);

    private static readonly string[] RootKeys = ["device", "mqtt", "outbox", "sensors"];
    private static readonly string[] RequiredRootKeys = ["device", "mqtt", "sensors"];
    private static readonly string[] DeviceKeys = ["id", "station", "simulated"];
    private static readonly string[] RequiredDeviceKeys = ["id"];
    private static readonly string[] MqttKeys = ["url", "client_id", "credentials_file", "ca_file", "cert_file", "key_file"];
    private static readonly string[] RequiredMqttKeys = ["url"];
    private static readonly string[] OutboxKeys = ["path", "max_size", "resend_after"];
    private static readonly string[] SensorKeys =
    [
        "name", "model", "bus", "i2c_bus", "address", "port", "host", "tcp_port", "baud", "parity", "stop_bits", "unit", "timeout", "retries",
        "interval", "warmup", "average", "calibration", "parameters", "modbus",
    ];
    private static readonly string[] RequiredSensorKeys = ["model", "bus", "interval"];
    private static readonly string[] CalibrationKeys = ["slope", "offset"];
    private static readonly (string Name, SensorBus Value)[] Buses =
        [("i2c", SensorBus.I2c), ("uart", SensorBus.Uart), ("modbus-tcp", SensorBus.ModbusTcp), ("modbus-rtu", SensorBus.ModbusRtu), ("gpio", SensorBus.Gpio)];

    private static readonly SensorBus[] ModbusBuses = [SensorBus.ModbusTcp, SensorBus.ModbusRtu];

    // The keys that belong to a bus: given on any other, each is an error.
    private static readonly (string Key, SensorBus[] Buses)[] BusKeys =
    [
        ("i2c_bus", [SensorBus.I2c]),
        ("address", [SensorBus.I2c]),
        ("port", [SensorBus.Uart, SensorBus.ModbusRtu]),
        ("host", [SensorBus.ModbusTcp]),
        ("tcp_port", [SensorBus.ModbusTcp]),
        ("baud", [SensorBus.ModbusRtu]),
        ("parity", [SensorBus.ModbusRtu]),
        ("stop_bits", [SensorBus.ModbusRtu]),
        ("unit", ModbusBuses),
        ("timeout", ModbusBuses),
        ("retries", ModbusBuses),
        ("modbus", [.. ModbusBuses, SensorBus.Gpio]),
    ];

    // The keys a bus cannot do without, with what to write.
    private static readonly (SensorBus Bus, string Key, string What)[] RequiredBusKeys =
    [
        (SensorBus.Uart, "port", "the serial device, e.g. /dev/ttyAMA0"),
        (SensorBus.ModbusRtu, "port", "the serial device of the RS-485 line, e.g. /dev/ttyUSB0"),
        (SensorBus.ModbusTcp, "host", "the analyser's or its gateway's host name or IP address"),
        (SensorBus.ModbusTcp, "modbus", "the analyser's register map"),
        (SensorBus.ModbusRtu, "modbus", "the analyser's register map"),
        (SensorBus.Gpio, "modbus", "the contacts' map: status and state"),
    ];

    private readonly IReadOnlySet<string> _knownModels;
    private readonly StationRegistry? _stations;

    private DeviceProfileReader(IReadOnlySet<string> knownModels, StationRegistry? stations)
    {
        _knownModels = knownModels;
        _stations = stations;
    }

    public static (DeviceProfile? Profile, IReadOnlyList<string> Errors) Read(
        string yaml, string sourceName, IReadOnlySet<string> knownModels, StationRegistry? stations)
    {
        var reader = new DeviceProfileReader(knownModels, stations);
        var profile = reader.ReadDocument(yaml, sourceName);
        return reader.Errors.Count == 0 ? (profile, reader.Errors) : (null, reader.Errors);
    }

    private DeviceProfile? ReadDocument(string yaml, string sourceName)
    {
        if (Root(yaml, "", $"the file has no YAML content; expected the keys {string.Join(", ", RootKeys)}") is not { } document)
        {
            return null;
        }

        var root = Mapping(document, "", RootKeys, RequiredRootKeys, $"a mapping with the keys {string.Join(", ", RootKeys)}");
        if (root is null)
        {
            return null;
        }

        var device = Value(root, "", "device", ReadDevice);
        var mqtt = Value(root, "", "mqtt", (node, path) => ReadMqtt(node, path, device?.Id));
        var outbox = root.ContainsKey("outbox") ? Value(root, "", "outbox", ReadOutbox) : OutboxProfile.Default;
        var sensors = Value(root, "", "sensors", ReadSensors);
        if (device is null || mqtt is null || outbox is null || sensors is null)
        {
            return null;
        }

        return new DeviceProfile(device.Value.Id, device.Value.Station, device.Value.Simulated, mqtt, outbox, sensors)
        {
            SourceName = sourceName,
        };
    }

    private (string Id, string? Station, bool Simulated)? ReadDevice(ConfigurationNode node, string path)
    {
        var keys = Mapping(node, path, DeviceKeys, RequiredDeviceKeys, $"a mapping of {string.Join(", ", DeviceKeys)}");
        if (keys is null)
        {
            return null;
        }

        var id = Value(keys, path, "id", (n, p) => Id(n, p, "device id"));
        var station = Value(keys, path, "station", (n, p) => Id(n, p, "station id"));
        var simulated = Value(keys, path, "simulated", Boolean) ?? false;
        if (id is null)
        {
            return null;
        }

        CheckRegistration(id, station, keys, path, node.Start);
        return (id, station, simulated);
    }

    /// <summary>With a registry, the device must be listed under the station its profile names (or be absent from it, unnamed).</summary>
    private void CheckRegistration(string id, string? station, Dictionary<string, ConfigurationNode> keys, string path, Mark deviceAt)
    {
        if (_stations is null || (station is null && keys.ContainsKey("station")))
        {
            return;
        }

        _stations.TryFindByDevice(id, out var registered);
        if (station is null)
        {
            if (registered is not null)
            {
                Error(Join(path, "station"), $"required key is missing: the station registry lists device '{id}' under station '{registered.Id}'", deviceAt);
            }

            return;
        }

        var stationAt = keys["station"].Start;
        if (_stations.FindStation(station) is null)
        {
            var hint = Hint(station, _stations.Stations.Select(s => s.Id));
            Error(Join(path, "station"), $"unknown station '{station}'; {hint}it is not in the station registry", stationAt);
        }
        else if (registered is null)
        {
            Error(Join(path, "id"), $"device '{id}' is not listed under station '{station}' in the station registry", keys["id"].Start);
        }
        else if (registered.Id != station)
        {
            Error(Join(path, "station"), $"the station registry lists device '{id}' under station '{registered.Id}', not '{station}'", stationAt);
        }
    }

    private MqttProfile? ReadMqtt(ConfigurationNode node, string path, string? deviceId)
    {
        var keys = Mapping(node, path, MqttKeys, RequiredMqttKeys, $"a mapping of {string.Join(", ", MqttKeys)}");
        if (keys is null)
        {
            return null;
        }

        var url = Value(keys, path, "url", BrokerUrl);
        var clientId = Value(keys, path, "client_id", ClientId) ?? deviceId;
        var credentials = Value(keys, path, "credentials_file", CredentialsFile);
        var caFile = Value(keys, path, "ca_file", FilePath);
        var certFile = Value(keys, path, "cert_file", FilePath);
        var keyFile = Value(keys, path, "key_file", FilePath);
        if (certFile is null != keyFile is null)
        {
            var (given, missing) = certFile is null ? ("key_file", "cert_file") : ("cert_file", "key_file");
            Error(Join(path, missing), $"required with {given}: a client certificate and its private key go together", keys[given].Start);
        }

        if ((caFile ?? certFile) is not null && url is not null && !url.StartsWith("mqtts://", StringComparison.Ordinal))
        {
            Error(Join(path, "url"), $"'{url}' is not mqtts://: ca_file, cert_file and key_file are for TLS", keys["url"].Start);
        }

        return url is null || clientId is null ? null : new MqttProfile(url, clientId, credentials, caFile, certFile, keyFile);
    }

    private OutboxProfile? ReadOutbox(ConfigurationNode node, string path)
    {
        var keys = Mapping(node, path, OutboxKeys, [], $"a mapping of {string.Join(", ", OutboxKeys)}");
        if (keys is null)
        {
            return null;
        }

        var file = Value(keys, path, "path", FilePath) ?? OutboxProfile.DefaultPath;
        var maxSize = Value(keys, path, "max_size", (n, p) => Size(n, p, MinOutboxBytes, MaxOutboxBytes)) ?? OutboxProfile.DefaultMaxSizeBytes;
        var resendAfter = Value(keys, path, "resend_after", (n, p) => Duration(n, p, MinInterval, MaxDuration)) ?? OutboxProfile.DefaultResendAfter;
        return new OutboxProfile(file, maxSize, resendAfter);
    }

    private ReadOnlyCollection<SensorProfile>? ReadSensors(ConfigurationNode node, string path)
    {
        var earlier = new List<SensorEntry>();
        var sensors = Items(node, path, "a list of sensors", "must list at least one sensor", (item, itemPath) =>
        {
            var sensor = ReadSensor(item, itemPath);
            if (sensor is not null)
            {
                CheckAgainstEarlier(sensor, earlier);
                earlier.Add(sensor);
            }

            return sensor;
        });
        return sensors?.Select(s => s.Profile).ToList().AsReadOnly();
    }

    private SensorEntry? ReadSensor(ConfigurationNode node, string path)
    {
        var keys = Mapping(node, path, SensorKeys, RequiredSensorKeys, $"a sensor (a mapping of {string.Join(", ", SensorKeys)})");
        if (keys is null)
        {
            return null;
        }

        var model = Value(keys, path, "model", Model);
        var name = keys.ContainsKey("name") ? Value(keys, path, "name", SensorName) : model;
        var bus = Value(keys, path, "bus", (n, p) => OneOf(n, p, "bus", Buses));
        var i2cBus = Value(keys, path, "i2c_bus", (n, p) => WholeNumber(n, p, 0, MaxI2cBus));
        var address = Value(keys, path, "address", Address);
        var port = Value(keys, path, "port", SerialPort);
        var interval = Value(keys, path, "interval", (n, p) => Duration(n, p, MinInterval, MaxDuration));
        var warmUp = Value(keys, path, "warmup", (n, p) => Duration(n, p, TimeSpan.Zero, MaxDuration));
        var average = Value(keys, path, "average", (n, p) => WholeNumber(n, p, 1, MaxAverage));
        var calibration = Value(keys, path, "calibration", ReadCalibration) ?? ReadOnlyDictionary<string, CalibrationProfile>.Empty;
        var parameters = Value(keys, path, "parameters", ReadParameters) ?? ReadOnlyDictionary<string, string>.Empty;
        var analyser = ReadAnalyserLink(bus, port, keys, path);

        CheckModelBus(model, bus, keys, path);
        CheckBusKeys(bus, keys, path, node.Start);
        if (average is { } count && interval is { } every && count * SubSampleSpacing > every)
        {
            var most = (int)(every / SubSampleSpacing);
            Error(Join(path, "average"), $"{count} sub-readings {ProfileFormats.FormatDuration(SubSampleSpacing)} apart do not fit in the interval {ProfileFormats.FormatDuration(every)}; use at most {most}", keys["average"].Start);
        }

        if (model is null || name is null || bus is null || interval is null || (keys.ContainsKey("modbus") && analyser is null))
        {
            return null;
        }

        var profile = new SensorProfile(
            name, model, bus.Value, bus == SensorBus.I2c ? i2cBus ?? 1 : 1, address, port, interval.Value, warmUp, average ?? 1, calibration, parameters, analyser);
        var nameAt = keys.TryGetValue("name", out var nameNode) ? nameNode.Start : keys["model"].Start;
        return new SensorEntry(
            profile,
            path,
            nameAt,
            !keys.ContainsKey("name"),
            keys.GetValueOrDefault("address")?.Start ?? node.Start,
            (keys.GetValueOrDefault("port") ?? keys.GetValueOrDefault("host"))?.Start ?? node.Start,
            keys.GetValueOrDefault("modbus")?.Start ?? node.Start);
    }

    /// <summary>Each bus has its own keys (<see cref="BusKeys"/>), and some it needs (<see cref="RequiredBusKeys"/>).</summary>
    private void CheckBusKeys(SensorBus? bus, Dictionary<string, ConfigurationNode> keys, string path, Mark sensorAt)
    {
        if (bus is not { } own)
        {
            return;
        }

        foreach (var (key, buses) in BusKeys.Where(k => keys.ContainsKey(k.Key) && !k.Buses.Contains(own)))
        {
            Error(Join(path, key), $"only applies to bus: {string.Join(", ", buses.Select(BusName))}; this sensor is on bus: {BusName(own)}", keys[key].Start);
        }

        foreach (var (_, key, what) in RequiredBusKeys.Where(r => r.Bus == own && !keys.ContainsKey(r.Key)))
        {
            Error(Join(path, key), $"required for bus: {BusName(own)} ({what})", sensorAt);
        }
    }

    /// <summary>A plant analyser is read over Modbus or its contacts, and nothing else is.</summary>
    private void CheckModelBus(string? model, SensorBus? bus, Dictionary<string, ConfigurationNode> keys, string path)
    {
        if (model is null || bus is not { } own)
        {
            return;
        }

        var analyserBus = own is SensorBus.ModbusTcp or SensorBus.ModbusRtu or SensorBus.Gpio;
        if (model == ModbusAnalyserSensor.ModelName && !analyserBus)
        {
            Error(Join(path, "bus"), $"a {model} is read over bus: modbus-tcp, modbus-rtu or gpio, not {BusName(own)}", keys["bus"].Start);
        }
        else if (model != ModbusAnalyserSensor.ModelName && analyserBus)
        {
            Error(Join(path, "bus"), $"bus: {BusName(own)} is for model {ModbusAnalyserSensor.ModelName}; a {model} is on bus: i2c or uart", keys["bus"].Start);
        }
    }

    private static string BusName(SensorBus bus) => Buses.First(b => b.Value == bus).Name;

    private void CheckAgainstEarlier(SensorEntry sensor, List<SensorEntry> earlier)
    {
        var profile = sensor.Profile;
        if (earlier.FirstOrDefault(e => e.Profile.Name == profile.Name) is { } sameName)
        {
            var reason = sensor.NamedByModel
                ? $"duplicate sensor name '{profile.Name}' (the model, as no name is set), already used by {sameName.Path}; give each sensor of one model its own name"
                : $"duplicate sensor name '{profile.Name}', already used by {sameName.Path}";
            Error(Join(sensor.Path, "name"), reason, sensor.NameAt);
        }

        if (profile.Port is { } port && earlier.FirstOrDefault(e => e.Profile.Port == port) is { } samePort)
        {
            CheckSharedPort(sensor, samePort, port);
        }

        CheckSharedEndpoint(sensor, earlier);

        // Sensors of one model may share an address: they are channels of one converter (an ADS1115's four inputs).
        if (profile is { Bus: SensorBus.I2c, Address: { } address }
            && earlier.FirstOrDefault(e => e.Profile is { Bus: SensorBus.I2c } other && other.I2cBus == profile.I2cBus && other.Address == address && other.Model != profile.Model) is { } sameAddress)
        {
            Error(
                Join(sensor.Path, "address"),
                $"{ProfileFormats.FormatAddress(address)} on I2C bus {profile.I2cBus} is already used by {sameAddress.Path}, a {sameAddress.Profile.Model}; only sensors of one model (channels of one converter) may share an address",
                sensor.AddressAt);
        }
    }

    private ReadOnlyDictionary<string, CalibrationProfile>? ReadCalibration(ConfigurationNode node, string path) =>
        NamedValues(
            node,
            path,
            "a mapping of metric name to slope and offset",
            metric =>
                UnknownMetric(metric) is { } unknown ? unknown
                : metric == MetricVocabulary.Pm2_5Cf1 ? "pm2_5_cf1 is never calibrated: the US EPA correction is fitted on the raw CF=1 value; calibrate pm2_5 instead"
                : null,
            ReadMetricCalibration);

    private CalibrationProfile? ReadMetricCalibration(string metric, ConfigurationNode node, string path)
    {
        var keys = Mapping(node, path, CalibrationKeys, [], "a mapping of slope, offset");
        if (keys is null)
        {
            return null;
        }

        if (node is ConfigurationMapping { Entries.Count: 0 })
        {
            Error(path, "set slope, offset or both", node.Start);
            return null;
        }

        var slope = Value(keys, path, "slope", Slope);
        var offset = Value(keys, path, "offset", (n, p) => Number(n, p));
        return (keys.ContainsKey("slope") && slope is null) || (keys.ContainsKey("offset") && offset is null)
            ? null
            : new CalibrationProfile(metric, slope ?? 1, offset ?? 0);
    }

    private ReadOnlyDictionary<string, string>? ReadParameters(ConfigurationNode node, string path) =>
        NamedValues(
            node,
            path,
            "a mapping of parameter name to value",
            name => IsParameterName(name) ? null : $"'{name}' is not a valid parameter name: use a lowercase letter, then lowercase letters, digits or '_' (at most {MaxParameterNameLength})",
            (_, value, valuePath) => Text(value, valuePath));

    private string? Id(ConfigurationNode node, string path, string what) =>
        Text(node, path, text =>
            !DeviceId.IsWellFormed(text) ? NotAnId(text, what)
            : !DeviceId.IsValid(text) ? $"'{text}' cannot be a {what}: it is the level of the alert topics (airmon/v1/{text}/…)"
            : null);

    private string? SensorName(ConfigurationNode node, string path) =>
        Text(node, path, text => DeviceId.IsWellFormed(text) ? null : NotAnId(text, "sensor name"));

    private string? ClientId(ConfigurationNode node, string path) =>
        Text(node, path, text => DeviceId.IsWellFormed(text) ? null : NotAnId(text, "client id"));

    private double? Slope(ConfigurationNode node, string path) =>
        Number(node, path, (slope, text) => slope <= 0 ? $"{text} is not a valid slope: it must be greater than 0" : null);

    private int? Address(ConfigurationNode node, string path) =>
        Parsed<int>(
            node,
            path,
            ProfileFormats.TryParseAddress,
            "an I2C address: write it in hex (0x69) or decimal (105)",
            (address, text) => address is < ProfileFormats.MinI2cAddress or > ProfileFormats.MaxI2cAddress
                ? $"{text} is outside {ProfileFormats.FormatAddress(ProfileFormats.MinI2cAddress)}..{ProfileFormats.FormatAddress(ProfileFormats.MaxI2cAddress)}, the 7-bit addresses a device may use"
                : null);

    private TimeSpan? Duration(ConfigurationNode node, string path, TimeSpan min, TimeSpan max) =>
        Parsed<TimeSpan>(
            node,
            path,
            ProfileFormats.TryParseDuration,
            "a duration: write a whole number and a unit, ms, s, m or h (e.g. 250ms, 10s, 5m)",
            (duration, text) =>
                duration < min ? $"{text} is shorter than the minimum {ProfileFormats.FormatDuration(min)}"
                : duration > max ? $"{text} is longer than the maximum {ProfileFormats.FormatDuration(max)}"
                : null);

    private long? Size(ConfigurationNode node, string path, long min, long max) =>
        Parsed<long>(
            node,
            path,
            ProfileFormats.TryParseSize,
            "a size: write a whole number and a unit, B, KB, MB, GB, KiB, MiB or GiB (e.g. 256MiB)",
            (bytes, text) => bytes < min || bytes > max ? $"{text} is outside {ProfileFormats.FormatSize(min)}..{ProfileFormats.FormatSize(max)}" : null);

    private string? Model(ConfigurationNode node, string path) =>
        Text(node, path, text =>
            _knownModels.Contains(text) ? null
            : $"unknown model '{text}'; {Hint(text, _knownModels)}known: {(_knownModels.Count == 0 ? "none" : string.Join(", ", _knownModels.Order(StringComparer.Ordinal)))}");

    private string? BrokerUrl(ConfigurationNode node, string path) =>
        Text(node, path, text =>
            (text.StartsWith("mqtt://", StringComparison.Ordinal) || text.StartsWith("mqtts://", StringComparison.Ordinal)) && MqttOptions.TryParseUrl(text, out _, out _, out _)
                ? null
                : $"'{text}' is not mqtt://host:port or mqtts://host:port");

    private string? SerialPort(ConfigurationNode node, string path) =>
        Text(node, path, text =>
            (text.StartsWith('/') && !text.Any(char.IsControl)) || (text is ['C', 'O', 'M', _, ..] && text[3..].All(char.IsAsciiDigit))
                ? null
                : $"'{text}' is not a serial device: expected a device path such as /dev/ttyAMA0 or /dev/serial0");

    private string? FilePath(ConfigurationNode node, string path) => Text(node, path, NotAFile);

    private string? CredentialsFile(ConfigurationNode node, string path) =>
        Text(node, path, text =>
            NotAFile(text)
            ?? (text.Contains(':', StringComparison.Ordinal) && !text.Contains('/', StringComparison.Ordinal) && !text.Contains('\\', StringComparison.Ordinal)
                ? "looks like a username:password, not a file path: put the credentials in a file and name the file here"
                : null));

    private static string? NotAFile(string text) =>
        text.Any(char.IsControl) ? $"'{text}' is not a file path: it contains a control character"
        : text.EndsWith('/') || text.EndsWith('\\') ? $"'{text}' names a directory; expected a file"
        : null;

    private static string NotAnId(string text, string what) =>
        $"'{text}' is not a valid {what}: use 1 to {DeviceId.MaxLength} characters from A-Z, a-z, 0-9, '_' and '-'";

    private static bool IsParameterName(string name) =>
        name.Length is > 0 and <= MaxParameterNameLength
        && char.IsAsciiLetterLower(name[0])
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    /// <summary>A sensor with where its name, address, port (or host) and Modbus map are written, for the checks across sensors.</summary>
    private sealed record SensorEntry(SensorProfile Profile, string Path, Mark NameAt, bool NamedByModel, Mark AddressAt, Mark PortAt, Mark ModbusAt);
}
