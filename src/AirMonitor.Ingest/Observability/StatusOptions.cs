namespace AirMonitor.Ingest.Observability;

/// <summary>Who may read what of the status endpoints, and when <c>/health</c> says the ingest is stalled (configuration section <c>Status</c>).</summary>
public sealed class StatusOptions
{
    public const string Section = "Status";

    /// <summary>Where <c>/metrics</c> listens instead of on <c>Urls</c> (e.g. an address only Prometheus reaches); none: on <c>Urls</c>.</summary>
    public string? MetricsUrls { get; set; }

    /// <summary>When set, <c>/devices</c> and <c>/alerts</c> answer only <c>Authorization: Bearer {Token}</c> (401 otherwise); at least 16 characters.</summary>
    public string? Token { get; set; }

    /// <summary><c>/health</c> answers 503 "stalled" when messages wait and none has been settled (stored or rejected) for this long.</summary>
    public TimeSpan StallAfter { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<string> Validate()
    {
        if (MetricsUrls is not null && !EndpointOptions.TryParse(MetricsUrls, out _))
        {
            yield return $"{Section}:MetricsUrls '{MetricsUrls}' is not http://address:port with an IP address or localhost";
        }

        if (Token is { Length: < 16 })
        {
            yield return $"{Section}:Token is shorter than 16 characters (not shown)";
        }

        if (StallAfter < TimeSpan.FromSeconds(1))
        {
            yield return $"{Section}:StallAfter {StallAfter} must be at least 1 s";
        }
    }
}
