namespace AirMonitor.Ingest.Alerts.Sinks;

/// <summary>A sink could not deliver an alert event (or does not know whether it did: a timeout, a lost connection).</summary>
public sealed class AlertDeliveryException : Exception
{
    public AlertDeliveryException()
        : this("The alert could not be delivered")
    {
    }

    public AlertDeliveryException(string message)
        : this(message, null)
    {
    }

    public AlertDeliveryException(string message, Exception? innerException)
        : this(message, isRetryable: true, innerException)
    {
    }

    public AlertDeliveryException(string message, bool isRetryable, Exception? innerException = null)
        : base(message, innerException)
    {
        IsRetryable = isRetryable;
    }

    /// <summary>The receiver answered with an HTTP status other than 2xx.</summary>
    public AlertDeliveryException(string message, bool isRetryable, int statusCode, Exception? innerException = null)
        : this(message, isRetryable, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>
    /// Sending the same event again may succeed: timeouts, network errors, HTTP 408, 429 and 5xx. False when the
    /// receiver refused the request itself (another 4xx): a retry succeeds only once its configuration is fixed.
    /// </summary>
    public bool IsRetryable { get; }

    /// <summary>The receiver's HTTP status, or null when there was no answer.</summary>
    public int? StatusCode { get; }
}
