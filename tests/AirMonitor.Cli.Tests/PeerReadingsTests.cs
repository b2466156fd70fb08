using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using AirMonitor.Cli.Bench;

namespace AirMonitor.Cli.Tests;

/// <summary>The bench loads the ingest with exactly the peer harness's payloads (shared/peer/lib/airmon.js).</summary>
public sealed class PeerReadingsTests
{
    [Theory]
    [InlineData(1, 0, """{"device":"dev-0001","seq":0,"samples":[{"ts":1763776800000,"sensor":"pms5003","values":{"pm1_0":6.7,"pm2_5":6.8,"pm10":15.9}},{"ts":1763776800000,"sensor":"bme280","values":{"temperature":31.5,"humidity":66.0,"pressure":1004.5}}]}""")]
    [InlineData(7, 42, """{"device":"dev-0007","seq":42,"samples":[{"ts":1763776842000,"sensor":"pms5003","values":{"pm1_0":10.0,"pm2_5":14.1,"pm10":17.3}},{"ts":1763776842000,"sensor":"bme280","values":{"temperature":26.5,"humidity":61.7,"pressure":1004.4}}]}""")]
    [InlineData(10000, 59999, """{"device":"dev-10000","seq":59999,"samples":[{"ts":1763836799000,"sensor":"pms5003","values":{"pm1_0":4.3,"pm2_5":16.6,"pm10":16.7}},{"ts":1763836799000,"sensor":"bme280","values":{"temperature":27.7,"humidity":64.7,"pressure":1011.2}}]}""")]
    public void A_message_is_the_harness_payload_byte_for_byte(int device, long seq, string harness)
    {
        Assert.Equal(harness, Payload(device, seq));
    }

    [Fact]
    public void The_harness_50x2000_run_is_reproduced_byte_for_byte()
    {
        // SHA-256 over payloadFor(d, s) + "\n" for d = 1..50, s = 0..1999, computed with the harness's lib/airmon.js.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var device = 1; device <= 50; device++)
        {
            for (var seq = 0; seq < 2000; seq++)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(Payload(device, seq) + "\n"));
            }
        }

        Assert.Equal("05c20e7cc4c6a7bf210a4c8892b6c1918c285fdd299ca8d9082c02b3716f99dd", Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static string Payload(int device, long seq)
    {
        var buffer = new ArrayBufferWriter<byte>();
        PeerReadings.Write(buffer, PeerReadings.DeviceId("dev", device), device, seq);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
