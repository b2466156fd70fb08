using System.Diagnostics.Metrics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AirMonitor.Influx;

/// <summary>
/// Sends points to InfluxDB's HTTP write API: one <see cref="WriteAsync"/> is one logical write.
/// It splits a batch in halves on 413 (body too large) but does not retry anything else: it throws
/// <see cref="InfluxWriteException"/> saying whether a retry may help. <see cref="InfluxBatchWriter"/> retries.
/// </summary>
public sealed partial class InfluxWriteClient
{
    private const int MaxErrorTextLength = 2000;
    private static readonly MediaTypeHeaderValue LineProtocolMediaType = new("text/plain") { CharSet = "utf-8" };

    private readonly HttpClient _httpClient;
    private readonly InfluxOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly InfluxInstruments _instruments;
    private readonly AuthenticationHeaderValue? _authorization;

    /// <param name="httpClient">Used as is; its BaseAddress is ignored (the URL comes from the options).</param>
    /// <param name="options">Validated here: invalid options throw <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>.</param>
    /// <param name="logger">Optional.</param>
    /// <param name="timeProvider">Clock for the request timeout and Retry-After dates; the system clock by default.</param>
    /// <param name="meterFactory">Meter source; a process-wide meter named <see cref="InfluxMetrics.MeterName"/> by default.</param>
    public InfluxWriteClient(
        HttpClient httpClient,
        InfluxOptions options,
        ILogger<InfluxWriteClient>? logger = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _httpClient = httpClient;
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _instruments = InfluxInstruments.For(meterFactory);
        WriteUri = CreateWriteUri(options);
        _authorization = InfluxAuthorization.Create(options);
    }

    /// <summary>The URL points are posted to (it carries no credentials).</summary>
    public Uri WriteUri { get; }

    /// <summary>Writes the points in one request (more only if the server answers 413 and the batch is split).</summary>
    /// <exception cref="ArgumentException">A point cannot be written as line protocol; nothing was sent.</exception>
    /// <exception cref="InfluxWriteException">The server did not store the points, or did not answer.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task WriteAsync(IReadOnlyList<InfluxPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return Task.CompletedTask;
        }

        var lines = new LineWriter(points.Count * 128);
        try
        {
            for (var i = 0; i < points.Count; i++)
            {
                lines.Point(points[i]);
            }
        }
        catch
        {
            lines.Dispose();
            throw;
        }

        return WriteAndReleaseAsync(lines, cancellationToken);
    }

    /// <summary>
    /// Writes nothing (an empty body) to see whether a write would be accepted: InfluxDB 1.x checks the credentials
    /// (401), the database (404) and the user's right to write to it (403) before it reads the body, and answers an
    /// empty one with 204 (not gzipped: a gzipped empty body is a 400 "EOF").
    /// </summary>
    /// <exception cref="InfluxWriteException">The server would not store a write, or did not answer.</exception>
    public Task CheckWriteAsync(CancellationToken cancellationToken = default) => PostAsync(ReadOnlyMemory<byte>.Empty, 0, cancellationToken);

    /// <summary>Writes <paramref name="count"/> lines, each ending with a line feed, as one body; on 413 writes each half in turn.</summary>
    internal async Task WriteLinesAsync(ReadOnlyMemory<byte> lines, int count, CancellationToken cancellationToken)
    {
        try
        {
            await PostAsync(lines, count, cancellationToken).ConfigureAwait(false);
        }
        catch (InfluxWriteException e) when (e.StatusCode == (int)HttpStatusCode.RequestEntityTooLarge && count > 1)
        {
            var half = count / 2;
            var boundary = EndOfLines(lines.Span, half);
            LogSplitting(_logger, count, half);
            await WriteLinesAsync(lines[..boundary], half, cancellationToken).ConfigureAwait(false);
            await WriteLinesAsync(lines[boundary..], count - half, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteAndReleaseAsync(LineWriter lines, CancellationToken cancellationToken)
    {
        using (lines)
        {
            await WriteLinesAsync(lines.WrittenMemory, lines.Points, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The length of the first <paramref name="count"/> lines.</summary>
    private static int EndOfLines(ReadOnlySpan<byte> lines, int count)
    {
        var end = 0;
        for (var i = 0; i < count; i++)
        {
            end += lines[end..].IndexOf((byte)'\n') + 1;
        }

        return end;
    }

    private async Task PostAsync(ReadOnlyMemory<byte> lines, int count, CancellationToken cancellationToken)
    {
        // An empty body goes as is: 1.6.7 answers a gzipped empty one with 400 "EOF", a plain one with 204.
        using var gzipped = _options.Gzip && count > 0 ? Gzip(lines.Span) : null;
        using var request = new HttpRequestMessage(HttpMethod.Post, WriteUri) { Content = CreateContent(gzipped?.WrittenMemory ?? lines, gzipped is not null) };
        request.Headers.Authorization = _authorization;
        using var timeout = new CancellationTokenSource(_options.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = _timeProvider.GetTimestamp();
        HttpResponseMessage response;
        string body;
        try
        {
            response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            body = response.IsSuccessStatusCode ? "" : await ReadErrorTextAsync(response, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            _instruments.WriteFailures.Add(1, new KeyValuePair<string, object?>("status", "timeout"));
            throw new InfluxWriteException(
                $"InfluxDB did not answer a write of {count} points to {WriteUri} within {_options.Timeout.TotalSeconds:0.###} s",
                statusCode: null, isRetryable: true, innerException: e);
        }
        catch (HttpRequestException e)
        {
            _instruments.WriteFailures.Add(1, new KeyValuePair<string, object?>("status", "network"));
            throw new InfluxWriteException(
                $"Could not send a write of {count} points to {WriteUri}: {e.Message}",
                statusCode: null, isRetryable: true, innerException: e);
        }

        using (response)
        {
            if (count > 0)
            {
                _instruments.WriteDuration.Record(_timeProvider.GetElapsedTime(started).TotalMilliseconds);
                _instruments.BatchSize.Record(count);
            }

            if (response.IsSuccessStatusCode)
            {
                _instruments.PointsWritten.Add(count);
                return;
            }

            var status = (int)response.StatusCode;
            _instruments.WriteFailures.Add(1, new KeyValuePair<string, object?>("status", status.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            throw CreateException(response, status, body, lines.Span, count);
        }
    }

    private InfluxWriteException CreateException(HttpResponseMessage response, int status, string serverError, ReadOnlySpan<byte> lines, int count)
    {
        var retryable = status is 408 or 429 or >= 500;
        var rejected = status is 400 or 413 ? RejectedLines.Find(serverError, lines, count, status == 413) : [];
        var message = new StringBuilder()
            .Append("InfluxDB answered ").Append(status).Append(' ').Append(response.ReasonPhrase)
            .Append(" to a write of ").Append(count).Append(" points to ").Append(WriteUri.GetLeftPart(UriPartial.Path))
            .Append(retryable ? " (retryable)" : " (not retryable)");
        if (serverError.Length > 0)
        {
            message.Append(": ").Append(serverError);
        }

        if (rejected.Count > 0)
        {
            const int shown = 5;
            message.Append(" | rejected line").Append(rejected.Count > 1 ? "s" : "").Append(": ")
                .AppendJoin(" | ", rejected.Take(shown));
            if (rejected.Count > shown)
            {
                message.Append(" | … ").Append(rejected.Count - shown).Append(" more");
            }
        }

        return new InfluxWriteException(message.ToString(), status, retryable, RetryAfter(response), serverError, rejected);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            // An HTTP date is relative to the server's clock (its Date header) when it sent one.
            var now = response.Headers.Date ?? _timeProvider.GetUtcNow();
            return date > now ? date - now : TimeSpan.Zero;
        }

        return null;
    }

    /// <remarks>The body is not copied: HTTP/1.1 has sent all of it by the time an answer is returned (and tears the
    /// connection down when it fails), so the memory may be reused once the request is done.</remarks>
    private static ReadOnlyMemoryContent CreateContent(ReadOnlyMemory<byte> body, bool gzipped)
    {
        var content = new ReadOnlyMemoryContent(body);
        if (gzipped)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        content.Headers.ContentType = LineProtocolMediaType;
        return content;
    }

    /// <summary>The lines gzipped into a pooled buffer (the caller disposes it after the request).</summary>
    private static PooledBuffer Gzip(ReadOnlySpan<byte> lines)
    {
        var compressed = new PooledBuffer(Math.Max(256, lines.Length / 4));
        try
        {
            using var gzip = new GZipStream(compressed.AsStream(), CompressionLevel.Fastest);
            gzip.Write(lines);
        }
        catch
        {
            compressed.Dispose();
            throw;
        }

        return compressed;
    }

    /// <summary>The error text of an answer: 1.x <c>{"error":…}</c>, 2.x <c>{"message":…}</c>, else the raw body.</summary>
    internal static async Task<string> ReadErrorTextAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var raw = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var text = raw.Trim();
        try
        {
            using var json = JsonDocument.Parse(raw);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in (ReadOnlySpan<string>)["error", "message"])
                {
                    if (json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        text = value.GetString()!;
                        break;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // not JSON (a proxy's HTML page, say): the raw text is the best description
        }

        if (text.Length == 0 && response.Headers.TryGetValues("X-Influxdb-Error", out var header))
        {
            text = string.Join(' ', header);
        }

        return text.Length > MaxErrorTextLength ? string.Concat(text.AsSpan(0, MaxErrorTextLength), "…") : text;
    }

    private static Uri CreateWriteUri(InfluxOptions options)
    {
        var query = new StringBuilder();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
            }
        }

        string path;
        if (options.ApiVersion == InfluxApiVersion.V2)
        {
            path = "api/v2/write";
            Add("org", options.Org);
            Add("bucket", options.Bucket);
        }
        else
        {
            path = "write";
            Add("db", options.Database);
            Add("rp", options.RetentionPolicy);
        }

        Add("precision", "ms");
        return new Uri(options.BaseUri, path + query);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "InfluxDB answered 413 (body too large) to {LineCount} points; writing them as {FirstHalf} + the rest")]
    private static partial void LogSplitting(ILogger logger, int lineCount, int firstHalf);
}
