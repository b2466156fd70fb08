using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AirMonitor.Core.Contract;
using AirMonitor.Testing;
using AirMonitor.Testing.Pipeline;

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
            if (OwnTests.Contains(Path.GetFileName(file)))
            {
                continue; // known points and the values each panel shows: PlantDashboardQueryTests, FleetDashboardQueryTests
            }

            using var dashboard = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
            {
                foreach (var target in panel.GetProperty("targets").EnumerateArray())
                {
                    data.Add($"{Path.GetFileName(file)}: {panel.GetProperty("title").GetString()}", target.GetProperty("query").GetString()!);
                }
            }

            foreach (var annotation in dashboard.RootElement.GetProperty("annotations").GetProperty("list").EnumerateArray())
            {
                if (annotation.TryGetProperty("target", out var target) && target.TryGetProperty("query", out var query))
                {
                    data.Add($"{Path.GetFileName(file)}: annotation {annotation.GetProperty("name").GetString()}", query.GetString()!);
                }
            }
        }

        return data;
    }

    /// <summary>The dashboards whose queries have a test of their own, over known points.</summary>
    private static readonly string[] OwnTests = [PlantDashboardQueryTests.FileName, FleetDashboardQueryTests.FleetFile, FleetDashboardQueryTests.MapFile];

    [Fact]
    public void Every_panel_and_variable_uses_the_provisioned_data_source()
    {
        var provisioned = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "dashboards", "provisioning", "datasources", "airmon.yaml"));
        Assert.Contains("uid: airmon-influx", provisioned, StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "dashboards", "airmon"), "*.json"))
        {
            using var dashboard = JsonDocument.Parse(File.ReadAllText(file));
            var uses = dashboard.RootElement.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("datasource"))
                .Concat(dashboard.RootElement.GetProperty("panels").EnumerateArray().SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("datasource")))
                .Concat(dashboard.RootElement.GetProperty("annotations").GetProperty("list").EnumerateArray().Select(a => a.GetProperty("datasource")))
                .Concat(dashboard.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray()
                    .Where(v => v.GetProperty("type").GetString() == "query") // a textbox or custom variable asks no data source
                    .Select(v => v.GetProperty("datasource")));
            Assert.All(uses, ds => Assert.Equal("airmon-influx", ds.GetProperty("uid").GetString()));
        }
    }

    [Fact]
    public void Panel_ids_are_unique_in_each_dashboard_and_dashboard_uids_in_the_folder()
    {
        var uids = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "dashboards", "airmon"), "*.json"))
        {
            using var dashboard = JsonDocument.Parse(File.ReadAllText(file));
            var ids = dashboard.RootElement.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("id").GetInt32()).ToList();
            Assert.True(ids.Count == ids.Distinct().Count(), $"{Path.GetFileName(file)}: panel ids {string.Join(", ", ids)}");
            uids.Add(dashboard.RootElement.GetProperty("uid").GetString()!);
        }

        Assert.Equal(uids.Count, uids.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Dashboard_query_returns_data_from_what_the_ingest_stored(string panel, string query)
    {
        await using var ingest = await fixture.StartIngestAsync(
            $"--Ingest:RegistryPath={Path.Combine(RepositoryFiles.Root, "firmware-config", "stations.yaml")}", "--Derivation:Interval=00:00:00.200");
        await using var roadside = await fixture.ListenForAcksAsync("bkk-dindaeng-01");
        await using var plant = await fixture.ListenForAcksAsync("yok-tsurumi-plant-01");

        // 32 hours of 5-minute readings ending a minute ago: a day at 45 µg/m³ then 8 hours at 10, so that the derived
        // series have whole days behind them and Bangkok's 24-h standard fires (hour 18) and is resolved (8 hours later).
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var samples = Enumerable.Range(0, 32 * 12).Reverse().Select(back => (Ts: now - 60_000 - (back * 300_000L), Pm: back >= 8 * 12 ? 45.0 : 10.0))
            .Select(r => string.Create(CultureInfo.InvariantCulture, $$$"""
                {"ts":{{{r.Ts}}},"sensor":"pms5003","values":{"pm2_5":{{{r.Pm}}}}},{"ts":{{{r.Ts}}},"sensor":"bme280","values":{"temperature":31.0,"humidity":70.0}}
                """));
        await fixture.MosquittoPubAsync(Topics.Readings("bkk-dindaeng-01"), $$$"""
            {"device":"bkk-dindaeng-01","seq":1,"samples":[{{{string.Join(',', samples)}}}]}
            """);
        // Every other pollutant, so that each station panel has its series: Bangkok's gases at a second roadside station
        // (its device corrected, pm_correction), Yokohama's oxidants, NO, NOx and SPM at an ambient one.
        await using var gases = await fixture.ListenForAcksAsync("bkk-phayathai-01");
        await using var oxidants = await fixture.ListenForAcksAsync("yok-tsurumi-01");
        var times = Enumerable.Range(0, 32 * 12).Reverse().Select(back => now - 60_000 - (back * 300_000L)).ToList();
        await fixture.MosquittoPubAsync(Topics.Readings("bkk-phayathai-01"), Message("bkk-phayathai-01", times.Select(ts => string.Create(CultureInfo.InvariantCulture, $$$"""
            {"ts":{{{ts}}},"sensor":"pms5003","values":{"pm2_5":30,"pm2_5_cf1":30,"pm10":45}},{"ts":{{{ts}}},"sensor":"analysers","values":{"humidity":60,"o3":55,"no2":40,"so2":6,"co":0.8}}
            """))));
        await fixture.MosquittoPubAsync(Topics.Readings("yok-tsurumi-01"), Message("yok-tsurumi-01", times.Select(ts => string.Create(CultureInfo.InvariantCulture, $$$"""
            {"ts":{{{ts}}},"sensor":"analysers","values":{"ox":70,"no":8,"no2":25,"nox":33,"spm":22}}
            """))));
        await fixture.MosquittoPubAsync(Topics.Readings("yok-tsurumi-plant-01"), $$$"""
            {"device":"yok-tsurumi-plant-01","seq":1,"samples":[
              {"ts":{{{now - 60_000}}},"sensor":"stack-gas","values":{"o2":10.5,"stack_nox":90,"stack_so2":12}},
              {"ts":{{{now - 60_000}}},"sensor":"flue-temperature","values":{"flue_temperature":180}}]}
            """);
        await roadside.WaitForAsync(a => a.Stored.Contains(1));
        await gases.WaitForAsync(a => a.Stored.Contains(1));
        await oxidants.WaitForAsync(a => a.Stored.Contains(1));
        await plant.WaitForAsync(a => a.Stored.Contains(1));
        await Poll.UntilAsync(
            async () => (await ingest.QueryAsync("SELECT count(aqi_th) FROM air_index")).Count > 0
                && (await ingest.QueryAsync("SELECT count(co_8h) FROM air_index")).Count > 0
                && (await ingest.QueryAsync("SELECT count(spm) FROM air_index")).Count > 0
                && (await ingest.QueryAsync("SELECT count(summary) FROM alert_event WHERE state = 'resolved'")).Count > 0,
            TimeSpan.FromSeconds(30), "the derived series and the resolved alert event");

        var series = await ingest.QueryAsync(AsGrafanaWould(query));

        Assert.True(series.Count > 0, $"{panel}: no series for {query}");
        // Panels plot numbers; annotations show text.
        var kind = panel.Contains(": annotation ", StringComparison.Ordinal) ? JsonValueKind.String : JsonValueKind.Number;
        Assert.Contains(series, s => s.Values.Any(row => row.Skip(1).Any(cell => cell.ValueKind == kind)));
    }

    private static string Message(string device, IEnumerable<string> samples) =>
        $$"""{"device":"{{device}}","seq":1,"samples":[{{string.Join(',', samples)}}]}""";

    // What Grafana substitutes before it sends a query: the time range, the interval, and "All" for each variable.
    private static string AsGrafanaWould(string query) => AllValues().Replace(
        query.Replace("$timeFilter", "time > now() - 2d", StringComparison.Ordinal).Replace("$__interval", "1m", StringComparison.Ordinal),
        "/^.*$/");

    [GeneratedRegex(@"/\^\$\w+\$/")]
    private static partial Regex AllValues();
}
