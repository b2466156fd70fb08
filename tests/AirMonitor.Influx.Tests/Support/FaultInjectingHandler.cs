using System.IO.Compression;
using System.Net;
using System.Text;

namespace AirMonitor.Influx.Tests.Support;

/// <summary>What a request looked like on the wire, as seen by <see cref="FaultInjectingHandler"/>.</summary>
public sealed record RecordedRequest(int Index, HttpMethod Method, Uri Uri, string? Authorization, IReadOnlyList<string> ContentEncoding, string Body, int WireBodyLength, bool Forwarded)
{
    public string[] Lines => Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// Fault injection at the client boundary: answers some requests itself (413, 503, 429, a delay…) and
/// forwards every other request to the real server. It is not an imitation of the server: what is stored is
/// always what the real server stored.
/// </summary>
public sealed class FaultInjectingHandler : DelegatingHandler
{
    private readonly Func<RecordedRequest, HttpResponseMessage?> _inject;
    private readonly List<RecordedRequest> _requests = [];
    private readonly SemaphoreSlim _requestSeen = new(0);
    private int _arrived;

    /// <param name="inject">Given each request (body decompressed), returns an answer to give instead of forwarding, or null.</param>
    public FaultInjectingHandler(Func<RecordedRequest, HttpResponseMessage?> inject)
        : base(new SocketsHttpHandler())
    {
        _inject = inject;
    }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Writes passed on to the server (whether or not it answered).</summary>
    public IReadOnlyList<RecordedRequest> ForwardedWrites => Requests.Where(r => r.Forwarded && r.Uri.AbsolutePath.EndsWith("/write", StringComparison.Ordinal)).ToList();

    /// <summary>Waits until at least <paramref name="count"/> requests have been answered.</summary>
    public async Task WaitForRequestsAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Requests.Count < count)
        {
            await _requestSeen.WaitAsync(timeout.Token);
        }
    }

    public static HttpResponseMessage Answer(HttpStatusCode status, string? body = null, Action<HttpResponseMessage>? configure = null)
    {
        var response = new HttpResponseMessage(status);
        if (body is not null)
        {
            response.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        configure?.Invoke(response);
        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var wire = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var encoding = request.Content?.Headers.ContentEncoding.ToList() ?? [];
        var body = encoding.Contains("gzip") ? Gunzip(wire) : wire;
        var index = Interlocked.Increment(ref _arrived) - 1; // in order of arrival, also while earlier ones are in flight

        var probe = new RecordedRequest(index, request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), encoding, Encoding.UTF8.GetString(body), wire.Length, Forwarded: false);
        var injected = _inject(probe);
        try
        {
            if (injected is not null)
            {
                return injected;
            }

            // the content was read above; give the server an identical copy
            var copy = new ByteArrayContent(wire);
            foreach (var header in request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            request.Content = request.Content is null ? null : copy;
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            // recorded whether the server answered or not (connection refused, timeout)
            lock (_requests)
            {
                _requests.Add(probe with { Forwarded = injected is null });
            }

            _requestSeen.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _requestSeen.Dispose();
        }

        base.Dispose(disposing);
    }

    private static byte[] Gunzip(byte[] data)
    {
        using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
