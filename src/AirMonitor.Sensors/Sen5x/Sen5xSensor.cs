using AirMonitor.Core.Metrics;

namespace AirMonitor.Sensors.Sen5x;

/// <summary>A SEN5x as the edge samples it: PM, and by variant humidity, temperature, VOC and NOx index, once a second.</summary>
public sealed class Sen5xSensor : ISensor
{
    private readonly Sen5x _sen5x;
    private bool _measuring;

    /// <param name="sen5x">The driver; disposed with this sensor.</param>
    public Sen5xSensor(Sen5x sen5x)
    {
        ArgumentNullException.ThrowIfNull(sen5x);
        _sen5x = sen5x;
        Model = sen5x.Variant switch
        {
            Sen5xVariant.Sen50 => "sen50",
            Sen5xVariant.Sen54 => "sen54",
            _ => "sen55",
        };

        // PM as the SPS30 (stable after 8 s at 200–3000 #/cm³); the VOC/NOx index needs its MOx sensor's start-up (< 60 s).
        WarmUp = sen5x.Variant == Sen5xVariant.Sen50 ? TimeSpan.FromSeconds(8) : TimeSpan.FromSeconds(60);
    }

    public string Model { get; }

    public TimeSpan WarmUp { get; }

    public void Start()
    {
        if (_measuring)
        {
            try
            {
                _sen5x.StopMeasurement();
            }
            catch (IOException)
            {
                // A device that reset is idle already; start is what matters.
            }
        }

        _sen5x.StartMeasurement();
        _measuring = true;
    }

    public SensorReading Read()
    {
        try
        {
            if (!_sen5x.TryReadMeasurement(out var measurement, out var fault))
            {
                return SensorReading.Failed(fault.Value, fault switch
                {
                    SensorFault.NotReady => $"{Model}: data-ready flag clear",
                    SensorFault.NoValue => $"{Model}: every value came as the no-value code",
                    _ => $"{Model}: CRC mismatch",
                });
            }

            return SensorReading.Of(
                (MetricVocabulary.Pm1_0, measurement.Pm1_0MicrogramsPerCubicMeter),
                (MetricVocabulary.Pm2_5, measurement.Pm2_5MicrogramsPerCubicMeter),
                (MetricVocabulary.Pm4_0, measurement.Pm4_0MicrogramsPerCubicMeter),
                (MetricVocabulary.Pm10, measurement.Pm10MicrogramsPerCubicMeter),
                (MetricVocabulary.Humidity, measurement.HumidityPercent),
                (MetricVocabulary.Temperature, measurement.TemperatureCelsius),
                (MetricVocabulary.VocIndex, measurement.VocIndex),
                (MetricVocabulary.NoxIndex, measurement.NoxIndex));
        }
        catch (IOException e)
        {
            return SensorReading.Failed(SensorFault.BusError, $"{Model}: {e.Message}");
        }
    }

    public void Dispose() => _sen5x.Dispose();
}
