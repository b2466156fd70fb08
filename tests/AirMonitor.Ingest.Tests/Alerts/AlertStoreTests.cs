using AirMonitor.AirQuality.Alerts;
using AirMonitor.Ingest.Alerts;

namespace AirMonitor.Ingest.Tests.Alerts;

public sealed class AlertStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"airmon-alert-store-{Guid.NewGuid():N}.db");

    [Fact]
    public void Prune_forgets_old_events_every_sink_took_but_keeps_an_open_episode_and_anything_undelivered()
    {
        using (var store = new AlertStore(_path))
        {
            // An old episode fired and resolved, one old episode still firing, one episode the webhook has not taken.
            store.Commit([], [Event("closed", AlertState.Firing, T0), Event("closed", AlertState.Resolved, T0.AddHours(1))], ["mqtt"]);
            store.Commit([], [Event("open", AlertState.Firing, T0)], ["mqtt"]);
            store.Commit([], [Event("late", AlertState.Firing, T0), Event("late", AlertState.Resolved, T0.AddHours(2))], ["mqtt", "webhook"]);
            foreach (var (seq, _) in store.Pending("mqtt", 100))
            {
                store.Delivered("mqtt", seq);
            }

            Assert.Equal(2, store.Prune(T0.AddDays(1)));
            Assert.Equal([("late", AlertState.Firing), ("late", AlertState.Resolved)], store.Pending("webhook", 100).Select(p => (p.Event.Rule, p.Event.State)));
        }

        using var reopened = new AlertStore(_path);
        Assert.Equal(["open"], reopened.LoadFiring().Select(e => e.Rule));
        Assert.Equal(0, reopened.Prune(T0.AddDays(1)));
    }

    [Fact]
    public void An_event_another_replica_delivered_is_taken_off_the_queues_or_never_queued_when_judged_later()
    {
        using var store = new AlertStore(_path);
        store.Commit([], [Event("early", AlertState.Firing, T0)], ["mqtt", "webhook"]);
        store.DeliveredElsewhere("early:s:" + T0.ToUnixTimeMilliseconds(), AlertState.Firing, T0);
        store.DeliveredElsewhere("later:s:" + T0.ToUnixTimeMilliseconds(), AlertState.Firing, T0);
        store.Commit([], [Event("later", AlertState.Firing, T0), Event("later", AlertState.Resolved, T0.AddHours(1))], ["mqtt", "webhook"]);

        Assert.Equal([("later", AlertState.Resolved)], store.Pending("mqtt", 100).Select(p => (p.Event.Rule, p.Event.State)));
        Assert.Equal([("later", AlertState.Resolved)], store.Pending("webhook", 100).Select(p => (p.Event.Rule, p.Event.State)));
    }

    public void Dispose()
    {
        foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(_path) + "*"))
        {
            File.Delete(file);
        }
    }

    private static AlertEvent Event(string rule, AlertState state, DateTimeOffset at) =>
        new($"{rule}:s:{T0.ToUnixTimeMilliseconds()}", rule, "s", "s", state, AlertSeverity.Warning, "pm2_5", "1h", at, T0, 40, 37.5, 35, false, at, "summary");
}
