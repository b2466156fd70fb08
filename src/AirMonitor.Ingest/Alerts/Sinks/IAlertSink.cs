using AirMonitor.AirQuality.Alerts;

namespace AirMonitor.Ingest.Alerts.Sinks;

/// <summary>
/// Somewhere alert events go. The <see cref="AlertDispatcher"/> hands each sink every event once, in order, from the
/// alert store's outbox; a sink throws when delivery failed and the dispatcher retries it with backoff.
/// </summary>
public interface IAlertSink
{
    /// <summary>The sink's key in the outbox (<c>mqtt</c>, <c>webhook</c>, <c>influx</c>); fixed, as delivery state is kept under it.</summary>
    string Name { get; }

    /// <param name="active">The alerts firing at the event's station after this event (the station's current state).</param>
    Task DeliverAsync(AlertEvent alert, IReadOnlyList<AlertEvent> active, CancellationToken cancellationToken);
}
