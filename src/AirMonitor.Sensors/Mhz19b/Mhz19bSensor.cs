using AirMonitor.Core.Metrics;

namespace AirMonitor.Sensors.Mhz19b;

/// <summary>An MH-Z19B as the sampler sees it: one read command per reading, CO2 in ppm.</summary>
/// <param name="automaticBaselineCorrection">Set at start when given; null leaves the sensor's own setting.</param>
public sealed class Mhz19bSensor(Mhz19b driver, string model, bool? automaticBaselineCorrection = null) : ISensor
{
    public string Model => model;

    public TimeSpan WarmUp => Mhz19b.WarmUp;

    public void Start()
    {
        if (automaticBaselineCorrection is { } enabled)
        {
            driver.SetAutomaticBaselineCorrection(enabled);
        }
    }

    public SensorReading Read()
    {
        try
        {
            return driver.TryReadCo2(out var co2, out var fault, out var detail)
                ? SensorReading.Of(new Dictionary<string, double> { [MetricVocabulary.Co2] = co2 })
                : SensorReading.Failed(fault, detail);
        }
        catch (IOException e)
        {
            return SensorReading.Failed(SensorFault.BusError, e.Message);
        }
    }

    public void Dispose() => driver.Dispose();
}
