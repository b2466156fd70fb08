using AirMonitor.Core.Contract;
using AirMonitor.Edge.Profiles;

namespace AirMonitor.Edge;

/// <summary>The edge host's own settings (configuration section <c>Edge</c>); the device and its sensors come from the profile.</summary>
public sealed class EdgeOptions
{
    public const string Section = "Edge";

    /// <summary>The device profile (YAML, firmware-config/devices/…).</summary>
    public string ProfilePath { get; set; } = "/etc/airmon/device.yaml";

    /// <summary>A file whose existence says NTP has synchronised the clock; empty: trust the clock (a laptop).</summary>
    public string ClockSyncFile { get; set; } = Sampling.ClockGuard.TimesyncdFlag;

    /// <summary>Readings held while the clock is untrusted, and, apart, samples waiting while the outbox refuses writes; beyond this the oldest of each are dropped and counted.</summary>
    public int MaxHeldReadings { get; set; } = 100_000;

    /// <summary>Samples per message; a partial message is sent after <see cref="FlushInterval"/>.</summary>
    public int SamplesPerMessage { get; set; } = 20;

    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the retained status is republished.</summary>
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Messages sent per second at most, live and backlog together: readings just taken go first, and a backlog after an outage drains oldest first in the rest, leaving the broker and the uplink room for everything else.</summary>
    public double MaxMessagesPerSecond { get; set; } = 20;

    /// <summary>Run every sensor on a simulated bus whatever the profile says: a field profile on a laptop or a test rig.</summary>
    public bool Simulate { get; set; }

    /// <summary>Another broker than the profile's (a lab broker), reached without the profile's credentials file; empty: the profile's.</summary>
    public string MqttUrl { get; set; } = "";

    /// <summary>Another outbox file than the profile's; empty: the profile's.</summary>
    public string OutboxPath { get; set; } = "";

    /// <summary>The profile with this host's overrides applied.</summary>
    public DeviceProfile ApplyTo(DeviceProfile profile) => profile with
    {
        Simulated = profile.Simulated || Simulate,
        Mqtt = string.IsNullOrEmpty(MqttUrl) ? profile.Mqtt : profile.Mqtt with { Url = MqttUrl, CredentialsFile = null, CaFile = null, CertFile = null, KeyFile = null },
        Outbox = string.IsNullOrEmpty(OutboxPath) ? profile.Outbox : profile.Outbox with { Path = OutboxPath },
    };

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(ProfilePath))
        {
            yield return $"{Section}:ProfilePath is required";
        }
        else if (!File.Exists(ProfilePath))
        {
            yield return $"{Section}:ProfilePath '{ProfilePath}' does not exist";
        }

        if (SamplesPerMessage is < 1 or > ReadingBatch.MaxSamples)
        {
            yield return $"{Section}:SamplesPerMessage {SamplesPerMessage} is outside 1..{ReadingBatch.MaxSamples}";
        }

        if (MaxHeldReadings < 1)
        {
            yield return $"{Section}:MaxHeldReadings {MaxHeldReadings} must be positive";
        }

        if (MaxMessagesPerSecond <= 0)
        {
            yield return $"{Section}:MaxMessagesPerSecond {MaxMessagesPerSecond} must be positive";
        }

        if (!string.IsNullOrEmpty(MqttUrl) && !Mqtt.MqttOptions.TryParseUrl(MqttUrl, out _, out _, out _))
        {
            yield return $"{Section}:MqttUrl '{MqttUrl}' is not an mqtt:// or mqtts:// URL";
        }

        if (FlushInterval <= TimeSpan.Zero || StatusInterval <= TimeSpan.Zero)
        {
            yield return $"{Section}:FlushInterval and StatusInterval must be positive";
        }
    }
}
