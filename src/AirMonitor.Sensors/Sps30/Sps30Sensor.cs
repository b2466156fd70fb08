using AirMonitor.Core.Metrics;

namespace AirMonitor.Sensors.Sps30;

/// <summary>The SPS30 as the edge samples it: mass concentrations PM1.0/2.5/4.0/10 once a second.</summary>
public sealed class Sps30Sensor : ISensor
{
    private readonly Sps30 _sps30;
    private bool _measuring;

    /// <param name="sps30">The driver; disposed with this sensor.</param>
    public Sps30Sensor(Sps30 sps30)
    {
        ArgumentNullException.ThrowIfNull(sps30);
        _sps30 = sps30;
    }

    public string Model => "sps30";

    /// <summary>Datasheet 1.1: stable number concentrations 8 s after start at 200–3000 #/cm³ (16 s below 200, 30 s below 100).</summary>
    public TimeSpan WarmUp { get; } = TimeSpan.FromSeconds(8);

    public void Start()
    {
        if (_measuring)
        {
            try
            {
                _sps30.StopMeasurement();
            }
            catch (IOException)
            {
                // Start is only accepted in idle mode; a device that reset is idle already and NACKs the stop.
            }
        }

        _sps30.StartMeasurement();
        _measuring = true;
    }

    public SensorReading Read()
    {
        try
        {
            if (!_sps30.TryReadMeasurement(out var measurement, out var fault))
            {
                return SensorReading.Failed(fault.Value, fault == SensorFault.NotReady ? "SPS30: data-ready flag clear" : "SPS30: CRC mismatch");
            }

            return SensorReading.Of(new Dictionary<string, double>
            {
                [MetricVocabulary.Pm1_0] = measurement.Pm1_0MicrogramsPerCubicMeter,
                [MetricVocabulary.Pm2_5] = measurement.Pm2_5MicrogramsPerCubicMeter,
                [MetricVocabulary.Pm4_0] = measurement.Pm4_0MicrogramsPerCubicMeter,
                [MetricVocabulary.Pm10] = measurement.Pm10MicrogramsPerCubicMeter,
            });
        }
        catch (IOException e)
        {
            return SensorReading.Failed(SensorFault.BusError, $"SPS30: {e.Message}");
        }
    }

    public void Dispose() => _sps30.Dispose();
}
