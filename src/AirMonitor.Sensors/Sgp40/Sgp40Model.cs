using System.Device.I2c;
using System.Globalization;

namespace AirMonitor.Sensors.Sgp40;

/// <summary>
/// The SGP40 for device profiles: model <c>sgp40</c>, I2C address 0x59. Parameter <c>sampling_interval_s</c> (1–10,
/// default 1): the seconds between reads, which must match the profile's <c>interval</c> (and no <c>average</c>),
/// because the VOC algorithm counts samples. Humidity compensation is wired by the edge through
/// <see cref="Sgp40Sensor.Compensation"/>.
/// </summary>
public sealed class Sgp40Model : ISensorModel
{
    public const string SamplingIntervalParameter = "sampling_interval_s";

    public IReadOnlyList<string> Names { get; } = ["sgp40"];

    public ISensor Create(SensorConnection connection)
    {
        var interval = SamplingIntervalSeconds(connection);
        var device = I2cDevice.Create(new I2cConnectionSettings(connection.I2cBus, connection.Address ?? Sgp40.DefaultI2cAddress));
        return new Sgp40Sensor(new Sgp40(device), interval);
    }

    public ISensor CreateSimulated(SensorConnection connection, SimulatedAir air)
    {
        var interval = SamplingIntervalSeconds(connection);
        return new Sgp40Sensor(new Sgp40(new SimulatedSgp40(air, connection.Address ?? Sgp40.DefaultI2cAddress)), interval);
    }

    private static int SamplingIntervalSeconds(SensorConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.Parameter(SamplingIntervalParameter) is not { } text)
        {
            return 1;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 10
            ? seconds
            : throw new ArgumentException($"{connection.Model}: parameter '{SamplingIntervalParameter}' must be a whole number of seconds, 1–10 (is '{text}')", nameof(connection));
    }
}
