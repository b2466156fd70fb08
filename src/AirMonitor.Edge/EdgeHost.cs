using AirMonitor.Core.Contract;
using AirMonitor.Edge.Outbox;
using AirMonitor.Edge.Profiles;
using AirMonitor.Edge.Sampling;
using AirMonitor.Edge.Uplink;
using AirMonitor.Hosting;
using AirMonitor.Mqtt;
using AirMonitor.Sensors;
using Microsoft.Extensions.Options;

namespace AirMonitor.Edge;

/// <summary>The edge worker: sensors → samplers → outbox → MQTT, per one device profile.</summary>
public static class EdgeHost
{
    /// <summary>Runs until stopped; returns 2 with one line per problem when the configuration or profile is bad.</summary>
    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default) =>
        HostStartup.RunAsync("airmon-edge", () => Build(args), cancellationToken);

    public static IHost Build(string[] args)
    {
        var builder = HostStartup.CreateBuilder(args);

        var section = builder.Configuration.GetSection(EdgeOptions.Section);
        var edge = (section.Get<EdgeOptions>() ?? new EdgeOptions()).Validated(o => ValidatedOptions.UnknownKeys<EdgeOptions>(section).Concat(o.Validate()));

        // The profile decides everything else: read and validated before anything starts.
        var profile = edge.ApplyTo(DeviceProfileLoader.Load(edge.ProfilePath, SensorModels.Names.ToHashSet(StringComparer.Ordinal)));
        var services = builder.Services;
        services.AddSingleton(Options.Create(edge));
        services.AddSingleton(profile);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => EdgeDevice.Create(profile, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => ClockGuard.FromFlagFile(
            sp.GetRequiredService<TimeProvider>(),
            string.IsNullOrEmpty(edge.ClockSyncFile) ? null : edge.ClockSyncFile,
            BuildDate()));
        services.AddSingleton(sp => new SampleStamper(sp.GetRequiredService<ClockGuard>(), edge.MaxHeldReadings));
        services.AddSingleton(sp => OutboxStore.Open(
            profile.Outbox.Path,
            new OutboxOptions { MaxBytes = profile.Outbox.MaxSizeBytes },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<OutboxStore>>()));
        services.AddSingleton<LiveMessages>();
        services.AddSingleton<EdgeMetrics>();
        services.AddSingleton<StatusReporter>();
        services.AddSingleton(sp => new MqttConnection(MqttOptionsFor(profile), profile.Mqtt.ClientId, sp.GetRequiredService<ILogger<MqttConnection>>(),
            new MqttSession { Will = new MqttWill(Topics.Status(profile.DeviceId), WireCodec.Encode(new DeviceStatus(profile.DeviceId, DeviceStatus.Offline, 0)), Retain: true) }));
        if (profile.Simulated)
        {
            services.AddHostedService<AirSimulation>();
        }

        services.AddHostedService<SamplingService>();
        services.AddHostedService<UplinkService>();
        services.AddHostedService<NativeMemoryTrim>();
        return builder.Build();
    }

    /// <summary>The broker settings of a profile, with the credentials file read now (its path is in the profile, never the secret).</summary>
    private static MqttOptions MqttOptionsFor(DeviceProfile profile)
    {
        var options = new MqttOptions { Url = profile.Mqtt.Url, ClientId = profile.Mqtt.ClientId };
        if (profile.Mqtt.CredentialsFile is { } file)
        {
            string text;
            try
            {
                text = File.ReadAllText(file).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ArgumentException($"{profile.SourceName}: mqtt.credentials_file '{file}' cannot be read: {e.Message}", e);
            }


            var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            (options.Username, options.Password) = lines.Length >= 2
                ? (lines[0], lines[1])
                : text.Split(':', 2) is [var user, var password] ? (user, password)
                : throw new ArgumentException($"{profile.SourceName}: mqtt.credentials_file '{file}' holds neither 'username:password' nor two lines");
        }

        return options;
    }

    // The clock can never be earlier than the binary that reads it.
    private static DateTimeOffset BuildDate() => new(File.GetLastWriteTimeUtc(typeof(EdgeHost).Assembly.Location), TimeSpan.Zero);
}
