namespace AirMonitor.Ingest.Stations;

internal static class StationsFeature
{
    /// <summary>The registry's stations in InfluxDB, for the dashboards' map (<see cref="StationDirectory"/>).</summary>
    public static IServiceCollection AddStationDirectory(this IServiceCollection services)
    {
        services.AddSingleton<StationDirectory>();
        services.AddHostedService(sp => sp.GetRequiredService<StationDirectory>());
        return services;
    }
}
