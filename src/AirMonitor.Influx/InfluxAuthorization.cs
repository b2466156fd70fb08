using System.Net.Http.Headers;
using System.Text;

namespace AirMonitor.Influx;

/// <summary>The Authorization header the options call for: V1 Basic (if a username is set), V2 Token.</summary>
internal static class InfluxAuthorization
{
    public static AuthenticationHeaderValue? Create(InfluxOptions options) => options.ApiVersion switch
    {
        InfluxApiVersion.V2 => new AuthenticationHeaderValue("Token", options.Token),
        _ when !string.IsNullOrEmpty(options.Username) =>
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}"))),
        _ => null,
    };
}
