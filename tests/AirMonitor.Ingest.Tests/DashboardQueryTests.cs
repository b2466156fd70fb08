using AirMonitor.Testing;
using System.Text.Json;
using System.Text.RegularExpressions;
using AirMonitor.Core.Contract;

namespace AirMonitor.Ingest.Tests;

/// <summary>No Grafana server can run here, so every dashboard query runs against a real InfluxDB holding what the ingest stored.</summary>
[Collection(PipelineServers.Name)]
public sealed partial class DashboardQueryTests(PipelineFixture fixture)
{
    public static TheoryData<string, string> Queries()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "dashboards", "airmon"), "*.json"))
        {
            using var dashboard = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
            {
                foreach (var target in panel.GetProperty("targets").EnumerateArray())
                {
                    data.Add($"{Path.GetFileName(file)}: {panel.GetProperty("title").GetString()}", target.GetProperty("query").GetString()!);
                }
            }
        }

        return data;
    }

    [Fact]
    public void Every_panel_and_variable_uses_the_provisioned_data_source()
    {
        var provisioned = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "dashboards", "provisioning", "datasources", "airmon.yaml"));
        Assert.Contains("uid: airmon-influx", provisioned, StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "dashboards", "airmon"), "*.json"))
        {
            using var dashboard = JsonDocument.Parse(File.ReadAllText(file));
            var uses = dashboard.RootElement.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("datasource"))
                .Concat(dashboard.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray().Select(v => v.GetProperty("datasource")));
            Assert.All(uses, ds => Assert.Equal("airmon-influx", ds.GetProperty("uid").GetString()));
        }
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Dashboard_query_returns_data_from_what_the_ingest_stored(string panel, string query)
    {
        await using var ingest = await fixture.StartIngestAsync(
            $"--Ingest:RegistryPath={Path.Combine(RepositoryFiles.Root, "firmware-config", "stations.yaml")}");
        await using var roadside = await fixture.ListenForAcksAsync("bkk-dindaeng-01");
        await using var plant = await fixture.ListenForAcksAsync("yok-tsurumi-plant-01");
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        await fixture.MosquittoPubAsync(Topics.Readings("bkk-dindaeng-01"), $$$"""
            {"device":"bkk-dindaeng-01","seq":1,"samples":[
              {"ts":{{{ts}}},"sensor":"pms5003","values":{"pm2_5":41.5}},
              {"ts":{{{ts}}},"sensor":"bme280","values":{"temperature":31.0,"humidity":70.0}}]}
            """);
        await fixture.MosquittoPubAsync(Topics.Readings("yok-tsurumi-plant-01"), $$$"""
            {"device":"yok-tsurumi-plant-01","seq":1,"samples":[
              {"ts":{{{ts}}},"sensor":"cems","values":{"o2":10.5,"stack_nox":90,"stack_so2":12,"stack_co":8,"flue_temperature":180}}]}
            """);
        await roadside.WaitForAsync(a => a.Stored.Contains(1));
        await plant.WaitForAsync(a => a.Stored.Contains(1));

        var series = await ingest.QueryAsync(AsGrafanaWould(query));

        Assert.True(series.Count > 0, $"{panel}: no series for {query}");
        Assert.Contains(series, s => s.Values.Any(row => row.Skip(1).Any(cell => cell.ValueKind == JsonValueKind.Number)));
    }

    // What Grafana substitutes before it sends a query: the time range, the interval, and "All" for each variable.
    private static string AsGrafanaWould(string query) => AllValues().Replace(
        query.Replace("$timeFilter", "time > now() - 1h", StringComparison.Ordinal).Replace("$__interval", "1m", StringComparison.Ordinal),
        "/^.*$/");

    [GeneratedRegex(@"/\^\$\w+\$/")]
    private static partial Regex AllValues();
}
