using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using AirMonitor.Core.Stations;
using AirMonitor.Core.Validation;
using AirMonitor.Hosting;
using AirMonitor.Influx;
using AirMonitor.Core.Alerts;
using AirMonitor.Ingest.Accounting;
using AirMonitor.Ingest.Alerts;
using AirMonitor.Ingest.Alerts.Sinks;
using AirMonitor.Ingest.Derivation;
using AirMonitor.Ingest.DeadLetters;
using AirMonitor.Ingest.Observability;
using AirMonitor.Ingest.Pipeline;
using AirMonitor.Mqtt;
using Microsoft.Extensions.Options;

namespace AirMonitor.Ingest;

/// <summary>The central ingest: MQTT readings → validation → InfluxDB, acknowledged only once stored.</summary>
public static class IngestHost
{
    /// <summary>Runs until stopped; returns 2 with one line per problem when the configuration is bad.</summary>
    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default) =>
        HostStartup.RunAsync("airmon-ingest", () => Build(args), cancellationToken);

    /// <param name="more">Services added after the ingest's own, e.g. another <c>ISettledMessages</c> subscriber.</param>
    public static IHost Build(string[] args, Action<IServiceCollection>? more = null)
    {
        var builder = HostStartup.CreateBuilder(args);

        var services = builder.Services;
        var config = builder.Configuration;
        services.AddValidatedOptions<MqttOptions>(config.GetSection(MqttOptions.Section), o => o.Validate());
        services.AddValidatedOptions<InfluxOptions>(config.GetSection(InfluxOptions.SectionName), o => o.Validate());
        services.AddValidatedOptions<ValidationOptions>(config.GetSection(ValidationOptions.Section), o => o.Validate());
        services.AddValidatedOptions<IngestOptions>(config.GetSection(IngestOptions.Section), o => o.Validate());
        services.AddValidatedOptions<EndpointOptions>(config, o => o.Validate()); // Urls is a top-level key
        services.AddValidatedOptions<AlertOptions>(config.GetSection(AlertOptions.Section),
            o => o.Validate().Concat(AlertOptions.UnreadableRules(config.GetSection(AlertOptions.Section))));
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IngestMetrics>();
        services.AddSingleton<PrometheusExporter>();
        services.AddSingleton(sp => new ReadingValidator(sp.GetRequiredService<IOptions<ValidationOptions>>().Value));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<IngestOptions>>().Value.RegistryPath is { Length: > 0 } path
            ? StationRegistry.Load(path)
            : StationRegistry.Empty);
        services.AddSingleton(sp => new PointMapper(sp.GetRequiredService<StationRegistry>()));
        services.AddSingleton(sp => new SeqLedger(sp.GetRequiredService<IOptions<IngestOptions>>().Value.SeqLedgerPath, sp.GetRequiredService<IngestMetrics>()));
        services.AddSingleton(sp => new DeadLetterStore(sp.GetRequiredService<IOptions<IngestOptions>>().Value.DeadLetterDirectory));
        services.AddSingleton(_ => Channel.CreateUnbounded<InFlightMessage>(new UnboundedChannelOptions { SingleReader = true }));
        services.AddSingleton(sp => new InFlightWindow(sp.GetRequiredService<IOptions<IngestOptions>>().Value.MaxInFlightMessages));

        services.AddSingleton(sp => InfluxHttp.CreateClient(sp.GetRequiredService<IOptions<InfluxOptions>>().Value));
        services.AddSingleton(sp => new InfluxWriteClient(
            sp.GetRequiredService<HttpClient>(),
            sp.GetRequiredService<IOptions<InfluxOptions>>().Value,
            sp.GetRequiredService<ILogger<InfluxWriteClient>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IMeterFactory>()));
        services.AddSingleton(sp => new InfluxQueryClient(sp.GetRequiredService<HttpClient>(), sp.GetRequiredService<IOptions<InfluxOptions>>().Value));
        services.AddSingleton(sp => new InfluxBatchWriter(
            sp.GetRequiredService<InfluxWriteClient>(),
            sp.GetRequiredService<IOptions<InfluxOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<InfluxBatchWriter>>(),
            sp.GetRequiredService<IMeterFactory>()));

        services.AddSingleton(sp =>
        {
            var mqtt = sp.GetRequiredService<IOptions<MqttOptions>>().Value;
            var clientId = mqtt.ClientId ?? $"airmon-ingest-{Environment.MachineName}";
            var logger = sp.GetRequiredService<ILogger<MqttConnection>>();
            var session = new MqttSession { ManualAcknowledge = true };
            return new BrokerConnections(
                // The readings stream is read in chunks; the publishing connection reads each PUBACK at once, for the
                // broker lets the ingest have only 20 publishes unacknowledged (deploy/mosquitto/airmon.conf).
                new MqttConnection(mqtt, clientId, logger, session with { ReadInterval = TimeSpan.FromMilliseconds(5) }),
                new MqttConnection(mqtt, clientId + BrokerConnections.PublishingSuffix, logger, session));
        });

        services.AddSingleton(sp => new DerivationBacklog(
            sp.GetRequiredService<SeqLedger>().ContiguousThrough,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<IngestOptions>>().Value.GapPatience));
        services.AddSingleton(sp => new AlertStore(sp.GetRequiredService<IOptions<AlertOptions>>().Value.StatePath));
        services.AddSingleton<IAlertSink, MqttAlertSink>();
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
        services.AddSingleton<DeviceLiveness>();
        services.AddSingleton<AlertLease>();

        // What follows from a settled message, told in this order before it is acknowledged (SettledMessages.cs).
        services.AddSingleton<ISettledMessages>(sp => sp.GetRequiredService<SeqLedger>());
        services.AddSingleton<ISettledMessages>(sp => sp.GetRequiredService<DeviceLiveness>());
        services.AddSingleton<ISettledMessages>(sp => sp.GetRequiredService<DerivationBacklog>());
        // What follows from a derived station series (the alert engine judges it).
        services.AddSingleton<IDerivedSeries>(sp => sp.GetRequiredService<AlertEngine>());

        // Stopped in reverse order: the intake stops taking messages first, then the dispatcher drains, then the device acks.
        services.AddSingleton<DeviceAcks>();
        services.AddHostedService(sp => sp.GetRequiredService<DeviceAcks>());
        services.AddSingleton<AckDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<AckDispatcher>());
        services.AddHostedService<ReadingIntake>();
        services.AddHostedService<SeqStatusWriter>();
        services.AddHostedService<DerivedSeriesWriter>();
        if (config.GetValue($"{AlertOptions.Section}:Enabled", true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<DeviceLiveness>());
            services.AddHostedService(sp => sp.GetRequiredService<AlertLease>());
            services.AddHostedService<AlertDispatcher>();
        }

        services.AddSingleton(sp => new StatusEndpoints(sp.GetRequiredService<IOptions<EndpointOptions>>().Value, Routes(sp), sp.GetRequiredService<ILogger<StatusEndpoints>>()));
        services.AddHostedService(sp => sp.GetRequiredService<StatusEndpoints>());

        more?.Invoke(services);
        var host = builder.Build();

        // A MeterListener sees only measurements made after it starts: create the exporter before the first message.
        host.Services.GetRequiredService<PrometheusExporter>();
        return host;
    }

    /// <summary>The status endpoints (README, <c>Urls</c>).</summary>
    private static Dictionary<string, Func<StatusResponse>> Routes(IServiceProvider services) => new(StringComparer.Ordinal)
    {
        ["/health"] = () =>
        {
            var mqtt = services.GetRequiredService<BrokerConnections>();
            var report = new HealthReport(mqtt.IsConnected ? "ok" : "degraded", mqtt.IsConnected, services.GetRequiredService<IngestMetrics>().InFlight,
                services.GetRequiredService<AckDispatcher>().LastStoredAt, services.GetRequiredService<AlertLease>().IsHeld);
            return StatusResponse.Json(JsonSerializer.SerializeToUtf8Bytes(report, IngestJsonContext.Default.HealthReport), mqtt.IsConnected ? 200 : 503);
        },
        ["/devices"] = () => StatusResponse.Json(JsonSerializer.SerializeToUtf8Bytes(services.GetRequiredService<SeqLedger>().Snapshot(), IngestJsonContext.Default.IReadOnlyListDeviceSeqStatus)),
        ["/alerts"] = () => StatusResponse.Json(AlertJson.EncodeList(services.GetRequiredService<AlertEngine>().Firing())),
        ["/metrics"] = () => StatusResponse.Text(services.GetRequiredService<PrometheusExporter>().Render()),
    };
}

/// <param name="DeliversAlerts">Whether this replica holds the alert lease and so delivers alert events.</param>
public sealed record HealthReport(string Status, bool MqttConnected, long InFlight, DateTimeOffset? LastStoredAt, bool DeliversAlerts);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(IReadOnlyList<DeviceSeqStatus>))]
internal sealed partial class IngestJsonContext : JsonSerializerContext;
