using AirMonitor.Testing.Pipeline;
using AirMonitor.Testing.Servers;


namespace AirMonitor.EndToEnd.Tests;

/// <summary>Ingest replicas sharing one subscription, as the tests run them.</summary>
internal static class Replicas
{
    /// <summary>
    /// One replica, <c>replica-{name}</c>, in group <c>ingest</c>, storing into <paramref name="database"/>. Its session
    /// expires after 10 s: Mosquitto deals a dead member of a shared subscription its share until its session expires
    /// (the devices' resends bring those messages back after that), so replicas run with a short expiry (docs/delivery.md, "Replicas").
    /// </summary>
    public static IngestServer Ingest(string name, MosquittoServer broker, InfluxServer influx, string database, params string[] extra) => new(
    [
        $"--Mqtt:Url={broker.Url}", $"--Mqtt:ClientId=replica-{name}", "--Mqtt:SessionExpiry=00:00:10",
        $"--Influx:Url={influx.Url}", $"--Influx:Database={database}", "--Influx:FlushInterval=00:00:00.100",
        "--Ingest:SharedSubscriptionGroup=ingest",
        .. extra,
    ]);
}
