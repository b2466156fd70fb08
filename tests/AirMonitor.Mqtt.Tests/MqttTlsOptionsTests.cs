namespace AirMonitor.Mqtt.Tests;

/// <summary>The TLS files of <see cref="MqttOptions"/> are checked at start, one line per problem.</summary>
public sealed class MqttTlsOptionsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("airmon-mqtt-tls-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Missing_files_a_certificate_without_its_key_and_TLS_files_without_mqtts_are_one_line_each()
    {
        var missing = Path.Combine(_directory, "missing.crt");
        var missingKey = Path.Combine(_directory, "missing.key");

        Assert.Equal(
            [$"Mqtt:CaFile '{missing}' does not exist", $"Mqtt:CertFile '{missing}' does not exist", $"Mqtt:KeyFile '{missingKey}' does not exist"],
            new MqttOptions { Url = "mqtts://broker:8883", CaFile = missing, CertFile = missing, KeyFile = missingKey }.Validate());
        Assert.Equal(
            ["Mqtt:CertFile and Mqtt:KeyFile are set together or not at all", $"Mqtt:CertFile '{missing}' does not exist"],
            new MqttOptions { Url = "mqtts://broker:8883", CertFile = missing }.Validate());
        Assert.Equal(
            ["Mqtt:CaFile, CertFile and KeyFile need an mqtts:// Url, not 'mqtt://broker:1883'", $"Mqtt:CaFile '{missing}' does not exist"],
            new MqttOptions { Url = "mqtt://broker:1883", CaFile = missing }.Validate());
    }

    [Fact]
    public void A_file_that_holds_no_certificate_is_refused_with_the_reason()
    {
        var notPem = Path.Combine(_directory, "ca.crt");
        File.WriteAllText(notPem, "not a certificate\n");

        var problem = Assert.Single(new MqttOptions { Url = "mqtts://broker:8883", CaFile = notPem }.Validate());
        Assert.StartsWith($"Mqtt:CaFile '{notPem}' does not hold a PEM certificate: ", problem, StringComparison.Ordinal);
        var pair = Assert.Single(new MqttOptions { Url = "mqtts://broker:8883", CertFile = notPem, KeyFile = notPem }.Validate());
        Assert.StartsWith($"Mqtt:CertFile '{notPem}' and KeyFile '{notPem}' are not a PEM certificate and its private key: ", pair, StringComparison.Ordinal);
    }
}
