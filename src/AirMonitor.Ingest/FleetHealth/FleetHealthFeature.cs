using AirMonitor.Hosting;

namespace AirMonitor.Ingest.FleetHealth;

internal static class FleetHealthFeature
{
    /// <summary>What the fleet dashboard reads besides the readings: the devices' statuses and the ingest's own counters (README.md beside this file).</summary>
    public static IServiceCollection AddFleetHealth(this IServiceCollection services, IConfiguration config)
    {
        services.AddValidatedOptions<FleetOptions>(config.GetSection(FleetOptions.Section), o => o.Validate());
        services.AddHostedService<DeviceStatusIntake>();
        services.AddHostedService<IngestCountersWriter>();
        return services;
    }
}
