using AirMonitor.Core.Contract;
using AirMonitor.Core.Metrics;
using AirMonitor.Ingest.Validation;
using AirMonitor.Testing;
using CsCheck;

namespace AirMonitor.Ingest.Tests.Validation;

/// <summary>Whatever bytes arrive on a readings topic, the validator answers and never stores what it should not.</summary>
public class ReadingValidatorPropertyTests
{
    private static readonly HashSet<RejectReason> WholeMessageReasons =
        [RejectReason.TooLarge, RejectReason.Malformed, RejectReason.BadDeviceId, RejectReason.DeviceMismatch, RejectReason.BadSeq, RejectReason.EmptyBatch, RejectReason.TooManySamples];

    private static readonly HashSet<string> KnownCodes = [.. Enum.GetValues<RejectReason>().Select(r => r.Code())];

    private static readonly Gen<byte[]> ValidPayloads = PayloadMutations.ValidFor(Payloads.Device);

    [Fact]
    public void Validate_never_throws_and_every_outcome_is_a_known_accept_or_reject()
    {
        PayloadMutations.AnyFor(Payloads.Device)
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
        PayloadMutations.TokenMutations.Sample(payload =>
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
        Gen.Select(Gen.String, Gen.OneOf(ValidPayloads, PayloadMutations.TokenMutations))
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
