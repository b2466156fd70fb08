using AirMonitor.Edge.Profiles;

namespace AirMonitor.Edge.Outbox;

internal static class OutboxFeature
{
    /// <summary>The durable outbox of the profile (README.md beside this file).</summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services, DeviceProfile profile) =>
        services.AddSingleton(sp => OutboxStore.Open(
            profile.Outbox.Path,
            new OutboxOptions { MaxBytes = profile.Outbox.MaxSizeBytes },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<OutboxStore>>()));
}
