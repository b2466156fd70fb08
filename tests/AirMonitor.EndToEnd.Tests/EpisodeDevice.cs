using AirMonitor.Core.Contract;
using AirMonitor.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;

namespace AirMonitor.EndToEnd.Tests;

/// <summary>
/// A device that publishes a PM2.5 episode as the tests script it, one reading every 100 ms stamped now, and the
/// alert rule the episode is judged by (each reading: above 50 fires after a second, 30 or below resolves).
/// </summary>
internal sealed class EpisodeDevice : IAsyncDisposable
{
    public const string Id = "e2e-station-01";
    public const string Rule = "pm-episode";
    public const string WebhookSecret = "e2e-webhook-secret-0123456789";

    private readonly MqttConnection _connection;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private long _seq;

    private EpisodeDevice(Uri broker)
    {
        _connection = new MqttConnection(new MqttOptions { Url = broker.ToString() }, Id, NullLogger.Instance);
        _run = _connection.RunAsync((_, _) => Task.CompletedTask, _stop.Token);
    }

    /// <summary>The ingest configuration of the rule and the webhook.</summary>
    public static string[] AlertArguments(Uri webhook) =>
    [
        "--Derivation:Interval=00:00:00.300",
        $"--Alerts:Rules:0:Name={Rule}", "--Alerts:Rules:0:Metric=pm2_5", "--Alerts:Rules:0:Window=latest",
        "--Alerts:Rules:0:Threshold=50", "--Alerts:Rules:0:Clear=30", "--Alerts:Rules:0:MinDuration=00:00:01", "--Alerts:Rules:0:Severity=Critical",
        $"--Alerts:Webhook:Url={webhook}", $"--Alerts:Webhook:Secret={WebhookSecret}",
    ];

    public static async Task<EpisodeDevice> ConnectAsync(Uri broker)
    {
        var device = new EpisodeDevice(broker);
        await device._connection.WaitConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        return device;
    }

    /// <summary>Publishes <paramref name="count"/> readings around <paramref name="pm2_5"/> (alternately +0 and +1).</summary>
    public async Task SendAsync(double pm2_5, int count)
    {
        for (var i = 0; i < count; i++, _seq++)
        {
            var sample = new Sample(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "pms5003", new Dictionary<string, double> { ["pm2_5"] = pm2_5 + (i % 2) });
            await _connection.PublishAsync(Topics.Readings(Id), WireCodec.Encode(new ReadingBatch(Id, _seq, [sample])));
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        await _connection.DisposeAsync();
        _stop.Dispose();
    }
}
