using System.Text;
using AirMonitor.Core.Contract;
using AirMonitor.Core.Metrics;
using AirMonitor.Core.Tests.Contract;
using AirMonitor.Core.Validation;
using CsCheck;

namespace AirMonitor.Core.Tests.Validation;

/// <summary>Whatever bytes arrive on a readings topic, the validator answers and never stores what it should not.</summary>
public class ReadingValidatorPropertyTests
{
    private static readonly HashSet<RejectReason> WholeMessageReasons =
        [RejectReason.TooLarge, RejectReason.Malformed, RejectReason.BadDeviceId, RejectReason.DeviceMismatch, RejectReason.BadSeq, RejectReason.EmptyBatch];

    private static readonly HashSet<string> KnownCodes = [.. Enum.GetValues<RejectReason>().Select(r => r.Code())];

    // Substitutions that keep the JSON well formed but break one rule, so mutations reach the per-sample checks.
    private static readonly (string From, string To)[] Tokens =
    [
        ("\"pm2_5\"", "\"pm25\""), ("12.4", "1e999"), ("12.4", "-12.4"), ("12.4", "null"), ("12.4", "\"12.4\""),
        ("1042", "-1"), ("1042", "1.5"), ("\"warmup\"", "\"Warm Up\""), ("\"warmup\"", "null"), ("\"pms5003\"", "\"\""),
        ("\"pms5003\"", "null"), ("1763776800000", "99999999999999"), ("1763776800000", "0"), ("{\"pm1_0\"", "{\"x\":{},\"pm1_0\""),
        ("\"bkk-dindaeng-01\"", "\"bkk dindaeng\""), ("\"bkk-dindaeng-01\"", "\"other-01\""), ("[", "[null,"), ("}", "}}"),
        ("\"samples\":[", "\"samples\":[],\"s\":["), ("\"values\":{", "\"values\":{},\"v\":{"), (",", ""), (":", ":[]"),
    ];

    private static readonly byte[] Example = WireGen.Utf8(WireGen.DesignExample);

    private static readonly Gen<byte[]> RandomBytes = Gen.Byte.Array[0, 4096];

    private static readonly Gen<byte[]> TokenMutations =
        Gen.Select(Gen.Int[0, Tokens.Length - 1], Gen.Int[0, 20]).Array[1, 4].Select(edits =>
        {
            var json = WireGen.DesignExample;
            foreach (var (token, occurrence) in edits)
            {
                var (from, to) = Tokens[token];
                var at = -1;
                for (var n = 0; n <= occurrence; n++)
                {
                    var next = json.IndexOf(from, at + 1, StringComparison.Ordinal);
                    if (next < 0)
                    {
                        break;
                    }

                    at = next;
                }

                if (at >= 0)
                {
                    json = string.Concat(json.AsSpan(0, at), to, json.AsSpan(at + from.Length));
                }
            }

            return Encoding.UTF8.GetBytes(json);
        });

    private static readonly Gen<byte[]> ByteMutations =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, Example.Length - 1], Gen.Int[1, 16], Gen.Byte.Array[1, 16]).Array[1, 6].Select(edits =>
        {
            var bytes = new List<byte>(Example);
            foreach (var (kind, position, length, insert) in edits)
            {
                var at = Math.Min(position, bytes.Count);
                switch (kind)
                {
                    case 0 when at < bytes.Count:
                        bytes[at] = insert[0];
                        break;
                    case 1:
                        bytes.RemoveRange(at, Math.Min(length, bytes.Count - at));
                        break;
                    case 2:
                        bytes.InsertRange(at, insert);
                        break;
                    default:
                        bytes.RemoveRange(at, bytes.Count - at);
                        break;
                }
            }

            return bytes.ToArray();
        });

    private static readonly Gen<byte[]> ValidPayloads = WireGen.ValidBatch.Select(b => WireCodec.Encode(b with { Device = Payloads.Device }));

    [Fact]
    public void Validate_never_throws_and_every_outcome_is_a_known_accept_or_reject()
    {
        Gen.OneOf(RandomBytes, TokenMutations, ByteMutations, ValidPayloads)
            .Sample(payload =>
            {
                var result = new ReadingValidator(new ValidationOptions()).Validate(Payloads.Device, payload, WireGen.Now);

                AssertConsistent(result);
            }, iter: 5_000);
    }

    [Fact]
    public void Token_mutations_reach_every_per_sample_rejection()
    {
        // Guards the property above: its mutations must get past decoding, not only produce "malformed".
        var seen = new HashSet<string>();
        TokenMutations.Sample(payload =>
        {
            foreach (var rejection in Payloads.Validate(payload).Rejections)
            {
                lock (seen)
                {
                    seen.Add(rejection.Code);
                }
            }
        }, iter: 3_000);

        Assert.Superset(
            new HashSet<string> { "malformed", "bad_device_id", "device_mismatch", "bad_seq", "bad_sensor", "unknown_metric", "non_finite", "out_of_range", "too_old", "bad_flag" },
            seen);
    }

    [Fact]
    public void Validate_never_throws_for_any_topic_device()
    {
        Gen.Select(Gen.String, Gen.OneOf(ValidPayloads, TokenMutations))
            .Sample((device, payload) => AssertConsistent(new ReadingValidator(new ValidationOptions()).Validate(device, payload, WireGen.Now)), iter: 1_000);
    }

    private static void AssertConsistent(ValidatedMessage result)
    {
        Assert.All(result.Rejections, r => Assert.Contains(r.Code, KnownCodes));
        Assert.All(result.Rejections, r => Assert.False(string.IsNullOrWhiteSpace(r.Detail)));
        if (result.Batch is null)
        {
            Assert.True(result.IsRejectedWhole);
            Assert.Empty(result.Accepted);
            var rejection = Assert.Single(result.Rejections);
            Assert.Contains(rejection.Reason, WholeMessageReasons);
            Assert.Null(rejection.SampleIndex);
            return;
        }

        Assert.Equal(result.Batch.Samples.Count, result.Accepted.Count + result.Rejections.Count);
        Assert.All(result.Rejections, r => Assert.DoesNotContain(r.Reason, WholeMessageReasons));
        var rejectedIndices = result.Rejections.Select(r => r.SampleIndex!.Value).ToList();
        Assert.Equal(rejectedIndices.Distinct().Order(), rejectedIndices);
        Assert.All(rejectedIndices, i => Assert.InRange(i, 0, result.Batch.Samples.Count - 1));
        Assert.Equal(
            result.Batch.Samples.Where((_, i) => !rejectedIndices.Contains(i)),
            result.Accepted);

        // Nothing accepted may carry a value the store must never see.
        foreach (var sample in result.Accepted)
        {
            Assert.True(DeviceId.IsValid(sample.Sensor));
            Assert.NotEmpty(sample.Values);
            Assert.All(sample.Values, v =>
            {
                Assert.True(MetricVocabulary.TryGet(v.Key, out var metric));
                Assert.True(double.IsFinite(v.Value));
                Assert.InRange(v.Value, metric.Min, metric.Max);
            });
            Assert.All(sample.Flags ?? [], f => Assert.True(QualityFlags.IsWellFormed(f)));
        }
    }
}
