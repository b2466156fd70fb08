using System.Globalization;

namespace AirMonitor.Sensors.Ads1115;

/// <summary>
/// A 4–20 mA transmitter (a plant analyser's output) read through a shunt on an ADS1115 channel, reported as the
/// loop's configured metric. Currents outside 3.8…20.5 mA (NAMUR NE43) are a fault: broken loop or over range.
/// </summary>
public sealed class LoopCurrentSensor(Ads1115Device adc, CurrentLoop loop) : ISensor
{
    public const string ModelName = "ads1115-4-20ma";

    public Ads1115Device Adc { get; } = adc ?? throw new ArgumentNullException(nameof(adc));

    public CurrentLoop Loop { get; } = loop ?? throw new ArgumentNullException(nameof(loop));

    public string Model => ModelName;

    /// <summary>None: the transmitter's own warm-up is its concern (it signals it with NE43 currents).</summary>
    public TimeSpan WarmUp => TimeSpan.Zero;

    /// <summary>Nothing to start: each read is one single-shot conversion.</summary>
    public void Start()
    {
    }

    public SensorReading Read()
    {
        try
        {
            if (!Adc.TryConvert(Ads1115Scale.SingleEnded(Loop.Channel), Loop.FullScale, Ads1115DataRate.Sps128, out var conversion))
            {
                return SensorReading.Failed(SensorFault.NotReady, $"{ModelName}: conversion did not complete");
            }

            var milliamps = Loop.Milliamps(conversion.Volts);
            if (milliamps < CurrentLoop.MinimumMilliamps)
            {
                return SensorReading.Failed(SensorFault.NoValue, string.Create(CultureInfo.InvariantCulture, $"{ModelName}: loop current {milliamps:F2} mA below {CurrentLoop.MinimumMilliamps} mA (NE43): broken loop or transmitter failure"));
            }

            if (milliamps > CurrentLoop.MaximumMilliamps)
            {
                return SensorReading.Failed(SensorFault.NoValue, string.Create(CultureInfo.InvariantCulture, $"{ModelName}: loop current {milliamps:F2} mA above {CurrentLoop.MaximumMilliamps} mA (NE43): over range or transmitter failure"));
            }

            return SensorReading.Of(new Dictionary<string, double> { [Loop.Metric] = Loop.Value(milliamps) });
        }
        catch (IOException e)
        {
            return SensorReading.Failed(SensorFault.BusError, $"{ModelName}: {e.Message}");
        }
    }

    public void Dispose() => Adc.Dispose();
}
