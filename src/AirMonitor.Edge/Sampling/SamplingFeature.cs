using AirMonitor.Edge.Profiles;

namespace AirMonitor.Edge.Sampling;

internal static class SamplingFeature
{
    /// <summary>The profile's sensors, their samplers, the clock guard and the stamper (README.md beside this file).</summary>
    public static IServiceCollection AddSampling(this IServiceCollection services, DeviceProfile profile, EdgeOptions edge)
    {
        services.AddSingleton(sp => EdgeDevice.Create(profile, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => ClockGuard.FromFlagFile(
            sp.GetRequiredService<TimeProvider>(),
            string.IsNullOrEmpty(edge.ClockSyncFile) ? null : edge.ClockSyncFile,
            BuildDate()));
        services.AddSingleton(sp => new SampleStamper(sp.GetRequiredService<ClockGuard>(), edge.MaxHeldReadings));
        if (profile.Simulated)
        {
            services.AddHostedService<AirSimulation>();
        }

        services.AddSingleton<SamplingService>();
        services.AddHostedService(sp => sp.GetRequiredService<SamplingService>());
        return services;
    }

    // The clock can never be earlier than the binary that reads it.
    private static DateTimeOffset BuildDate() => new(File.GetLastWriteTimeUtc(typeof(SamplingFeature).Assembly.Location), TimeSpan.Zero);
}
