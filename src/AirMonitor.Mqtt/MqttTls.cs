using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AirMonitor.Mqtt;

/// <summary>
/// The TLS side of <see cref="MqttOptions"/>: the broker's certificate checked against <see cref="MqttOptions.CaFile"/>
/// (or the system's trust store) and the URL's host, and this client's certificate and key, read from PEM files.
/// </summary>
internal static class MqttTls
{
    /// <summary>One line per problem: a file that is missing or does not hold what it should, a certificate without its key, TLS files without <c>mqtts://</c>.</summary>
    public static IEnumerable<string> Validate(MqttOptions options)
    {
        const string Section = MqttOptions.Section;
        if (options.CertFile is null != options.KeyFile is null)
        {
            yield return $"{Section}:CertFile and {Section}:KeyFile are set together or not at all";
        }

        var anyFile = options.CaFile ?? options.CertFile ?? options.KeyFile;
        if (anyFile is not null && MqttOptions.TryParseUrl(options.Url, out _, out _, out var tls) && !tls)
        {
            yield return $"{Section}:CaFile, CertFile and KeyFile need an mqtts:// Url, not '{options.Url}'";
        }

        foreach (var (name, file) in new[] { ("CaFile", options.CaFile), ("CertFile", options.CertFile), ("KeyFile", options.KeyFile) })
        {
            if (file is not null && !File.Exists(file))
            {
                yield return $"{Section}:{name} '{file}' does not exist";
            }
        }

        if (options.CaFile is { } ca && File.Exists(ca) && LoadError(() => CaCertificates(ca)) is { } caError)
        {
            yield return $"{Section}:CaFile '{ca}' does not hold a PEM certificate: {caError}";
        }

        if (options is { CertFile: { } cert, KeyFile: { } key } && File.Exists(cert) && File.Exists(key)
            && LoadError(() => X509Certificate2.CreateFromPemFile(cert, key).Dispose()) is { } certError)
        {
            yield return $"{Section}:CertFile '{cert}' and KeyFile '{key}' are not a PEM certificate and its private key: {certError}";
        }
    }

    /// <summary>The options of one TLS handshake; the files are read again at every connect, so renewed ones take effect at the next.</summary>
    /// <exception cref="AuthenticationException">A file cannot be read or holds no certificate (a renewal with the wrong owner or
    /// mode): a failed connect like any other, retried, not the end of the connection loop.</exception>
    public static SslClientAuthenticationOptions ClientOptions(string host, MqttOptions options)
    {
        try
        {
            return Load(host, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new AuthenticationException($"the TLS files ({MqttOptions.Section}:CaFile, CertFile, KeyFile) cannot be loaded: {e.Message}", e);
        }
    }

    private static SslClientAuthenticationOptions Load(string host, MqttOptions options)
    {
        var tls = new SslClientAuthenticationOptions { TargetHost = host };
        if (options.CaFile is { } caFile)
        {
            // The installation's CA publishes no revocation endpoint for the broker's certificate.
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(CaCertificates(caFile));
            tls.CertificateChainPolicy = policy;
        }

        if (options is { CertFile: { } certFile, KeyFile: { } keyFile })
        {
            tls.ClientCertificateContext = SslStreamCertificateContext.Create(X509Certificate2.CreateFromPemFile(certFile, keyFile), additionalCertificates: null);
        }

        return tls;
    }

    private static X509Certificate2Collection CaCertificates(string file)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(file);
        return certificates.Count > 0 ? certificates : throw new CryptographicException("no certificate in it");
    }

    private static string? LoadError(Action load)
    {
        try
        {
            load();
            return null;
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return e.Message;
        }
    }
}
