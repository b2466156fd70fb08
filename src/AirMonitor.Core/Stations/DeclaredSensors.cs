using System.Diagnostics.CodeAnalysis;

namespace AirMonitor.Core.Stations;

/// <summary>
/// What one device may write, as the station registry declares it (<c>devices: - {id: …, sensors: {…}}</c>): its sensors
/// by the name its samples carry, each with the metrics it reports. The ingest rejects a sample of any other sensor
/// (<c>undeclared_sensor</c>) or with any other metric (<c>undeclared_metric</c>).
/// </summary>
/// <param name="Sensors">Sensor name → its metrics, names of <see cref="Metrics.MetricVocabulary"/>; at least one sensor, each with at least one metric.</param>
public sealed record DeclaredSensors(IReadOnlyDictionary<string, IReadOnlySet<string>> Sensors)
{
    /// <summary>The metrics <paramref name="sensor"/> may report; <see langword="false"/> for a sensor the device does not declare.</summary>
    public bool TryGetMetrics(string sensor, [NotNullWhen(true)] out IReadOnlySet<string>? metrics) =>
        Sensors.TryGetValue(sensor, out metrics);
}
