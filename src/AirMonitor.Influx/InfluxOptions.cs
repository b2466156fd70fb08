using Microsoft.Extensions.Options;

namespace AirMonitor.Influx;

/// <summary>Which HTTP write API to use.</summary>
public enum InfluxApiVersion
{
    /// <summary>
    /// <c>/write?db=&amp;rp=</c> with optional Basic credentials: InfluxDB 1.x, and 2.x/3.x through their
    /// 1.x compatibility API (2.x maps db/rp to a bucket by a DBRP mapping; the password may be a token).
    /// </summary>
    V1,

    /// <summary><c>/api/v2/write?org=&amp;bucket=</c> with <c>Authorization: Token …</c>: InfluxDB 2.x, Cloud, 3.x.</summary>
    V2,
}

/// <summary>Connection, batching and retry settings, bound from the configuration section <c>Influx</c>.</summary>
public sealed class InfluxOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Influx";

    /// <summary>Base URL of the server, e.g. <c>http://localhost:8086</c> (a path prefix is kept). Required.</summary>
    public string Url { get; set; } = "";

    public InfluxApiVersion ApiVersion { get; set; } = InfluxApiVersion.V1;

    /// <summary>V1: the database written to (required). Also the <c>db</c> of InfluxQL queries for both versions.</summary>
    public string? Database { get; set; }

    /// <summary>V1: the retention policy written to; empty means the database's default.</summary>
    public string? RetentionPolicy { get; set; }

    /// <summary>V1 credentials, sent as HTTP Basic authentication (kept out of URLs, which proxies and logs record).</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>
    /// V1: whether a host that writes (the ingest) runs <c>CREATE DATABASE</c> at start. It needs admin rights: a user
    /// without them is refused (403), which is no error when the database exists. False: never tried.
    /// </summary>
    public bool CreateDatabase { get; set; } = true;

    /// <summary>V2: organisation name or id.</summary>
    public string? Org { get; set; }

    /// <summary>V2: bucket written to.</summary>
    public string? Bucket { get; set; }

    /// <summary>V2: API token, sent as <c>Authorization: Token …</c>.</summary>
    public string? Token { get; set; }

    /// <summary>Points per HTTP write; a batch is made of whole groups, so a larger group is sent alone.</summary>
    public int BatchSize { get; set; } = 5000;

    /// <summary>
    /// A batch is sent at the latest this long after its first point was buffered: the store-and-acknowledge latency of a
    /// light load (a heavy one fills <see cref="BatchSize"/> sooner), at the cost of up to 4 small writes a second.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Points buffered (not yet stored) before <see cref="InfluxBatchWriter.WaitForSpaceAsync"/> waits.</summary>
    public int MaxBufferedPoints { get; set; } = 100_000;

    /// <summary>HTTP writes a batch writer keeps in flight at once (1–16). With 1, batches are stored in order.</summary>
    public int MaxConcurrentWrites { get; set; } = 2;

    /// <summary>Compress write bodies (<c>Content-Encoding: gzip</c>).</summary>
    public bool Gzip { get; set; } = true;

    /// <summary>Time allowed for one HTTP request.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First retry delay after a retryable failure; it doubles (with jitter) up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest retry delay, also the cap on a server's Retry-After.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long <see cref="InfluxBatchWriter.DisposeAsync"/> keeps trying to store what is buffered.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>These options, every key included, on another database.</summary>
    public InfluxOptions WithDatabase(string database)
    {
        var copy = (InfluxOptions)MemberwiseClone();
        copy.Database = database;
        return copy;
    }

    /// <summary>One line per problem, naming the setting; empty when the options are usable.</summary>
    public IEnumerable<string> Validate()
    {
        const string s = SectionName;
        if (string.IsNullOrWhiteSpace(Url))
        {
            yield return $"{s}:Url is required";
        }
        else if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return $"{s}:Url '{ShownUrl(Url)}' is not an absolute http(s) URL";
        }
        else if (uri.UserInfo.Length > 0)
        {
            // The URL is logged and shown; a password in it would be too.
            yield return $"{s}:Url '{ShownUrl(Url)}' carries credentials: give them as {s}:Username and {s}:Password, never in the URL";
        }

        if (!Enum.IsDefined(ApiVersion))
        {
            yield return $"{s}:ApiVersion '{ApiVersion}' is not V1 or V2";
        }
        else if (ApiVersion == InfluxApiVersion.V1 && string.IsNullOrWhiteSpace(Database))
        {
            yield return $"{s}:Database is required for ApiVersion V1";
        }
        else if (ApiVersion == InfluxApiVersion.V2 && (string.IsNullOrWhiteSpace(Token) || string.IsNullOrWhiteSpace(Org) || string.IsNullOrWhiteSpace(Bucket)))
        {
            yield return $"{s}:Token, Org and Bucket are required for ApiVersion V2";
        }

        if (!string.IsNullOrEmpty(Password) && string.IsNullOrEmpty(Username))
        {
            yield return $"{s}:Username is required when {s}:Password is set";
        }

        if (BatchSize <= 0)
        {
            yield return $"{s}:BatchSize must be greater than 0 (is {BatchSize})";
        }

        if (MaxBufferedPoints < BatchSize)
        {
            yield return $"{s}:MaxBufferedPoints ({MaxBufferedPoints}) must be at least BatchSize ({BatchSize})";
        }

        if (MaxConcurrentWrites is < 1 or > 16)
        {
            yield return $"{s}:MaxConcurrentWrites must be between 1 and 16 (is {MaxConcurrentWrites})";
        }

        foreach (var (name, value) in new[]
        {
            (nameof(FlushInterval), FlushInterval), (nameof(Timeout), Timeout),
            (nameof(RetryInitialDelay), RetryInitialDelay), (nameof(RetryMaxDelay), RetryMaxDelay),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return $"{s}:{name} must be greater than 0 (is {value})";
            }
        }

        if (ShutdownTimeout < TimeSpan.Zero)
        {
            yield return $"{s}:ShutdownTimeout must not be negative (is {ShutdownTimeout})";
        }

        if (RetryMaxDelay < RetryInitialDelay)
        {
            yield return $"{s}:RetryMaxDelay ({RetryMaxDelay}) must be at least RetryInitialDelay ({RetryInitialDelay})";
        }
    }

    /// <summary>Throws one <see cref="OptionsValidationException"/> listing every problem.</summary>
    public void ThrowIfInvalid()
    {
        var errors = Validate().ToList();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(InfluxOptions), errors);
        }
    }

    /// <summary>
    /// <paramref name="url"/> fit for a log line or an error: whatever stands between <c>//</c> and the last <c>@</c>
    /// (user information, perhaps a password; a password may hold <c>/</c> too) is replaced by <c>***</c>, whether or not
    /// the rest parses.
    /// </summary>
    public static string ShownUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var authority = url.IndexOf("//", StringComparison.Ordinal);
        var start = authority < 0 ? 0 : authority + 2;
        var at = url.LastIndexOf('@');
        return at < start ? url : string.Concat(url.AsSpan(0, start), "***", url.AsSpan(at));
    }

    internal Uri BaseUri => new(Url.EndsWith('/') ? Url : Url + "/", UriKind.Absolute);
}
