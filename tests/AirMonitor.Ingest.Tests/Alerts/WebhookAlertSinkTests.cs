using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using AirMonitor.AirQuality.Alerts;
using AirMonitor.Ingest.Alerts.Sinks;
using AirMonitor.Testing;
using AirMonitor.Testing.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AirMonitor.Ingest.Tests.Alerts;

/// <summary>The webhook sink against a real HTTP server (Kestrel on 127.0.0.1) that records what it receives.</summary>
public sealed class WebhookAlertSinkTests : IAsyncLifetime
{
    private const string Secret = "whsec-0123456789abcdef";

    private static readonly DateTimeOffset FiredAt = DateTimeOffset.FromUnixTimeSeconds(1_763_776_800); // 2025-11-22T02:00:00Z

    private static readonly AlertEvent Firing = new(
        "pm25-1h-warning/bkk-dindaeng/1763776800", "pm25-1h-warning", "bkk-dindaeng", "bkk-dindaeng",
        AlertState.Firing, AlertSeverity.Warning, "pm2_5", "1h", FiredAt, FiredAt,
        Value: 41.3, Threshold: 37.5, ClearThreshold: 30, Late: false, NoticedAt: FiredAt.AddSeconds(9),
        Summary: "PM2.5 1-h mean 41.3 µg/m³ above 37.5");

    // The clock of the delivery attempt: 9 s after the data time.
    private readonly FakeTimeProvider _clock = new(FiredAt.AddSeconds(9));

    // One client for every test, as a process keeps one: connections are pooled per receiver.
    private static readonly HttpClient Http = new();

    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Delivery_posts_the_event_json_signed_over_timestamp_and_body()
    {
        await CreateSink().DeliverAsync(Firing, [Firing], CancellationToken.None);

        var request = await _receiver.NextAsync();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hooks/alerts", request.Path);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal("pm25-1h-warning/bkk-dindaeng/1763776800:firing", request.Header("X-AirMonitor-Event"));
        Assert.Equal("1763776809", request.Header("X-AirMonitor-Timestamp"));
        Assert.Equal(AlertJson.EncodeEvent(Firing), request.Body);
        Assert.Equal(Firing, AlertJson.DecodeEvent(request.Body));

        var signature = request.Header("X-AirMonitor-Signature");
        Assert.Matches("^sha256=[0-9a-f]{64}$", signature);
        Assert.Equal(WebhookSignature.Compute(Secret, 1_763_776_809, request.Body), signature);
        Assert.True(WebhookSignature.Verify(Secret, 1_763_776_809, request.Body, signature, _clock.GetUtcNow(), WebhookSignature.DefaultTolerance));
    }

    [Fact]
    public async Task While_rotating_a_request_carries_both_signatures_and_receivers_with_either_secret_verify_it()
    {
        const string next = "whsec-the-new-one-fedcba9876";
        await new WebhookAlertSink(Http, new WebhookOptions { Url = _receiver.Url.ToString(), Secret = next, PreviousSecret = Secret }, _clock)
            .DeliverAsync(Firing, [Firing], CancellationToken.None);

        var request = await _receiver.NextAsync();
        var header = request.Header("X-AirMonitor-Signature");

        Assert.Equal($"{WebhookSignature.Compute(next, 1_763_776_809, request.Body)},{WebhookSignature.Compute(Secret, 1_763_776_809, request.Body)}", header);
        Assert.True(WebhookSignature.Verify(next, 1_763_776_809, request.Body, header));
        Assert.True(WebhookSignature.Verify(Secret, 1_763_776_809, request.Body, header));
        Assert.False(WebhookSignature.Verify("whsec-neither-of-the-two-000", 1_763_776_809, request.Body, header));
    }

    [Theory]
    [InlineData("whsec-0123456789abcdef")]
    [InlineData("short")]
    public void A_previous_secret_equal_to_the_secret_or_short_fails_at_start(string previous)
    {
        var errors = new WebhookOptions { Url = "https://ops.example.org/hooks", Secret = Secret, PreviousSecret = previous }.Validate();

        Assert.Equal(["Alerts:Webhook:PreviousSecret must be at least 16 characters and differ from Alerts:Webhook:Secret"], errors);
    }

    [Fact]
    public async Task Signature_does_not_verify_with_another_secret_a_tampered_body_or_another_timestamp()
    {
        await CreateSink().DeliverAsync(Firing, [Firing], CancellationToken.None);
        var request = await _receiver.NextAsync();
        var signature = request.Header("X-AirMonitor-Signature");
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(request.Body).Replace("\"value\":41.3", "\"value\":14.3", StringComparison.Ordinal));
        Assert.NotEqual(request.Body, tampered);

        Assert.True(WebhookSignature.Verify(Secret, 1_763_776_809, request.Body, signature));
        Assert.False(WebhookSignature.Verify("whsec-another-secret-0000", 1_763_776_809, request.Body, signature));
        Assert.False(WebhookSignature.Verify(Secret, 1_763_776_809, tampered, signature));
        Assert.False(WebhookSignature.Verify(Secret, 1_763_776_810, request.Body, signature));
    }

    [Fact]
    public async Task Retried_delivery_carries_the_same_event_key_and_a_fresh_signed_timestamp()
    {
        var sink = CreateSink();

        await sink.DeliverAsync(Firing, [Firing], CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(30));
        await sink.DeliverAsync(Firing, [Firing], CancellationToken.None);

        var first = await _receiver.NextAsync();
        var retry = await _receiver.NextAsync();
        Assert.Equal(first.Header("X-AirMonitor-Event"), retry.Header("X-AirMonitor-Event"));
        Assert.Equal(first.Body, retry.Body);
        Assert.Equal("1763776809", first.Header("X-AirMonitor-Timestamp"));
        Assert.Equal("1763776839", retry.Header("X-AirMonitor-Timestamp"));
        Assert.NotEqual(first.Header("X-AirMonitor-Signature"), retry.Header("X-AirMonitor-Signature"));
        Assert.True(WebhookSignature.Verify(Secret, 1_763_776_839, retry.Body, retry.Header("X-AirMonitor-Signature")));
    }

    [Fact]
    public async Task Resolved_event_of_the_episode_has_its_own_event_key()
    {
        var resolved = Firing with { State = AlertState.Resolved, At = FiredAt.AddHours(2), Value = 29.0 };

        await CreateSink().DeliverAsync(resolved, [], CancellationToken.None);

        var request = await _receiver.NextAsync();
        Assert.Equal("pm25-1h-warning/bkk-dindaeng/1763776800:resolved", request.Header("X-AirMonitor-Event"));
        Assert.Equal(WebhookAlertSink.EventKey(resolved), request.Header("X-AirMonitor-Event"));
        Assert.Equal(resolved, AlertJson.DecodeEvent(request.Body));
    }

    [Theory]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(404, false)]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    public async Task Non_2xx_answer_throws_naming_the_status_and_url_and_whether_a_retry_can_help(int status, bool retryable)
    {
        _receiver.Status = status;
        _receiver.ErrorText = "signature\nrejected";

        var e = await Assert.ThrowsAsync<AlertDeliveryException>(() => CreateSink().DeliverAsync(Firing, [Firing], CancellationToken.None));

        Assert.Equal(retryable, e.IsRetryable);
        Assert.Equal(status, e.StatusCode);
        Assert.Contains($"Webhook {_receiver.Url} answered {status} ", e.Message, StringComparison.Ordinal);
        Assert.Contains("to event pm25-1h-warning/bkk-dindaeng/1763776800:firing", e.Message, StringComparison.Ordinal);
        Assert.EndsWith(": signature rejected", e.Message, StringComparison.Ordinal);
        Assert.Single(await _receiver.AllAsync());
    }

    [Fact]
    public async Task Error_message_leaves_out_the_query_and_user_info_of_the_url()
    {
        _receiver.Status = 500;
        var url = new UriBuilder(_receiver.Url) { UserName = "hookuser", Password = "hookpass", Query = "token=s3cr3t" }.Uri;

        var e = await Assert.ThrowsAsync<AlertDeliveryException>(() => CreateSink(url).DeliverAsync(Firing, [Firing], CancellationToken.None));

        Assert.Contains($"Webhook {_receiver.Url} answered 500 ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hookpass", e.Message, StringComparison.Ordinal);
        Assert.Equal("/hooks/alerts", (await _receiver.NextAsync()).Path);
    }

    [Fact]
    public async Task Receiver_that_does_not_answer_within_the_timeout_fails_retryable()
    {
        _receiver.Hang = true;
        var sink = CreateSink(timeout: TimeSpan.FromSeconds(10));

        var delivery = sink.DeliverAsync(Firing, [Firing], CancellationToken.None);
        await _receiver.NextAsync();
        _clock.Advance(TimeSpan.FromSeconds(9.9));
        await Task.Delay(200);
        Assert.False(delivery.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(0.1));

        var e = await Assert.ThrowsAsync<AlertDeliveryException>(() => delivery.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(e.IsRetryable);
        Assert.Null(e.StatusCode);
        Assert.Equal($"Webhook {_receiver.Url} did not answer event pm25-1h-warning/bkk-dindaeng/1763776800:firing within 10 s", e.Message);
    }

    [Fact]
    public async Task Unreachable_receiver_fails_retryable()
    {
        var url = new Uri($"http://127.0.0.1:{ClosedPort()}/hooks/alerts");

        var e = await Assert.ThrowsAsync<AlertDeliveryException>(() => CreateSink(url).DeliverAsync(Firing, [Firing], CancellationToken.None));

        Assert.True(e.IsRetryable);
        Assert.Null(e.StatusCode);
        Assert.IsType<HttpRequestException>(e.InnerException);
        Assert.StartsWith($"Could not send event pm25-1h-warning/bkk-dindaeng/1763776800:firing to webhook {url}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelled_delivery_throws_cancellation_not_a_delivery_failure()
    {
        _receiver.Hang = true;
        using var stopping = new CancellationTokenSource();

        var delivery = CreateSink().DeliverAsync(Firing, [Firing], stopping.Token);
        await _receiver.NextAsync();
        await stopping.CancelAsync();

        // The dispatcher tells a stop from a failure by the exception type: a stop must not count as a failed delivery.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delivery.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Sink_is_named_webhook_and_needs_a_url()
    {
        var e = Assert.Throws<ArgumentException>(() => new WebhookAlertSink(Http, new WebhookOptions { Secret = Secret }, _clock));

        Assert.Equal("webhook", CreateSink().Name);
        Assert.StartsWith("Alerts:Webhook:Url is required for the webhook sink", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Signature_matches_an_independent_hmac_sha256()
    {
        // python3 -c 'import hmac,hashlib; print(hmac.new(b"whsec-0123456789abcdef", b"1763776800." + b"{\"id\":\"x\"}", hashlib.sha256).hexdigest())'
        const string expected = "sha256=f4c632491055dda2b1c11451dcaf5a0ab8e771aba10058ad01099b30150b4b80";

        Assert.Equal(expected, WebhookSignature.Compute(Secret, 1_763_776_800, "{\"id\":\"x\"}"u8));
        Assert.True(WebhookSignature.Verify(Secret, 1_763_776_800, "{\"id\":\"x\"}"u8, expected));
        Assert.True(WebhookSignature.Verify(Secret, 1_763_776_800, "{\"id\":\"x\"}"u8, expected.ToUpperInvariant().Replace("SHA256=", "sha256=", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("f4c632491055dda2b1c11451dcaf5a0ab8e771aba10058ad01099b30150b4b80")]
    [InlineData("sha1=f4c632491055dda2b1c11451dcaf5a0ab8e771aba10058ad01099b30150b4b80")]
    [InlineData("sha256=f4c632491055dda2b1c11451dcaf5a0ab8e771aba10058ad01099b30150b4b8")]
    [InlineData("sha256=f4c632491055dda2b1c11451dcaf5a0ab8e771aba10058ad01099b30150b4b800")]
    [InlineData("sha256=g4c632491055dda2b1c11451dcaf5a0ab8e771aba10058ad01099b30150b4b80")]
    [InlineData("sha256=f4c632491055dda2b1c11451dcaf5a0ab8e771aba10058ad01099b30150b4b81")]
    public void Malformed_or_wrong_signature_header_does_not_verify(string? header)
    {
        Assert.False(WebhookSignature.Verify(Secret, 1_763_776_800, "{\"id\":\"x\"}"u8, header));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(-300, true)]
    [InlineData(300, true)]
    [InlineData(-301, false)]
    [InlineData(301, false)]
    public void Verification_refuses_a_timestamp_outside_the_tolerance(int ageSeconds, bool expected)
    {
        var timestamp = 1_763_776_800L;
        var body = "{\"id\":\"x\"}"u8;
        var signature = WebhookSignature.Compute(Secret, timestamp, body);
        var now = DateTimeOffset.FromUnixTimeSeconds(timestamp + ageSeconds);

        Assert.Equal(expected, WebhookSignature.Verify(Secret, timestamp, body, signature, now, WebhookSignature.DefaultTolerance));
        Assert.False(WebhookSignature.Verify(Secret, long.MinValue, body, signature, now, WebhookSignature.DefaultTolerance));
    }

    [Theory]
    [InlineData("ftp://hooks.example.org/a", Secret, 10, "Alerts:Webhook:Url 'ftp://hooks.example.org/a' is not an absolute http(s) URL")]
    [InlineData("/hooks/alerts", Secret, 10, "Alerts:Webhook:Url '/hooks/alerts' is not an absolute http(s) URL")]
    [InlineData("https://hooks.example.org/a", null, 10, "Alerts:Webhook:Secret is required when Alerts:Webhook:Url is set")]
    [InlineData("https://hooks.example.org/a", "short-secret", 10, "Alerts:Webhook:Secret must be at least 16 characters (is 12)")]
    [InlineData("https://hooks.example.org/a", Secret, 0, "Alerts:Webhook:Timeout 00:00:00 must be greater than 0")]
    public void Invalid_options_give_one_line_naming_the_key(string url, string? secret, int timeoutSeconds, string expected)
    {
        var options = new WebhookOptions { Url = url, Secret = secret, Timeout = TimeSpan.FromSeconds(timeoutSeconds) };

        var problem = Assert.Single(options.Validate());

        Assert.Equal(expected, problem);
        Assert.DoesNotContain("short-secret", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_without_a_url_disable_the_sink_and_are_valid()
    {
        var options = new WebhookOptions();

        Assert.False(options.Enabled);
        Assert.Empty(options.Validate());
        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout);
        Assert.True(new WebhookOptions { Url = "http://127.0.0.1:9000/hooks", Secret = Secret }.Enabled);
        Assert.Empty(new WebhookOptions { Url = "http://127.0.0.1:9000/hooks", Secret = Secret }.Validate());
    }

    private WebhookAlertSink CreateSink(Uri? url = null, TimeSpan? timeout = null) => new(
        Http,
        new WebhookOptions { Url = (url ?? _receiver.Url).ToString(), Secret = Secret, Timeout = timeout ?? TimeSpan.FromSeconds(10) },
        _clock);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
