using AirMonitor.Core.Stations;
using AirMonitor.Hosting;
using AirMonitor.Influx;
using AirMonitor.Ingest.Alerts.Sinks;
using AirMonitor.Ingest.Derivation;
using AirMonitor.Ingest.Emissions;
using AirMonitor.Ingest.Observability;
using Microsoft.Extensions.Options;

namespace AirMonitor.Ingest.Alerts;

internal static class AlertsFeature
{
    /// <summary>
    /// The alert engine (judges each derived series), the liveness watch (hears each settled message), the sinks and the
    /// lease that decides which replica delivers (README.md beside this file). With <c>Alerts:Enabled=false</c> nothing
    /// is judged or delivered.
    /// </summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services, IConfiguration config)
    {
        services.AddValidatedOptions<AlertOptions>(config.GetSection(AlertOptions.Section),
            o => o.Validate().Concat(AlertOptions.UnreadableRules(config.GetSection(AlertOptions.Section))));
        services.AddSingleton(sp => new AlertStore(sp.GetRequiredService<IOptions<AlertOptions>>().Value.StatePath, sp.GetRequiredService<ILogger<AlertStore>>(),
            sp.GetRequiredService<LocalStoreHealth>()));
        services.AddSingleton<MqttAlertSink>();
        services.AddSingleton<IAlertSink>(sp => sp.GetRequiredService<MqttAlertSink>());
        services.AddSingleton<IAlertSink>(sp => new InfluxAlertSink(sp.GetRequiredService<InfluxWriteClient>()));
        if (config.GetSection(WebhookOptions.Section).Get<WebhookOptions>()?.Enabled == true)
        {
            // Each attempt has the sink's own timeout; the client's must not cut it shorter.
            services.AddSingleton<IAlertSink>(sp => new WebhookAlertSink(
                new HttpClient { Timeout = Timeout.InfiniteTimeSpan },
                sp.GetRequiredService<IOptions<AlertOptions>>().Value.Webhook,
                sp.GetRequiredService<TimeProvider>()));
        }

        services.AddSingleton(sp => new AlertEngine(
            sp.GetRequiredService<IOptions<AlertOptions>>().Value,
            sp.GetRequiredService<StationRegistry>(),
            sp.GetRequiredService<AlertStore>(),
            sp.GetServices<IAlertSink>().Select(s => s.Name),
            sp.GetRequiredService<IngestMetrics>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IDerivedSeries>(sp => sp.GetRequiredService<AlertEngine>());
        services.AddSingleton<IStackSeries>(sp => sp.GetRequiredService<AlertEngine>());
        services.AddSingleton<DeviceLiveness>();
        services.AddSingleton<ISettledMessages>(sp => sp.GetRequiredService<DeviceLiveness>());
        services.AddSingleton<IngestHealthWatch>();
        services.AddSingleton<ISettledMessages>(sp => sp.GetRequiredService<IngestHealthWatch>());
        services.AddSingleton<AlertLease>();
        if (config.GetValue($"{AlertOptions.Section}:Enabled", true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<DeviceLiveness>());
            services.AddHostedService(sp => sp.GetRequiredService<IngestHealthWatch>());
            services.AddHostedService(sp => sp.GetRequiredService<AlertLease>());
            services.AddHostedService<AlertDispatcher>();
            services.AddHostedService<RetainedStateRepublisher>();
        }

        return services;
    }
}
