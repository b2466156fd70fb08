using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.Json.Serialization;
using AirMonitor.AirQuality.Alerts;
using AirMonitor.Core.Stations;
using AirMonitor.Hosting;
using AirMonitor.Influx;
using AirMonitor.Ingest.Accounting;
using AirMonitor.Ingest.Alerts;
using AirMonitor.Ingest.Derivation;
using AirMonitor.Ingest.Observability;
using AirMonitor.Ingest.Pipeline;
using Microsoft.Extensions.Options;

namespace AirMonitor.Ingest;

/// <summary>The central ingest: MQTT readings → validation → InfluxDB, acknowledged only once stored.</summary>
public static partial class IngestHost
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
        var renamed = config.ReadRenamedKeys(
            ("Ingest:SeqLedgerPath", "Accounting:LedgerPath"),
            ("Ingest:SeqStatusInterval", "Accounting:StatusInterval"),
            ("Ingest:DeriveInterval", "Derivation:Interval"),
            ("Ingest:GapPatience", "Derivation:GapPatience"));
        services.AddValidatedOptions<IngestOptions>(config.GetSection(IngestOptions.Section), o => o.Validate());
        services.AddValidatedOptions<EndpointOptions>(config, o => o.Validate()); // Urls is a top-level key
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        // What the features share.
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IngestMetrics>();
        services.AddSingleton<PrometheusExporter>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<IngestOptions>>().Value.RegistryPath is { Length: > 0 } path
            ? ConfigurationFiles.LoadStationRegistry(path)
            : StationRegistry.Empty);
        services.AddSingleton(sp => InfluxHttp.CreateClient(sp.GetRequiredService<IOptions<InfluxOptions>>().Value));
        services.AddSingleton(sp => new InfluxWriteClient(
            sp.GetRequiredService<HttpClient>(),
            sp.GetRequiredService<IOptions<InfluxOptions>>().Value,
            sp.GetRequiredService<ILogger<InfluxWriteClient>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IMeterFactory>()));
        services.AddSingleton(sp => new InfluxQueryClient(sp.GetRequiredService<HttpClient>(), sp.GetRequiredService<IOptions<InfluxOptions>>().Value));

        // The features. Settled messages reach the ISettledMessages subscribers in this order (the seq ledger first, it
        // commits before any ack); hosted services start in this order and stop in reverse.
        services.AddPipeline(config);
        services.AddSeqAccounting(config);
        services.AddDerivation(config);
        services.AddAlerts(config);

        services.AddSingleton(sp => new StatusEndpoints(sp.GetRequiredService<IOptions<EndpointOptions>>().Value, Routes(sp), sp.GetRequiredService<ILogger<StatusEndpoints>>()));
        services.AddHostedService(sp => sp.GetRequiredService<StatusEndpoints>());

        more?.Invoke(services);
        var host = builder.Build();

        // A MeterListener sees only measurements made after it starts: create the exporter before the first message.
        host.Services.GetRequiredService<PrometheusExporter>();
        var log = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IngestHost).FullName!);
        foreach (var notice in renamed)
        {
            RenamedKey(log, notice);
        }

        return host;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Configuration: {Notice}")]
    private static partial void RenamedKey(ILogger logger, string notice);

    /// <summary>The status endpoints (docs/configuration.md, <c>Urls</c>).</summary>
    private static Dictionary<string, Func<StatusResponse>> Routes(IServiceProvider services) => new(StringComparer.Ordinal)
    {
        ["/health"] = () =>
        {
            var mqtt = services.GetRequiredService<BrokerConnections>();
            var influxDenied = services.GetRequiredService<InfluxBatchWriter>().AccessDeniedSince;
            var ok = mqtt.IsConnected && influxDenied is null;
            var report = new HealthReport(ok ? "ok" : "degraded", mqtt.IsConnected, services.GetRequiredService<IngestMetrics>().InFlight,
                services.GetRequiredService<AckDispatcher>().LastStoredAt, services.GetRequiredService<AlertLease>().IsHeld, influxDenied);
            return StatusResponse.Json(JsonSerializer.SerializeToUtf8Bytes(report, IngestJsonContext.Default.HealthReport), ok ? 200 : 503);
        },
        ["/devices"] = () => StatusResponse.Json(JsonSerializer.SerializeToUtf8Bytes(services.GetRequiredService<SeqLedger>().Snapshot(), IngestJsonContext.Default.IReadOnlyListDeviceSeqStatus)),
        ["/alerts"] = () => StatusResponse.Json(AlertJson.EncodeList(services.GetRequiredService<AlertEngine>().Firing())),
        ["/metrics"] = () => StatusResponse.Text(services.GetRequiredService<PrometheusExporter>().Render()),
    };
}

/// <param name="DeliversAlerts">Whether this replica holds the alert lease and so delivers alert events.</param>
/// <param name="InfluxAccessDeniedSince">Since when InfluxDB refuses every write with 401/403 (credentials or rights); null while it does not.</param>
public sealed record HealthReport(string Status, bool MqttConnected, long InFlight, DateTimeOffset? LastStoredAt, bool DeliversAlerts, DateTimeOffset? InfluxAccessDeniedSince);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(IReadOnlyList<DeviceSeqStatus>))]
internal sealed partial class IngestJsonContext : JsonSerializerContext;
