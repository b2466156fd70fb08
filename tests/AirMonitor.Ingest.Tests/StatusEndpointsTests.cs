using System.Net.Sockets;
using System.Text;
using AirMonitor.Ingest.Observability;
using Microsoft.Extensions.Logging.Abstractions;

namespace AirMonitor.Ingest.Tests;

/// <summary>The ingest's own HTTP/1.1 status server, spoken to over a raw socket: what it answers, byte for byte.</summary>
public sealed class StatusEndpointsTests : IAsyncLifetime, IDisposable
{
    private const string Token = "s3cret-token-of-32-characters-xx";

    private readonly StatusEndpoints _server = new(
        "http://127.0.0.1:0",
        new Dictionary<string, Func<StatusResponse>>
        {
            ["/health"] = () => StatusResponse.Json("{\"status\":\"ok\"}"u8.ToArray()),
            ["/devices"] = () => StatusResponse.Json("[]"u8.ToArray()),
        },
        NullLogger<StatusEndpoints>.Instance,
        Token,
        new HashSet<string>(["/devices"]));

    public Task InitializeAsync() => _server.StartAsync(CancellationToken.None);

    public Task DisposeAsync() => _server.StopAsync(CancellationToken.None);

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Get_answers_head_and_body_and_head_answers_the_head_alone()
    {
        var get = await ExchangeAsync("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        var head = await ExchangeAsync("HEAD /health HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.Equal("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\nConnection: close\r\n\r\n{\"status\":\"ok\"}", get);
        Assert.Equal("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\nConnection: close\r\n\r\n", head);
    }

    [Fact]
    public async Task Another_method_is_refused_with_the_methods_there_are_and_an_unknown_path_is_not_found()
    {
        Assert.StartsWith("HTTP/1.1 405 Method Not Allowed\r\nContent-Type: text/plain\r\nContent-Length: 19\r\nAllow: GET, HEAD\r\n",
            await ExchangeAsync("POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 404 Not Found\r\n", await ExchangeAsync("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", await ExchangeAsync("hello\r\n\r\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_guarded_path_answers_only_the_token_and_says_how_to_give_it()
    {
        var without = await ExchangeAsync("GET /devices HTTP/1.1\r\nHost: x\r\n\r\n");
        var wrong = await ExchangeAsync($"GET /devices HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {Token[..^1]}y\r\n\r\n");
        var right = await ExchangeAsync($"GET /devices HTTP/1.1\r\nHost: x\r\nauthorization:  Bearer {Token}\r\n\r\n");

        Assert.Equal("HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nWWW-Authenticate: Bearer realm=\"airmon-ingest\"\r\nConnection: close\r\n\r\nUnauthorized\n", without);
        Assert.StartsWith("HTTP/1.1 401 Unauthorized\r\n", wrong, StringComparison.Ordinal);
        Assert.Equal("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]", right);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", await ExchangeAsync("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"), StringComparison.Ordinal);
    }

    private async Task<string> ExchangeAsync(string request)
    {
        var url = await _server.Url;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(url.Host, url.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        var answer = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer)) > 0)
        {
            answer.Write(buffer, 0, read);
        }

        return Encoding.ASCII.GetString(answer.ToArray());
    }
}
