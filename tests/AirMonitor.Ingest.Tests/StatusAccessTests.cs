using System.Net;
using System.Net.Http.Headers;
using AirMonitor.Core.Contract;
using AirMonitor.Testing;
using AirMonitor.Testing.Pipeline;
using AirMonitor.Testing.Servers;

namespace AirMonitor.Ingest.Tests;

/// <summary>
/// The status endpoints of a running ingest: the device list and alerts for the token's holders only, the metrics on an
/// address of their own, and a health check that says when messages arrive but nothing is settled.
/// </summary>
[Collection(PipelineServers.Name)]
public sealed class StatusAccessTests(PipelineFixture fixture)
{
    private const string Token = "a-token-for-the-dashboards-0123";
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task With_a_token_the_device_list_and_alerts_need_it_and_metrics_listen_apart()
    {
        var metricsPort = ServerProcess.FreePort();
        await using var ingest = await fixture.StartIngestAsync($"--Status:Token={Token}", $"--Status:MetricsUrls=http://127.0.0.1:{metricsPort}");

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOf(new Uri(ingest.Url, "/devices")));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOf(new Uri(ingest.Url, "/alerts"), "wrong-token-of-the-same-length"));
        Assert.Equal(HttpStatusCode.OK, await StatusOf(new Uri(ingest.Url, "/devices"), Token));
        Assert.Equal(HttpStatusCode.OK, await StatusOf(new Uri(ingest.Url, "/alerts"), Token));
        Assert.Equal(HttpStatusCode.OK, await StatusOf(new Uri(ingest.Url, "/health")));
        Assert.Equal(HttpStatusCode.NotFound, await StatusOf(new Uri(ingest.Url, "/metrics")));
        Assert.Contains("airmon_ingest_", await Http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_says_stalled_while_a_message_waits_on_a_hung_database_and_ok_once_it_is_stored()
    {
        await using var ingest = await fixture.StartIngestAsync("--Status:StallAfter=00:00:01");
        await using var acks = await fixture.ListenForAcksAsync("stall-01");
        Assert.Equal(HttpStatusCode.OK, await StatusOf(new Uri(ingest.Url, "/health")));

        fixture.Influx.Pause();
        try
        {
            var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await fixture.MosquittoPubAsync(Topics.Readings("stall-01"),
                $$$"""{"device":"stall-01","seq":1,"samples":[{"ts":{{{ts}}},"sensor":"pms5003","values":{"pm2_5":12.5}}]}""");

            await Poll.UntilAsync(async () => await HealthAsync(ingest) is (HttpStatusCode.ServiceUnavailable, var body) && body.Contains("\"status\":\"stalled\"", StringComparison.Ordinal),
                TimeSpan.FromSeconds(20), "the ingest's /health to say stalled");
        }
        finally
        {
            fixture.Influx.Resume();
        }

        await acks.WaitForAsync(a => a.Stored.Contains(1));
        await Poll.UntilAsync(async () => (await HealthAsync(ingest)).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(20), "the ingest's /health to say ok again");
    }

    private static async Task<HttpStatusCode> StatusOf(Uri url, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await Http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<(HttpStatusCode Status, string Body)> HealthAsync(RunningIngest ingest)
    {
        using var response = await Http.GetAsync(new Uri(ingest.Url, "/health"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
