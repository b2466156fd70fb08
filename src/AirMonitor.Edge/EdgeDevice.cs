using AirMonitor.Edge.Profiles;
using AirMonitor.Edge.Sampling;
using AirMonitor.Sensors;
using AirMonitor.Sensors.Sgp40;

namespace AirMonitor.Edge;

/// <summary>The device a profile describes: its sensors (real or simulated) and one sampler each.</summary>
public sealed class EdgeDevice : IDisposable
{
    private readonly List<ISensor> _sensors = [];

    private EdgeDevice(DeviceProfile profile, SimulatedAir? air)
    {
        Profile = profile;
        Air = air;
    }

    public DeviceProfile Profile { get; }

    public string Id => Profile.DeviceId;

    /// <summary>The air simulated sensors measure; null on real hardware.</summary>
    public SimulatedAir? Air { get; }

    public IReadOnlyList<SensorSampler> Samplers { get; private set; } = [];

    internal IReadOnlyList<ISensor> Sensors => _sensors;

    public static EdgeDevice Create(DeviceProfile profile, TimeProvider time)
    {
        var device = new EdgeDevice(profile, profile.Simulated ? new SimulatedAir() : null);
        var conditions = new DeviceConditions(time);
        var samplers = new List<SensorSampler>();
        foreach (var sensorProfile in profile.Sensors)
        {
            var sensor = device.Open(sensorProfile, conditions);
            device._sensors.Add(sensor);
            samplers.Add(new SensorSampler(sensor, SamplerSettings.From(sensorProfile), conditions, time));
        }

        device.Samplers = samplers;
        return device;
    }

    public void Dispose()
    {
        foreach (var sensor in _sensors)
        {
            sensor.Dispose();
        }
    }

    private ISensor Open(SensorProfile sensor, DeviceConditions conditions)
    {
        if (!SensorModels.TryFind(sensor.Model, out var family))
        {
            throw new ArgumentException($"{Profile.SourceName}: sensor '{sensor.Name}': no driver for model '{sensor.Model}'");
        }

        var connection = sensor.ToConnection();
        if (Air is not null)
        {
            return Compensated(family.CreateSimulated(connection, Air), conditions);
        }

        // A bus that is not there yet (I2C disabled, a USB serial adapter unplugged) is retried by the sampler, not fatal.
        return new DeferredSensor(sensor.Model, sensor.WarmUp, () => Compensated(family.Create(connection), conditions));
    }

    // A gas sensor that compensates on chip gets the device's climate sensor's latest humidity and temperature.
    private static ISensor Compensated(ISensor sensor, DeviceConditions conditions)
    {
        if (sensor is Sgp40Sensor sgp40)
        {
            sgp40.Compensation = conditions.CurrentClimate;
        }

        return sensor;
    }

    /// <summary>Opens its sensor on the first <see cref="Start"/>, and again after a failed one.</summary>
    private sealed class DeferredSensor(string model, TimeSpan? warmUp, Func<ISensor> open) : ISensor
    {
        private ISensor? _sensor;

        public string Model => model;

        public TimeSpan WarmUp => warmUp ?? _sensor?.WarmUp ?? TimeSpan.FromSeconds(30);

        public void Start()
        {
            _sensor ??= open();
            _sensor.Start();
        }

        public SensorReading Read() =>
            _sensor?.Read() ?? SensorReading.Failed(SensorFault.BusError, "sensor not opened");

        public void Dispose() => _sensor?.Dispose();
    }
}
