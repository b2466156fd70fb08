using System.Diagnostics.Metrics;
using System.Threading.Channels;
using AirMonitor.Core.Stations;
using AirMonitor.Hosting;
using AirMonitor.Influx;
using AirMonitor.Ingest.DeadLetters;
using AirMonitor.Ingest.Observability;
using AirMonitor.Ingest.Validation;
using AirMonitor.Mqtt;
using Microsoft.Extensions.Options;

namespace AirMonitor.Ingest.Pipeline;

internal static class PipelineFeature
{
    /// <summary>
    /// MQTT readings → validation → InfluxDB → acknowledgement (README.md beside this file). Its hosted services stop in
    /// reverse order: the intake stops taking messages first, then the dispatcher drains, then the device acks.
    /// </summary>
    public static IServiceCollection AddPipeline(this IServiceCollection services, IConfiguration config)
    {
        services.AddValidatedOptions<MqttOptions>(config.GetSection(MqttOptions.Section), o => o.Validate());
        services.AddValidatedOptions<InfluxOptions>(config.GetSection(InfluxOptions.SectionName), o => o.Validate());
        services.AddValidatedOptions<ValidationOptions>(config.GetSection(ValidationOptions.Section), o => o.Validate());

        services.AddSingleton(sp => new ReadingValidator(sp.GetRequiredService<IOptions<ValidationOptions>>().Value, sp.GetRequiredService<StationRegistry>()));
        services.AddSingleton<DeviceAdmission>();
        services.AddSingleton(sp => new PointMapper(sp.GetRequiredService<StationRegistry>()));
        services.AddValidatedOptions<DeadLetterOptions>(config.GetSection(DeadLetterOptions.Section), o => o.Validate());
        services.AddSingleton(sp => new DeadLetterStore(
            sp.GetRequiredService<IOptions<IngestOptions>>().Value.DeadLetterDirectory,
            sp.GetRequiredService<IOptions<DeadLetterOptions>>().Value,
            sp.GetRequiredService<IngestMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DeadLetterStore>>(),
            sp.GetRequiredService<LocalStoreHealth>()));
        services.AddSingleton(_ => Channel.CreateUnbounded<InFlightMessage>(new UnboundedChannelOptions { SingleReader = true }));
        services.AddSingleton(sp => new InFlightWindow(sp.GetRequiredService<IOptions<IngestOptions>>().Value.MaxInFlightMessages));
        services.AddSingleton(sp => new InfluxBatchWriter(
            sp.GetRequiredService<InfluxWriteClient>(),
            sp.GetRequiredService<IOptions<InfluxOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<InfluxBatchWriter>>(),
            sp.GetRequiredService<IMeterFactory>()));
        services.AddSingleton(sp =>
        {
            var mqtt = sp.GetRequiredService<IOptions<MqttOptions>>().Value;
            var clientId = BrokerIdentity.ClientId(mqtt);
            var logger = sp.GetRequiredService<ILogger<MqttConnection>>();
            var session = new MqttSession { ManualAcknowledge = true };
            return new BrokerConnections(
                // The readings stream is read in chunks; the publishing connection reads each PUBACK at once, for the
                // broker lets the ingest have only 20 publishes unacknowledged (deploy/mosquitto/airmon.conf).
                new MqttConnection(mqtt, clientId, logger, session with { ReadInterval = TimeSpan.FromMilliseconds(5) }),
                new MqttConnection(mqtt, clientId + BrokerConnections.PublishingSuffix, logger, session));
        });

        // First of the ingest's hosted services: a refused InfluxDB stops the start before anything else runs.
        services.AddSingleton<InfluxAccess>();
        services.AddHostedService(sp => sp.GetRequiredService<InfluxAccess>());
        services.AddSingleton<DeviceAcks>();
        services.AddHostedService(sp => sp.GetRequiredService<DeviceAcks>());
        services.AddSingleton<AckDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<AckDispatcher>());
        services.AddHostedService<ReadingIntake>();
        return services;
    }
}
