namespace AirMonitor.Mqtt;

/// <summary>How a host reaches the broker (configuration section <c>Mqtt</c>).</summary>
public sealed class MqttOptions
{
    public const string Section = "Mqtt";

    /// <summary><c>mqtt://host:port</c>, or <c>mqtts://host:port</c> for TLS (default ports 1883 / 8883).</summary>
    public string Url { get; set; } = "mqtt://127.0.0.1:1883";

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>
    /// PEM file of the CA the broker's certificate must chain to (with <c>mqtts://</c>); null: the system's trust store.
    /// The broker's name is checked against the URL's host either way.
    /// </summary>
    public string? CaFile { get; set; }

    /// <summary>PEM file of this client's certificate, presented to a broker that asks for one (with <see cref="KeyFile"/>).</summary>
    public string? CertFile { get; set; }

    /// <summary>PEM file of the private key of <see cref="CertFile"/>.</summary>
    public string? KeyFile { get; set; }

    /// <summary>Stable per instance: the broker keeps the session (and queued messages) under this id.</summary>
    public string? ClientId { get; set; }

    /// <summary>How long the broker keeps a disconnected session and its queued messages.</summary>
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Reconnect delays grow from the first to the cap.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The broker sends at most this many unacknowledged QoS 1 messages at once (MQTT 5 flow control).</summary>
    /// <remarks>For the ingest, which acknowledges only after a batch is stored, this must exceed a batch's messages.</remarks>
    public int ReceiveMaximum { get; set; } = 5_000;

    /// <summary>
    /// The largest packet this client accepts (announced to the broker, which drops larger messages for it): its receive
    /// buffer never grows beyond this. Keep it above the broker's <c>max_packet_size</c> so an oversized reading reaches the
    /// ingest and is dead-lettered with a reason instead of vanishing.
    /// </summary>
    public int MaxPacketSize { get; set; } = 2 * 1024 * 1024;

    public IEnumerable<string> Validate()
    {
        if (MaxPacketSize is < 1024 or > 256 * 1024 * 1024)
        {
            yield return $"{Section}:MaxPacketSize {MaxPacketSize} is outside 1024..268435456 bytes";
        }

        if (KeepAlive < TimeSpan.Zero || KeepAlive.TotalSeconds > ushort.MaxValue)
        {
            yield return $"{Section}:KeepAlive {KeepAlive} is outside 0..18:12:15 (0 turns it off)";
        }

        if (!TryParseUrl(Url, out _, out _, out _))
        {
            yield return $"{Section}:Url '{Url}' is not mqtt://host:port or mqtts://host:port";
        }

        if (ReceiveMaximum is < 1 or > ushort.MaxValue)
        {
            yield return $"{Section}:ReceiveMaximum {ReceiveMaximum} is outside 1..65535";
        }

        if (ReconnectDelay <= TimeSpan.Zero || ReconnectMaxDelay < ReconnectDelay)
        {
            yield return $"{Section}:ReconnectDelay {ReconnectDelay} must be positive and at most ReconnectMaxDelay {ReconnectMaxDelay}";
        }

        if (Username is null != Password is null)
        {
            yield return $"{Section}:Username and {Section}:Password are set together or not at all";
        }

        foreach (var problem in MqttTls.Validate(this))
        {
            yield return problem;
        }
    }

    public static bool TryParseUrl(string? url, out string host, out int port, out bool tls)
    {
        host = "";
        port = 0;
        tls = false;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return false;
        }

        switch (uri.Scheme)
        {
            case "mqtt" or "tcp":
                break;
            case "mqtts" or "ssl":
                tls = true;
                break;
            default:
                return false;
        }

        host = uri.Host;
        port = uri.IsDefaultPort || uri.Port < 0 ? (tls ? 8883 : 1883) : uri.Port;
        return true;
    }
}
