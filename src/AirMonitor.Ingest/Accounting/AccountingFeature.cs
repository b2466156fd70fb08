using AirMonitor.Hosting;
using AirMonitor.Ingest.Observability;
using Microsoft.Extensions.Options;

namespace AirMonitor.Ingest.Accounting;

internal static class AccountingFeature
{
    /// <summary>Every device's seq account, committed before each ack (the first <see cref="ISettledMessages"/>), and its status publisher.</summary>
    public static IServiceCollection AddSeqAccounting(this IServiceCollection services, IConfiguration config)
    {
        services.AddValidatedOptions<AccountingOptions>(config.GetSection(AccountingOptions.Section), o => o.Validate());
        services.AddSingleton(sp => new SeqLedger(sp.GetRequiredService<IOptions<AccountingOptions>>().Value.LedgerPath, sp.GetRequiredService<IngestMetrics>(),
            sp.GetRequiredService<ILogger<SeqLedger>>(), sp.GetRequiredService<LocalStoreHealth>()));
        services.AddSingleton<ISettledMessages>(sp => sp.GetRequiredService<SeqLedger>());
        services.AddSingleton<IKnownDevices>(sp => sp.GetRequiredService<SeqLedger>());
        services.AddHostedService<SeqStatusWriter>();
        return services;
    }
}
