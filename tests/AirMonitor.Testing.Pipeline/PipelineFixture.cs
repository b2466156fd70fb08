using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using AirMonitor.Core.Contract;
using AirMonitor.Influx;
using AirMonitor.Ingest;
using AirMonitor.Ingest.Accounting;
using AirMonitor.Ingest.Observability;
using AirMonitor.Mqtt;
using AirMonitor.Testing.Servers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace AirMonitor.Testing.Pipeline;

/// <summary>Real Mosquitto and InfluxDB for the whole collection; each test runs its own ingest on its own database.</summary>
public class PipelineFixture : IAsyncLifetime
{
    public PipelineFixture()
        : this(influxAuthEnabled: false)
    {
    }

    /// <param name="influxAuthEnabled">InfluxDB with authentication (<see cref="AuthenticatedPipelineFixture"/>).</param>
    protected PipelineFixture(bool influxAuthEnabled)
    {
        Influx = new InfluxServer(influxAuthEnabled);
    }

    public MosquittoServer Broker { get; } = new();

    public InfluxServer Influx { get; }

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Broker.StartAsync(), Influx.StartAsync());
    }

    public async Task DisposeAsync()
    {
        await Broker.DisposeAsync();
        await Influx.DisposeAsync();
    }

    /// <summary>Starts an ingest on a fresh database; extra arguments are configuration (<c>--Key=value</c>).</summary>
    public Task<RunningIngest> StartIngestAsync(params string[] extra) => StartIngestOnAsync($"t{Guid.NewGuid():N}"[..12], extra);

    /// <summary>
    /// Starts an ingest on <paramref name="database"/>, with the MQTT client id, dead-letter directory and seq ledger
    /// that follow from it: started again on the same database, it resumes the stopped one's session and ledger.
    /// </summary>
    public Task<RunningIngest> StartIngestOnAsync(string database, params string[] extra) => StartIngestOnAsync(database, null, extra);

    /// <inheritdoc cref="StartIngestOnAsync(string, string[])"/>
    /// <param name="services">Services added to the ingest's own (<see cref="IngestHost.Build"/>).</param>
    public async Task<RunningIngest> StartIngestOnAsync(string database, Action<IServiceCollection>? services, params string[] extra)
    {
        var state = Path.Combine(Path.GetTempPath(), $"airmon-ingest-{database}");
        var deadLetters = Path.Combine(state, "deadletter");
        string[] args =
        [
            $"--Mqtt:Url={Broker.Url}",
            $"--Mqtt:ClientId=ingest-{database}",
            "--Mqtt:SessionExpiry=00:05:00",
            $"--Influx:Url={Influx.Url}",
            $"--Influx:Database={database}",
            "--Influx:FlushInterval=00:00:00.100",
            $"--Ingest:DeadLetterDirectory={deadLetters}",
            $"--Accounting:LedgerPath={Path.Combine(state, "seq-ledger.db")}",
            $"--Alerts:StatePath={Path.Combine(state, "alerts.db")}",
            "--Urls=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            .. extra,
        ];
        var app = IngestHost.Build(args, services);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            // A start refused (bad configuration, InfluxDB refusing the credentials) leaves nothing running behind the test.
            await ((IAsyncDisposable)app).DisposeAsync();
            throw;
        }

        var url = await app.Services.GetRequiredService<StatusEndpoints>().Url;
        var ingest = new RunningIngest(app, database, deadLetters, url, this);
        await ingest.WaitSubscribedAsync();
        return ingest;
    }

    /// <summary>Publishes with Mosquitto's own client, independent of our MQTT code; an empty retained payload clears the topic's retained message.</summary>
    public Task MosquittoPubAsync(string topic, string payload, bool retain = false) => MosquittoPubAsync(topic, payload, retain, payload.Length == 0 ? "-n" : "-s");

    /// <summary>Publishes each line of <paramref name="lines"/> as one message, from one connection (<c>mosquitto_pub -l</c>): as fast as the broker takes them.</summary>
    public Task MosquittoPubLinesAsync(string topic, IEnumerable<string> lines, bool retain = false) =>
        MosquittoPubAsync(topic, string.Join('\n', lines) + "\n", retain, "-l");

    private async Task MosquittoPubAsync(string topic, string payload, bool retain, string stdinMode)
    {
        var start = new ProcessStartInfo("mosquitto_pub")
        {
            ArgumentList = { "-h", "127.0.0.1", "-p", Broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-q", "1", "-V", "mqttv5", "-t", topic, stdinMode },
            RedirectStandardInput = true,
            RedirectStandardError = true,
        };
        if (retain)
        {
            start.ArgumentList.Add("-r");
        }

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(payload);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
    }

    /// <summary>A device's view of its <c>ack</c> topic.</summary>
    public async Task<AckListener> ListenForAcksAsync(string device)
    {
        var listener = new AckListener(Broker.Url, device);
        await listener.StartAsync();
        return listener;
    }
}

/// <summary>
/// As <see cref="PipelineFixture"/>, with an InfluxDB that requires authentication: the ingest is given a user's
/// credentials by the test (<c>--Influx:Username=…</c>); <see cref="RunningIngest.QueryAsync"/> reads as the admin.
/// </summary>
public sealed class AuthenticatedPipelineFixture() : PipelineFixture(influxAuthEnabled: true);

public sealed class RunningIngest(IHost app, string database, string deadLetterDirectory, Uri url, PipelineFixture fixture) : IAsyncDisposable
{
    private static readonly HttpClient Http = new();

    public IHost App => app;

    public string Database => database;

    public string DeadLetterDirectory => deadLetterDirectory;

    public Uri Url => url;

    public async Task WaitSubscribedAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!(await Http.GetAsync(new Uri(url, "/health"), deadline.Token)).IsSuccessStatusCode)
        {
            await Task.Delay(50, deadline.Token);
        }

        // Subscribed a moment after connecting; the health check says connected.
        await Task.Delay(200, deadline.Token);
    }

    public async Task<IReadOnlyList<InfluxSeries>> QueryAsync(string influxQl)
    {
        using var http = new HttpClient();
        var options = new InfluxOptions { Url = fixture.Influx.Url.ToString(), Database = database };
        if (fixture.Influx.AuthEnabled)
        {
            (options.Username, options.Password) = (InfluxServer.AdminUsername, InfluxServer.AdminPassword);
        }

        return await new InfluxQueryClient(http, options).QueryAsync(influxQl);
    }

    public Task<string> MetricsAsync() => Http.GetStringAsync(new Uri(url, "/metrics"));

    /// <summary>The ingest's seq account of every device (<c>/devices</c>).</summary>
    public Task<IReadOnlyList<DeviceSeqStatus>> DevicesAsync() => IngestHttp.DevicesAsync(url);

    /// <summary>Polls <c>/devices</c> until <paramref name="condition"/> holds, and returns that answer.</summary>
    public async Task<IReadOnlyList<DeviceSeqStatus>> WaitForDevicesAsync(Func<IReadOnlyList<DeviceSeqStatus>, bool> condition, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var devices = await DevicesAsync();
            if (condition(devices) || deadline.IsCancellationRequested)
            {
                return devices;
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await ((IAsyncDisposable)app).DisposeAsync();
    }
}

/// <summary>Collects every ack a device receives.</summary>
public sealed class AckListener(Uri broker, string device) : TopicWatcher(broker, $"acks-{device}")
{
    public ConcurrentQueue<AckMessage> Acks { get; } = new();

    public Task StartAsync() => StartAsync(Topics.Ack(device));

    public IEnumerable<long> Stored => Acks.SelectMany(a => a.Stored);

    public IEnumerable<RejectedSeq> Rejected => Acks.SelectMany(a => a.Rejected);

    /// <summary>Waits until <paramref name="condition"/> holds for the acks received so far.</summary>
    public async Task WaitForAsync(Func<AckListener, bool> condition, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (!condition(this))
        {
            await Task.Delay(25, deadline.Token);
        }
    }

    protected override void OnMessage(string topic, byte[] payload) => Acks.Enqueue(WireCodec.DecodeAck(payload));
}
