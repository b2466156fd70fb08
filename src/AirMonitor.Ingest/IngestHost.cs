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
using AirMonitor.Ingest.Emissions;
using AirMonitor.Ingest.FleetHealth;
using AirMonitor.Ingest.Observability;
using AirMonitor.Ingest.Pipeline;
using AirMonitor.Ingest.Stations;
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
        services.AddSingleton<LocalStoreHealth>();
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
        services.AddEmissions(config);
        services.AddAlerts(config);
        services.AddStationDirectory();
        services.AddFleetHealth(config);

        services.AddValidatedOptions<StatusOptions>(config.GetSection(StatusOptions.Section), o => o.Validate());
        var metricsUrls = config.GetSection(StatusOptions.Section)[nameof(StatusOptions.MetricsUrls)]; // decides the listeners, so read now
        services.AddSingleton(sp =>
        {
            var routes = Routes(sp);
            if (metricsUrls is null)
            {
                routes["/metrics"] = MetricsRoute(sp);
            }

            return new StatusEndpoints(sp.GetRequiredService<IOptions<EndpointOptions>>().Value.Urls, routes, sp.GetRequiredService<ILogger<StatusEndpoints>>(),
                sp.GetRequiredService<IOptions<StatusOptions>>().Value.Token, Guarded);
        });
        services.AddHostedService(sp => sp.GetRequiredService<StatusEndpoints>());
        if (metricsUrls is not null)
        {
            // A second listener of its own; registered as a plain IHostedService, which AddHostedService would fold into the first.
            services.AddSingleton<IHostedService>(sp => new StatusEndpoints(
                metricsUrls, new Dictionary<string, Func<StatusResponse>> { ["/metrics"] = MetricsRoute(sp) }, sp.GetRequiredService<ILogger<StatusEndpoints>>()));
        }

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

    /// <summary>What a device list and the alerts tell about the network: with <c>Status:Token</c> set, for its holders only.</summary>
    private static readonly IReadOnlySet<string> Guarded = new HashSet<string>(["/devices", "/alerts"], StringComparer.Ordinal);

    /// <summary>The status endpoints (docs/configuration.md, <c>Urls</c>, <c>Status</c>).</summary>
    private static Dictionary<string, Func<StatusResponse>> Routes(IServiceProvider services) => new(StringComparer.Ordinal)
    {
        ["/health"] = () =>
        {
            var connected = services.GetRequiredService<BrokerConnections>().IsConnected;
            var influxDenied = services.GetRequiredService<InfluxBatchWriter>().AccessDeniedSince;
            var inFlight = services.GetRequiredService<IngestMetrics>().InFlight;
            var acks = services.GetRequiredService<AckDispatcher>();
            var stalled = inFlight > 0
                && services.GetRequiredService<TimeProvider>().GetUtcNow() - acks.LastSettledAt > services.GetRequiredService<IOptions<StatusOptions>>().Value.StallAfter;
            var disksFailing = services.GetRequiredService<LocalStoreHealth>().FailingSince;
            var report = new HealthReport(!connected || influxDenied is not null || disksFailing.Count > 0 ? "degraded" : stalled ? "stalled" : "ok", connected, inFlight,
                acks.LastStoredAt, acks.LastSettledAt, services.GetRequiredService<AlertLease>().IsHeld, influxDenied, disksFailing);
            return StatusResponse.Json(JsonSerializer.SerializeToUtf8Bytes(report, IngestJsonContext.Default.HealthReport), report.Status == "ok" ? 200 : 503);
        },
        ["/devices"] = () => StatusResponse.Json(JsonSerializer.SerializeToUtf8Bytes(services.GetRequiredService<SeqLedger>().Snapshot(), IngestJsonContext.Default.IReadOnlyListDeviceSeqStatus)),
        ["/alerts"] = () => StatusResponse.Json(AlertJson.EncodeList(services.GetRequiredService<AlertEngine>().Firing())),
    };

    /// <summary><c>/metrics</c>: on <c>Urls</c> beside the others, or on <c>Status:MetricsUrls</c> alone.</summary>
    private static Func<StatusResponse> MetricsRoute(IServiceProvider services) =>
        () => StatusResponse.Text(services.GetRequiredService<PrometheusExporter>().Render());
}

/// <param name="Status"><c>ok</c>; <c>degraded</c>: not connected to the broker, InfluxDB refuses every write, or a local store cannot write; <c>stalled</c>: messages wait and none was settled for <c>Status:StallAfter</c>.</param>
/// <param name="LastSettledAt">When messages were last stored or rejected (the start until then).</param>
/// <param name="DeliversAlerts">Whether this replica holds the alert lease and so delivers alert events.</param>
/// <param name="InfluxAccessDeniedSince">Since when InfluxDB refuses every write with 401/403 (credentials or rights); null while it does not.</param>
/// <param name="LocalStoresFailingSince">Each of the ingest's own files that cannot be written now (<c>seq-ledger</c>, <c>alert-store</c>, <c>dead-letters</c>: a full disk), since when; empty while all can.</param>
public sealed record HealthReport(
    string Status, bool MqttConnected, long InFlight, DateTimeOffset? LastStoredAt, DateTimeOffset LastSettledAt, bool DeliversAlerts, DateTimeOffset? InfluxAccessDeniedSince,
    IReadOnlyDictionary<string, DateTimeOffset> LocalStoresFailingSince);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(IReadOnlyList<DeviceSeqStatus>))]
internal sealed partial class IngestJsonContext : JsonSerializerContext;
