using AirMonitor.Core.Metrics;

namespace AirMonitor.Sensors.Scd4x;

/// <summary>An SCD40/SCD41 as the edge samples it: CO2, temperature and humidity in periodic measurement.</summary>
public sealed class Scd4xSensor : ISensor
{
    private readonly Scd4x _scd4x;
    private readonly Scd4xMeasurementMode _mode;
    private readonly double? _ambientPressureHectopascals;
    private bool _measuring;

    /// <param name="scd4x">The driver; disposed with this sensor.</param>
    /// <param name="model">The profile's model name, <c>scd40</c> or <c>scd41</c>.</param>
    /// <param name="mode">Periodic (5 s) or low-power periodic (30 s).</param>
    /// <param name="ambientPressureHectopascals">Sent at start for CO2 pressure compensation; null keeps the sensor's setting (altitude, default 0 m).</param>
    public Scd4xSensor(Scd4x scd4x, string model = "scd41", Scd4xMeasurementMode mode = Scd4xMeasurementMode.Periodic, double? ambientPressureHectopascals = null)
    {
        ArgumentNullException.ThrowIfNull(scd4x);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        _scd4x = scd4x;
        _mode = mode;
        _ambientPressureHectopascals = ambientPressureHectopascals;
        Model = model;

        // No stabilisation time in the datasheet: the first reading comes one signal update interval after start.
        WarmUp = mode == Scd4xMeasurementMode.Periodic ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(30);
    }

    public string Model { get; }

    public TimeSpan WarmUp { get; }

    public void Start()
    {
        if (_measuring)
        {
            try
            {
                _scd4x.StopPeriodicMeasurement();
            }
            catch (IOException)
            {
                // A sensor that power-cycled is idle already; start is what matters.
            }
        }

        if (_ambientPressureHectopascals is { } pressure)
        {
            _scd4x.SetAmbientPressure(pressure);
        }

        if (_mode == Scd4xMeasurementMode.Periodic)
        {
            _scd4x.StartPeriodicMeasurement();
        }
        else
        {
            _scd4x.StartLowPowerPeriodicMeasurement();
        }

        _measuring = true;
    }

    public SensorReading Read()
    {
        try
        {
            if (!_scd4x.TryReadMeasurement(out var measurement, out var fault))
            {
                return SensorReading.Failed(fault.Value, fault == SensorFault.NotReady ? $"{Model}: no new data yet" : $"{Model}: CRC mismatch");
            }

            return SensorReading.Of(new Dictionary<string, double>
            {
                [MetricVocabulary.Co2] = measurement.Co2Ppm,
                [MetricVocabulary.Temperature] = measurement.TemperatureCelsius,
                [MetricVocabulary.Humidity] = measurement.HumidityPercent,
            });
        }
        catch (IOException e)
        {
            return SensorReading.Failed(SensorFault.BusError, $"{Model}: {e.Message}");
        }
    }

    public void Dispose() => _scd4x.Dispose();
}
