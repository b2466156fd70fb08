using AirMonitor.Hosting;
using AirMonitor.Ingest.Accounting;
using Microsoft.Extensions.Options;

namespace AirMonitor.Ingest.Derivation;

internal static class DerivationFeature
{
    /// <summary>The hourly series derived from what is stored (README.md beside this file).</summary>
    public static IServiceCollection AddDerivation(this IServiceCollection services, IConfiguration config)
    {
        services.AddValidatedOptions<DerivationOptions>(config.GetSection(DerivationOptions.Section), o => o.Validate());
        services.AddSingleton(sp => new DerivationBacklog(
            sp.GetRequiredService<SeqLedger>().ContiguousThrough,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<DerivationOptions>>().Value.GapPatience));
        services.AddSingleton<ISettledMessages>(sp => sp.GetRequiredService<DerivationBacklog>());
        services.AddHostedService<DerivedSeriesWriter>();
        return services;
    }
}
