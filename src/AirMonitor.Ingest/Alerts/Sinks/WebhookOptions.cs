namespace AirMonitor.Ingest.Alerts.Sinks;

/// <summary>The webhook sink's settings (configuration section <c>Alerts:Webhook</c>); the sink is off without a <see cref="Url"/>.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Alerts:Webhook";

    /// <summary>The secret must be at least this long: shorter shared secrets can be guessed from signed requests.</summary>
    public const int MinSecretLength = 16;

    /// <summary>Where each event is POSTed: an absolute http(s) URL. Empty: no webhook.</summary>
    public string? Url { get; set; }

    /// <summary>The shared secret of the HMAC-SHA256 signature (its UTF-8 bytes are the key); required with <see cref="Url"/>.</summary>
    public string? Secret { get; set; }

    /// <summary>Time allowed for one delivery attempt, from sending the request to the response headers.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// While rotating: the secret receivers knew until now. Each request then carries two signatures, the new secret's
    /// first, so receivers verify with either until all of them have the new one; then unset it.
    /// </summary>
    public string? PreviousSecret { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    public IEnumerable<string> Validate()
    {
        if (Enabled && (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            yield return $"{Section}:Url '{Url}' is not an absolute http(s) URL";
        }

        if (Enabled && string.IsNullOrEmpty(Secret))
        {
            yield return $"{Section}:Secret is required when {Section}:Url is set";
        }
        else if (!string.IsNullOrEmpty(Secret) && Secret.Length < MinSecretLength)
        {
            // The secret itself stays out of the message: it ends up in logs.
            yield return $"{Section}:Secret must be at least {MinSecretLength} characters (is {Secret.Length})";
        }

        if (PreviousSecret is { } previous && (previous.Length < MinSecretLength || previous == Secret))
        {
            yield return $"{Section}:PreviousSecret must be at least {MinSecretLength} characters and differ from {Section}:Secret";
        }

        if (Timeout <= TimeSpan.Zero)
        {
            yield return $"{Section}:Timeout {Timeout} must be greater than 0";
        }
    }
}
