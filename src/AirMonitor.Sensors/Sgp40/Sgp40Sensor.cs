using AirMonitor.Core.Metrics;

namespace AirMonitor.Sensors.Sgp40;

/// <summary>
/// An SGP40 as the edge samples it: each read measures the raw signal and feeds it to Sensirion's
/// <see cref="VocIndexAlgorithm"/>, reporting <c>voc_index</c>. Read it once per algorithm sampling interval
/// (default 1 s): the algorithm counts samples, not clock time.
/// </summary>
/// <remarks>
/// Humidity compensation: set <see cref="Compensation"/> to a function that gives the current relative humidity and
/// temperature (the edge wires it to a climate sensor beside the SGP40, e.g. a BME280 or SHT4x); null, or a null
/// answer, measures uncompensated. The index is 0 during the algorithm's initial blackout.
/// </remarks>
public sealed class Sgp40Sensor : ISensor
{
    /// <summary>
    /// Datasheet v1.1, Table 1, switch-on behaviour: VOC events are reliably detected after &lt; 60 s, the specifications
    /// are met after &lt; 1 h. The algorithm's initial blackout (46 samples, at most 460 s) lies within that hour.
    /// </summary>
    public static readonly TimeSpan SpecificationsMetAfterSwitchOn = TimeSpan.FromHours(1);

    private readonly Sgp40 _sgp40;
    private readonly VocIndexAlgorithm _algorithm;

    /// <param name="sgp40">The driver; disposed with this sensor.</param>
    /// <param name="samplingIntervalSeconds">Seconds between reads (1–10), as the profile samples this sensor.</param>
    /// <param name="compensation">Current humidity and temperature for on-chip compensation; see <see cref="Compensation"/>.</param>
    public Sgp40Sensor(Sgp40 sgp40, int samplingIntervalSeconds = 1, Func<(double HumidityPercent, double TemperatureCelsius)?>? compensation = null)
    {
        ArgumentNullException.ThrowIfNull(sgp40);
        _sgp40 = sgp40;
        _algorithm = new VocIndexAlgorithm(samplingIntervalSeconds);
        Compensation = compensation;
        WarmUp = _algorithm.BlackoutDuration > SpecificationsMetAfterSwitchOn ? _algorithm.BlackoutDuration : SpecificationsMetAfterSwitchOn;
    }

    public string Model => "sgp40";

    /// <inheritdoc cref="SpecificationsMetAfterSwitchOn"/>
    public TimeSpan WarmUp { get; }

    /// <summary>
    /// Called at each read for the current relative humidity (%) and temperature (°C); null (the property or its
    /// answer) measures without compensation. Values outside 0–100 %RH and −45–130 °C are clamped.
    /// </summary>
    public Func<(double HumidityPercent, double TemperatureCelsius)?>? Compensation { get; set; }

    /// <summary>
    /// Nothing to send: the first raw measurement turns the hotplate on. The algorithm keeps what it learned across a
    /// restart after a failed read (the reference resets it only after a long interruption; its blackout would otherwise repeat).
    /// </summary>
    public void Start()
    {
    }

    public SensorReading Read()
    {
        var climate = Compensation?.Invoke();
        try
        {
            if (!_sgp40.TryMeasureRaw(climate?.HumidityPercent, climate?.TemperatureCelsius, out var rawTicks))
            {
                return SensorReading.Failed(SensorFault.CrcError, "SGP40: CRC mismatch");
            }

            return SensorReading.Of(new Dictionary<string, double> { [MetricVocabulary.VocIndex] = _algorithm.Process(rawTicks) });
        }
        catch (IOException e)
        {
            return SensorReading.Failed(SensorFault.BusError, $"SGP40: {e.Message}");
        }
    }

    public void Dispose() => _sgp40.Dispose();
}
