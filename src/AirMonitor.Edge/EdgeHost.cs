using AirMonitor.Edge.Outbox;
using AirMonitor.Edge.Profiles;
using AirMonitor.Edge.Sampling;
using AirMonitor.Edge.Uplink;
using AirMonitor.Hosting;
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

        // What the features share.
        var services = builder.Services;
        services.AddSingleton(Options.Create(edge));
        services.AddSingleton(profile);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<EdgeMetrics>();
        services.AddSingleton<LiveMessages>();

        // The features; hosted services start in this order and stop in reverse.
        services.AddOutbox(profile);
        services.AddSampling(profile, edge);
        services.AddUplink(profile);
        services.AddHostedService<NativeMemoryTrim>();
        return builder.Build();
    }
}
