using AirMonitor.Testing.Pipeline;


namespace AirMonitor.Ingest.Tests;

/// <summary>One Mosquitto and one InfluxDB for every test of the collection, which run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PipelineServers : ICollectionFixture<PipelineFixture>
{
    public const string Name = "pipeline";
}
