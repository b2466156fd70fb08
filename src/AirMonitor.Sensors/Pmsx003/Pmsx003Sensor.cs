using AirMonitor.Core.Metrics;

namespace AirMonitor.Sensors.Pmsx003;

/// <summary>
/// A PMS5003/7003/A003 as the sampler sees it: woken and put in passive mode at start, one frame per read. Reports the
/// atmospheric-environment PM values (µg/m³) and, beside them, the CF=1 PM2.5 (the input of the US EPA correction);
/// the other CF=1 values and the particle counts stay on <see cref="Pmsx003Measurement"/>.
/// </summary>
public sealed class Pmsx003Sensor(Pmsx003 driver, string model) : ISensor
{
    private bool _passive;

    public string Model => model;

    public TimeSpan WarmUp => Pmsx003.WarmUp;

    public void Start()
    {
        driver.WakeUp();
        _passive = driver.SetMode(Pmsx003Mode.Passive);
    }

    public SensorReading Read()
    {
        try
        {
            // Without passive mode acknowledged, frames may be stale ones the sensor streamed: no value rather than an old one.
            _passive = _passive || driver.SetMode(Pmsx003Mode.Passive);
            if (!_passive)
            {
                return SensorReading.Failed(SensorFault.Timeout, $"{model} did not acknowledge passive mode");
            }

            driver.RequestMeasurement();
            return driver.TryReadMeasurement(out var measurement, out var fault, out var detail)
                ? ToReading(measurement)
                : SensorReading.Failed(fault, detail);
        }
        catch (IOException e)
        {
            _passive = false;
            return SensorReading.Failed(SensorFault.BusError, e.Message);
        }
    }

    public void Dispose() => driver.Dispose();

    /// <summary>The canonical metrics of a frame: its atmospheric-environment PM1.0, PM2.5 and PM10, and its CF=1 PM2.5.</summary>
    internal static SensorReading ToReading(Pmsx003Measurement measurement) =>
        SensorReading.Of(new Dictionary<string, double>
        {
            [MetricVocabulary.Pm1_0] = measurement.Pm1_0AtmosphericMicrogramsPerCubicMeter,
            [MetricVocabulary.Pm2_5] = measurement.Pm2_5AtmosphericMicrogramsPerCubicMeter,
            [MetricVocabulary.Pm10] = measurement.Pm10AtmosphericMicrogramsPerCubicMeter,
            [MetricVocabulary.Pm2_5Cf1] = measurement.Pm2_5StandardMicrogramsPerCubicMeter,
        });
}

/// <summary>A PMSA003I as the sampler sees it: it always measures, so a read is one frame over I2C.</summary>
public sealed class Pmsa003iSensor(Pmsa003i driver, string model) : ISensor
{
    public string Model => model;

    public TimeSpan WarmUp => Pmsx003.WarmUp;

    public void Start()
    {
    }

    public SensorReading Read()
    {
        try
        {
            return driver.TryReadMeasurement(out var measurement, out var fault, out var detail)
                ? Pmsx003Sensor.ToReading(measurement)
                : SensorReading.Failed(fault, detail);
        }
        catch (IOException e)
        {
            return SensorReading.Failed(SensorFault.BusError, e.Message);
        }
    }

    public void Dispose() => driver.Dispose();
}
