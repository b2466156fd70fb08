using AirMonitor.Core.Contract;
using AirMonitor.Edge.Profiles;
using AirMonitor.Hosting;
using AirMonitor.Mqtt;

namespace AirMonitor.Edge.Uplink;

internal static class UplinkFeature
{
    /// <summary>The broker connection (the offline status its will), the status reporter and the uplink (README.md beside this file).</summary>
    public static IServiceCollection AddUplink(this IServiceCollection services, DeviceProfile profile)
    {
        services.AddSingleton<StatusReporter>();
        services.AddSingleton(sp => new MqttConnection(MqttOptionsFor(profile), profile.Mqtt.ClientId, sp.GetRequiredService<ILogger<MqttConnection>>(),
            new MqttSession { Will = new MqttWill(Topics.Status(profile.DeviceId), WireCodec.Encode(new DeviceStatus(profile.DeviceId, DeviceStatus.Offline, 0)), Retain: true) }));
        services.AddHostedService<UplinkService>();
        return services;
    }

    /// <summary>The broker settings of a profile, with the credentials file read now (its path is in the profile, never the secret).</summary>
    private static MqttOptions MqttOptionsFor(DeviceProfile profile)
    {
        var options = new MqttOptions
        {
            Url = profile.Mqtt.Url,
            ClientId = profile.Mqtt.ClientId,
            CaFile = profile.Mqtt.CaFile,
            CertFile = profile.Mqtt.CertFile,
            KeyFile = profile.Mqtt.KeyFile,
        };
        if (profile.Mqtt.CredentialsFile is { } file)
        {
            (options.Username, options.Password) = ConfigurationFiles.Load(
                file,
                $"mqtt.credentials_file '{file}'",
                (text, _) => Credentials(text.Trim()) ?? throw new DeviceProfileException(profile.SourceName, [$"mqtt.credentials_file '{file}' holds neither 'username:password' nor two lines"]),
                (error, e) => new DeviceProfileException(profile.SourceName, error, e));
        }

        // The profile reader checked the names; whether the files are there and hold a certificate and key is known only here.
        if (options.Validate().ToList() is [_, ..] problems)
        {
            throw new DeviceProfileException(profile.SourceName, problems);
        }

        return options;
    }

    /// <summary>Two lines (username, password) or <c>username:password</c>.</summary>
    private static (string User, string Password)? Credentials(string text) =>
        text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is [var user, var password, ..]
            ? (user, password)
            : text.Split(':', 2) is [var name, var secret] ? (name, secret) : null;
}
