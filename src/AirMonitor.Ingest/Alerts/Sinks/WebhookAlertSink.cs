using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using AirMonitor.AirQuality.Alerts;

namespace AirMonitor.Ingest.Alerts.Sinks;

/// <summary>
/// POSTs each alert event (<see cref="AlertJson.EncodeEvent"/>) to an HTTP endpoint, signed with
/// <see cref="WebhookSignature"/>. One attempt per call: the dispatcher retries, so a receiver gets every event at least
/// once and dedupes on <see cref="EventHeader"/>. See README.md beside this file.
/// </summary>
public sealed class WebhookAlertSink : IAlertSink
{
    /// <summary>The receiver's idempotency key, <see cref="EventKey"/>: the same on every attempt of one event.</summary>
    public const string EventHeader = "X-AirMonitor-Event";

    /// <summary>Unix seconds of this attempt (signed, so a retry is signed afresh).</summary>
    public const string TimestampHeader = "X-AirMonitor-Timestamp";

    public const string SignatureHeader = "X-AirMonitor-Signature";

    private const int MaxErrorTextBytes = 256;

    private readonly HttpClient _httpClient;
    private readonly TimeProvider _timeProvider;
    private readonly Uri _url;
    private readonly string _secret;
    private readonly string? _previousSecret;
    private readonly TimeSpan _timeout;

    // Without the query and user info, which may carry credentials: this goes into exception messages and logs.
    private readonly string _shownUrl;

    /// <exception cref="ArgumentException">The options are invalid, or have no <see cref="WebhookOptions.Url"/>.</exception>
    public WebhookAlertSink(HttpClient httpClient, WebhookOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var errors = options.Validate().ToList();
        if (!options.Enabled)
        {
            errors.Insert(0, $"{WebhookOptions.Section}:Url is required for the webhook sink");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        _httpClient = httpClient;
        _timeProvider = timeProvider;
        _url = new Uri(options.Url!, UriKind.Absolute);
        _secret = options.Secret!;
        _previousSecret = options.PreviousSecret;
        _timeout = options.Timeout;
        _shownUrl = _url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
    }

    public string Name => "webhook";

    /// <summary>The value of <see cref="EventHeader"/>: the episode id and the state, so firing and resolved are two events.</summary>
    public static string EventKey(AlertEvent alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return $"{alert.Id}:{alert.State.TagValue()}";
    }

    /// <exception cref="AlertDeliveryException">No 2xx answer within the timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task DeliverAsync(AlertEvent alert, IReadOnlyList<AlertEvent> active, CancellationToken cancellationToken)
    {
        var key = EventKey(alert);
        var body = AlertJson.EncodeEvent(alert);
        var timestamp = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(EventHeader, key);
        request.Headers.Add(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SignatureHeader, WebhookSignature.Header(_secret, _previousSecret, timestamp, body));

        using var timeout = new CancellationTokenSource(_timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await RefusedAsync(response, key, linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AlertDeliveryException(
                $"Webhook {_shownUrl} did not answer event {key} within {_timeout.TotalSeconds:0.###} s", isRetryable: true, innerException: e);
        }
        catch (HttpRequestException e)
        {
            throw new AlertDeliveryException($"Could not send event {key} to webhook {_shownUrl}: {e.Message}", isRetryable: true, innerException: e);
        }
    }

    private async Task<AlertDeliveryException> RefusedAsync(HttpResponseMessage response, string key, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var retryable = status is 408 or 429 or >= 500;
        var message = new StringBuilder()
            .Append("Webhook ").Append(_shownUrl).Append(" answered ").Append(status).Append(' ').Append(response.ReasonPhrase)
            .Append(" to event ").Append(key).Append(retryable ? " (retryable)" : " (not retryable)");
        var errorText = await ReadErrorTextAsync(response, cancellationToken).ConfigureAwait(false);
        if (errorText.Length > 0)
        {
            message.Append(": ").Append(errorText);
        }

        return new AlertDeliveryException(message.ToString(), retryable, status);
    }

    // The receiver's explanation, for the log line; the status alone decides, so an unreadable body is no error.
    private static async Task<string> ReadErrorTextAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[MaxErrorTextBytes];
                var length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                return Encoding.UTF8.GetString(buffer, 0, length).ReplaceLineEndings(" ").Trim();
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            return "";
        }
    }
}
