using AirMonitor.Core.Metrics;
using AirMonitor.Hosting;
using AirMonitor.Ingest.Accounting;
using AirMonitor.Ingest.Derivation;
using Microsoft.Extensions.Options;

namespace AirMonitor.Ingest.Emissions;

internal static class EmissionsFeature
{
    public const string BacklogKey = "emission";

    /// <summary>The stacks' short-term and daily averages, derived from what is stored (README.md beside this file).</summary>
    public static IServiceCollection AddEmissions(this IServiceCollection services, IConfiguration config)
    {
        services.AddValidatedOptions<EmissionsOptions>(config.GetSection(EmissionsOptions.Section), o => o.Validate());
        services.AddKeyedSingleton(BacklogKey, (sp, _) => new DerivationBacklog(
            sp.GetRequiredService<SeqLedger>().ContiguousThrough,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<DerivationOptions>>().Value.GapPatience,
            MetricDomain.Emission));
        services.AddSingleton<ISettledMessages>(sp => sp.GetRequiredKeyedService<DerivationBacklog>(BacklogKey));
        services.AddHostedService<StackSeriesWriter>();
        return services;
    }
}
