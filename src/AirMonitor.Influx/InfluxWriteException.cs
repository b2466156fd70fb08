namespace AirMonitor.Influx;

/// <summary>A write that InfluxDB did not store (or whose outcome is unknown: timeout, network error).</summary>
public sealed class InfluxWriteException : Exception
{
    public InfluxWriteException()
        : this("The InfluxDB write failed")
    {
    }

    public InfluxWriteException(string message)
        : this(message, null)
    {
    }

    public InfluxWriteException(string message, Exception? innerException)
        : base(message, innerException)
    {
        RejectedLines = [];
    }

    internal InfluxWriteException(
        string message,
        int? statusCode,
        bool isRetryable,
        TimeSpan? retryAfter = null,
        string? serverError = null,
        IReadOnlyList<string>? rejectedLines = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        IsRetryable = isRetryable;
        RetryAfter = retryAfter;
        ServerError = serverError;
        RejectedLines = rejectedLines ?? [];
    }

    /// <summary>The HTTP status, or null when there was no answer (timeout, connection refused, …).</summary>
    public int? StatusCode { get; }

    /// <summary>Sending the same write again may succeed: 408, 429, 5xx, timeouts and network errors.</summary>
    public bool IsRetryable { get; }

    /// <summary>
    /// 401 (no or wrong credentials) or 403 (the user may not write here): not retryable; an operator must fix the
    /// credentials or the user's rights. <see cref="InfluxBatchWriter"/> keeps the points and retries slowly meanwhile.
    /// </summary>
    public bool IsAccessDenied => StatusCode is 401 or 403;

    /// <summary>
    /// A 400 "partial write" because the database is at one of its limits (<c>max-series-per-database</c>,
    /// <c>max-values-per-tag</c>): the points are not bad, only new series are refused until an operator raises the
    /// limit or drops series. The points of series that exist are stored.
    /// </summary>
    public bool IsLimitExceeded => StatusCode == 400 && ServerError is { } error
        && (error.Contains("max-series-per-database limit exceeded", StringComparison.Ordinal)
            || error.Contains("max-values-per-tag limit exceeded", StringComparison.Ordinal));

    /// <summary>The server's Retry-After (seconds or HTTP date), if it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The error text from the server's answer, if any.</summary>
    public string? ServerError { get; }

    /// <summary>
    /// The lines of the request that the server's error names: quoted by a parse error, or matching the
    /// measurement, field and type of a field type conflict. Empty when the error does not identify lines.
    /// </summary>
    public IReadOnlyList<string> RejectedLines { get; }
}
