using AirMonitor.Testing.Pipeline;

namespace AirMonitor.Cli.Tests;

/// <summary>One Mosquitto and one InfluxDB for the commands run against a real ingest, one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PipelineServers : ICollectionFixture<PipelineFixture>
{
    public const string Name = "pipeline";
}
