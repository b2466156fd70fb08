using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace AirMonitor.Ingest.Observability;

/// <summary>One answer of a status endpoint.</summary>
public readonly record struct StatusResponse(int Status, string ContentType, byte[] Body)
{
    public static StatusResponse Json(byte[] body, int status = 200) => new(status, "application/json", body);

    public static StatusResponse Text(string body) => new(200, "text/plain; version=0.0.4", Encoding.UTF8.GetBytes(body));
}

/// <summary>
/// The ingest's read-only HTTP endpoints (<c>GET /health</c>, <c>/metrics</c>, …) on one address: the least of HTTP/1.1
/// they need, so the ingest carries no web framework (ASP.NET Core cost it about 20 MiB resident). One request per
/// connection (<c>Connection: close</c>), GET and HEAD only; a request head larger than 8 KiB, or not sent within
/// 5 s, is refused; at most 16 connections are served at once, the rest wait in the listen queue.
/// </summary>
/// <param name="urls"><c>http://address:port</c> (<see cref="EndpointOptions"/>).</param>
/// <param name="token">When set, the <paramref name="guarded"/> paths answer only a request with <c>Authorization: Bearer {token}</c>; others get 401.</param>
public sealed partial class StatusEndpoints(
    string urls,
    IReadOnlyDictionary<string, Func<StatusResponse>> routes,
    ILogger<StatusEndpoints> logger,
    string? token = null,
    IReadOnlySet<string>? guarded = null)
    : BackgroundService
{
    private const int MaxRequestHead = 8 * 1024;
    private const int MaxConnections = 16;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly TaskCompletionSource<Uri> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly byte[]? _authorization = token is null ? null : Encoding.UTF8.GetBytes($"Bearer {token}");
    private Socket? _listener;

    /// <summary>Where it listens, once it does (the port chosen by the system when <c>Urls</c> gave port 0).</summary>
    public Task<Uri> Url => _bound.Task;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Bound before the host reports started, so a taken port fails the start, as a configuration problem would.
        var endpoint = EndpointOptions.EndPoint(urls);
        _listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _listener.Bind(endpoint);
            _listener.Listen(64);
        }
        catch (SocketException e)
        {
            _listener.Dispose();
            throw new ArgumentException($"'{urls}' cannot be listened on: {e.Message}", e);
        }

        var bound = (IPEndPoint)_listener.LocalEndPoint!;
        _bound.TrySetResult(new Uri($"http://{(bound.Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{bound.Address}]" : bound.Address)}:{bound.Port}"));
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var listener = _listener!;
        using var slots = new SemaphoreSlim(MaxConnections);
        try
        {
            while (true)
            {
                await slots.WaitAsync(stoppingToken);
                var client = await listener.AcceptAsync(stoppingToken);
                _ = ServeAsync(client, slots, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    private async Task ServeAsync(Socket client, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        var head = ArrayPool<byte>.Shared.Rent(MaxRequestHead);
        try
        {
            using (client)
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                timeout.CancelAfter(RequestTimeout);
                var request = await ReadRequestAsync(client, head, timeout.Token);
                var response = request switch
                {
                    null => Plain(400),
                    var (method, _, _) when method is not ("GET" or "HEAD") => Plain(405),
                    var (_, path, authorization) when token is not null && guarded?.Contains(path) == true && !Authorized(authorization) => Plain(401),
                    var (_, path, _) when routes.TryGetValue(path, out var route) => route(),
                    _ => Plain(404),
                };

                // A HEAD answer is the GET answer's head alone (RFC 9110, 9.3.2).
                await WriteAsync(client, response, withBody: request?.Method != "HEAD", timeout.Token);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
        {
            // a client that went away or was too slow; nothing to answer
        }
        catch (Exception e)
        {
            LogFailed(e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
            slots.Release();
        }
    }

    /// <summary>Whether the request carries the token, compared in constant time (no timing tells how much of it was right).</summary>
    private bool Authorized(string? authorization) =>
        authorization is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(authorization), _authorization);

    /// <summary>The method and path of the request line and its Authorization header, once the whole head has arrived; null when it is not HTTP or too large.</summary>
    private static async Task<(string Method, string Path, string? Authorization)?> ReadRequestAsync(Socket client, byte[] head, CancellationToken cancellationToken)
    {
        var length = 0;
        while (head.AsSpan(0, length).IndexOf("\r\n\r\n"u8) < 0)
        {
            if (length == MaxRequestHead)
            {
                return null;
            }

            var read = await client.ReceiveAsync(head.AsMemory(length, MaxRequestHead - length), cancellationToken);
            if (read == 0)
            {
                return null;
            }

            length += read;
        }

        var lines = Encoding.ASCII.GetString(head.AsSpan(0, head.AsSpan(0, length).IndexOf("\r\n\r\n"u8))).Split("\r\n");
        var parts = lines[0].Split(' ');
        if (parts is not [var method, var target, var version] || !version.StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            return null;
        }

        var query = target.IndexOf('?', StringComparison.Ordinal);
        var authorization = lines.Skip(1)
            .Where(l => l.StartsWith("Authorization:", StringComparison.OrdinalIgnoreCase))
            .Select(l => l["Authorization:".Length..].Trim())
            .FirstOrDefault();
        return (method, query < 0 ? target : target[..query], authorization);
    }

    private static async Task WriteAsync(Socket client, StatusResponse response, bool withBody, CancellationToken cancellationToken)
    {
        // A 405 names the methods there are (RFC 9110, 15.5.6).
        var allow = response.Status switch
        {
            405 => "Allow: GET, HEAD\r\n",
            401 => "WWW-Authenticate: Bearer realm=\"airmon-ingest\"\r\n", // RFC 6750, 3
            _ => "",
        };
        var header = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {response.Status} {Reason(response.Status)}\r\nContent-Type: {response.ContentType}\r\nContent-Length: {response.Body.Length}\r\n{allow}Connection: close\r\n\r\n");
        await client.SendAsync(header, cancellationToken);
        if (withBody)
        {
            await client.SendAsync(response.Body, cancellationToken);
        }

        client.Shutdown(SocketShutdown.Send);
    }

    private static StatusResponse Plain(int status) => new(status, "text/plain", Encoding.ASCII.GetBytes(Reason(status) + "\n"));

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "Status",
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "A status endpoint failed")]
    private partial void LogFailed(Exception exception);
}

/// <summary>Where the status endpoints listen (the top-level configuration key <c>Urls</c>).</summary>
public sealed class EndpointOptions
{
    /// <summary><c>http://address:port</c>: an IP address (or <c>localhost</c>), port 0 for any free one.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:9180";

    public IEnumerable<string> Validate()
    {
        if (!TryParse(Urls, out _))
        {
            yield return $"Urls '{Urls}' is not http://address:port with an IP address or localhost (one URL; put TLS and authentication in a proxy in front)";
        }
    }

    internal static IPEndPoint EndPoint(string urls) => TryParse(urls, out var endpoint) ? endpoint : throw new ArgumentException($"'{urls}' is not http://address:port");

    internal static bool TryParse(string? urls, out IPEndPoint endpoint)
    {
        endpoint = new IPEndPoint(IPAddress.Loopback, 0);
        if (!Uri.TryCreate(urls?.TrimEnd('/'), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/" || uri.Port < 0)
        {
            return false;
        }

        var address = uri.IsLoopback && uri.HostNameType == UriHostNameType.Dns ? IPAddress.Loopback
            : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? ip : null;
        if (address is null)
        {
            return false;
        }

        endpoint = new IPEndPoint(address, uri.Port);
        return true;
    }
}
