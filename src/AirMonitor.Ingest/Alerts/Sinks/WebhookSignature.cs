using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AirMonitor.Ingest.Alerts.Sinks;

/// <summary>
/// The webhook's <c>X-AirMonitor-Signature</c>: <c>sha256=</c> and the lowercase hex HMAC-SHA256, keyed with the UTF-8
/// bytes of the shared secret, of <c>"{timestamp}.{body}"</c> (the <c>X-AirMonitor-Timestamp</c> value, a dot, the raw body).
/// Signing the timestamp lets a receiver refuse a captured request replayed later.
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "sha256=";

    /// <summary>How far a request's timestamp may be from the receiver's clock (as Stripe's receivers allow).</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private const int MacLength = 32;

    public static string Compute(string secret, long timestamp, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(Mac(secret, timestamp, body));

    /// <summary>The header's value: the secret's signature, and while it is rotated the previous secret's after a comma (what <see cref="Verify(string, long, ReadOnlySpan{byte}, string?)"/> splits).</summary>
    public static string Header(string secret, string? previousSecret, long timestamp, ReadOnlySpan<byte> body) =>
        previousSecret is null ? Compute(secret, timestamp, body) : $"{Compute(secret, timestamp, body)},{Compute(previousSecret, timestamp, body)}";

    /// <summary>
    /// Whether one of the signatures in <paramref name="header"/> (the header's value: one, or two separated by a comma
    /// while the sender rotates its secret) signs this timestamp and body; compared in constant time.
    /// </summary>
    public static bool Verify(string secret, long timestamp, ReadOnlySpan<byte> body, string? header)
    {
        if (header is null)
        {
            return false;
        }

        var mac = Mac(secret, timestamp, body);
        var verified = false;
        foreach (var signature in header.Split(','))
        {
            verified |= Matches(mac, signature.Trim());
        }

        return verified;
    }

    private static bool Matches(byte[] mac, string signature)
    {
        if (!signature.StartsWith(Prefix, StringComparison.Ordinal) || signature.Length != Prefix.Length + (2 * MacLength))
        {
            return false;
        }

        Span<byte> given = stackalloc byte[MacLength];
        return Convert.FromHexString(signature.AsSpan(Prefix.Length), given, out _, out var written) == OperationStatus.Done
            && written == MacLength
            && CryptographicOperations.FixedTimeEquals(mac, given);
    }

    /// <summary>As <see cref="Verify(string, long, ReadOnlySpan{byte}, string?)"/>, and the timestamp is within <paramref name="tolerance"/> of <paramref name="now"/>: what a receiver should call.</summary>
    public static bool Verify(string secret, long timestamp, ReadOnlySpan<byte> body, string? signature, DateTimeOffset now, TimeSpan tolerance)
    {
        var nowSeconds = now.ToUnixTimeSeconds();
        var toleranceSeconds = (long)tolerance.TotalSeconds;
        return timestamp >= nowSeconds - toleranceSeconds && timestamp <= nowSeconds + toleranceSeconds && Verify(secret, timestamp, body, signature);
    }

    private static byte[] Mac(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
