using AirMonitor.Mqtt;

namespace AirMonitor.Ingest;

/// <summary>
/// The MQTT client ids of the ingest. They contain a '.', which no device id has (<c>[A-Za-z0-9_-]</c>): the broker's device
/// listeners give a device its username as client id (deploy/mosquitto/listeners.conf), so no device can take one of these.
/// </summary>
internal static class BrokerIdentity
{
    /// <summary>This replica's base id: <c>Mqtt:ClientId</c>, else <c>airmon-ingest.{hostname}</c>; its other connections add a suffix.</summary>
    public static string ClientId(MqttOptions mqtt) => mqtt.ClientId ?? $"airmon-ingest.{Environment.MachineName}";

    /// <summary>The alert lease of a replica group, one id for the whole group (Alerts/AlertLease.cs).</summary>
    public static string AlertLease(string group) => $"airmon-alerts.{group}";
}
