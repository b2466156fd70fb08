using System.Security.Cryptography;
using System.Text;
using AirMonitor.Ingest.DeadLetters;

namespace AirMonitor.Ingest.Tests.DeadLetters;

/// <summary>A payload past <see cref="DeadLetterOptions.PayloadPrefixBytes"/> leaves its length, its SHA-256 and its first bytes, never the whole.</summary>
public sealed class OversizedPayloadTests
{
    private const int OneMiB = 1 << 20;

    [Fact]
    public void A_one_MiB_text_payload_keeps_its_length_digest_and_only_its_first_bytes()
    {
        using var test = new DeadLetterStoreUnderTest();
        var payload = Encoding.ASCII.GetBytes("{\"device\":\"big-01\",\"seq\":1,\"samples\":[" + new string('7', OneMiB - 38));
        Assert.Equal(OneMiB, payload.Length);

        Assert.True(test.Add("big-01", payload));

        var letter = Assert.Single(DeadLetterStore.ReadAll(test.DirectoryPath));
        Assert.Equal(OneMiB, letter.PayloadBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(payload)), letter.PayloadSha256);
        Assert.True(letter.Truncated);
        Assert.Equal(Encoding.ASCII.GetString(payload, 0, 8192), letter.Payload);
        Assert.Null(letter.PayloadBase64);
        Assert.InRange(new FileInfo(test.PathOf(DateOnly.FromDateTime(DeadLetterStoreUnderTest.Start.UtcDateTime))).Length, 8192, 8192 + 1024);
    }

    [Fact]
    public void A_one_MiB_undecodable_payload_keeps_its_first_bytes_in_base64()
    {
        using var test = new DeadLetterStoreUnderTest();
        var payload = new byte[OneMiB];
        new Random(13).NextBytes(payload);
        payload[0] = 0xFF; // never valid UTF-8

        Assert.True(test.Add("big-02", payload));

        var letter = Assert.Single(DeadLetterStore.ReadAll(test.DirectoryPath));
        Assert.Equal((OneMiB, (bool?)true, (string?)null), (letter.PayloadBytes, letter.Truncated, letter.Payload));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(payload)), letter.PayloadSha256);
        Assert.Equal(payload[..8192], Convert.FromBase64String(letter.PayloadBase64!));
        Assert.InRange(test.Store.TotalBytes, 8192 * 4 / 3, (8192 * 4 / 3) + 1024);
    }

    [Fact]
    public void A_text_prefix_is_cut_at_the_start_of_a_character()
    {
        using var test = new DeadLetterStoreUnderTest();
        // 'a' then two-byte characters: byte 8192 is the second byte of one, so the cut moves back to 8191.
        var payload = Encoding.UTF8.GetBytes("a" + new string('é', 5000));

        var letter = DeadLetterStore.Create(DeadLetterStoreUnderTest.Start, "airmon/v1/x/readings", "x", null, [], payload, 8192);

        Assert.Equal("a" + new string('é', 4095), letter.Payload);
        Assert.Equal((10_001, (bool?)true), (letter.PayloadBytes, letter.Truncated));
    }

    [Fact]
    public void A_payload_within_the_prefix_is_kept_whole_with_its_digest()
    {
        var payload = "{\"device\":\"bad-01\",\"seq\":"u8.ToArray();

        var letter = DeadLetterStore.Create(DeadLetterStoreUnderTest.Start, "airmon/v1/bad-01/readings", "bad-01", null, [], payload, 8192);

        Assert.Equal(("{\"device\":\"bad-01\",\"seq\":", (string?)null, (bool?)null), (letter.Payload, letter.PayloadBase64, letter.Truncated));
        Assert.Equal((payload.Length, Convert.ToHexStringLower(SHA256.HashData(payload))), (letter.PayloadBytes, letter.PayloadSha256));
    }
}
