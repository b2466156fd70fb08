using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AirMonitor.Testing.Servers;

/// <summary>One HTTP request as a <see cref="WebhookReceiver"/> took it.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"no {name} header");
}

/// <summary>Kestrel on 127.0.0.1 and a free port: records every request, then answers <see cref="Status"/> or never.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly Channel<ReceivedRequest> _received = Channel.CreateUnbounded<ReceivedRequest>();
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication _app = null!;

    public Uri Url { get; private set; } = null!;

    public int Status { get; set; } = StatusCodes.Status204NoContent;

    public string ErrorText { get; set; } = "";

    /// <summary>Read the request, then answer nothing until the client gives up.</summary>
    public bool Hang { get; set; }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        receiver._app = builder.Build();
        receiver._app.Run(receiver.HandleAsync);
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        receiver.Url = new Uri(new Uri(address), "/hooks/alerts");
        return receiver;
    }

    public async Task<ReceivedRequest> NextAsync(TimeSpan? timeout = null) =>
        await _received.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(10));

    /// <summary>Every request received so far.</summary>
    public async Task<List<ReceivedRequest>> AllAsync()
    {
        _received.Writer.TryComplete();
        return await _received.Reader.ReadAllAsync().ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _received.Writer.TryWrite(new ReceivedRequest(context.Request.Method, context.Request.Path.Value ?? "", headers, body.ToArray()));
        if (Hang)
        {
            using var gone = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            await Task.Delay(Timeout.Infinite, gone.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        context.Response.StatusCode = Status;
        if (ErrorText.Length > 0)
        {
            await context.Response.WriteAsync(ErrorText);
        }
    }
}
