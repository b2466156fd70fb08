using System.Collections.Concurrent;
using AirMonitor.Core.Stations;
using AirMonitor.Core.Validation;
using AirMonitor.Influx;
using AirMonitor.Ingest.Pipeline;
using CsCheck;
using AirMonitor.Testing;

namespace AirMonitor.Ingest.Tests;

/// <summary>
/// The intake's pure path (decode, validate, map to points, format line protocol) under 100,000 valid, mutated and
/// random payloads: nothing crashes or hangs, and every payload ends stored or rejected with a reason code.
/// </summary>
public sealed class IntakeFuzzTests
{
    private const int Payloads = 100_000;
    private const string Registered = "bkk-dindaeng-01";
    private static readonly HashSet<string> KnownCodes = [.. Enum.GetValues<RejectReason>().Select(r => r.Code()), ReadingIntake.Unstorable];

    private readonly ReadingValidator _validator = new(new ValidationOptions());
    private readonly PointMapper _mapper = new(StationRegistry.Load(RepositoryFiles.PathOf("firmware-config/stations.yaml")));

    [Fact]
    public async Task A_hundred_thousand_mutated_and_random_payloads_are_each_stored_or_rejected_with_a_reason()
    {
        var outcomes = new ConcurrentDictionary<string, int>();
        var messages = Gen.OneOf(
            PayloadMutations.AnyFor(Registered).Select(payload => (Device: Registered, Payload: payload)),
            WireGen.Id.SelectMany(device => PayloadMutations.ValidFor(device).Select(payload => (Device: device, Payload: payload))));

        // A hang fails the test instead of stalling CI.
        await Task.Run(() => messages.Sample(m =>
        {
            var outcome = Account(m.Device, m.Payload);
            outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        }, iter: Payloads)).WaitAsync(TimeSpan.FromMinutes(5));

        Assert.Equal(Payloads, outcomes.Values.Sum());
        Assert.All(outcomes.Keys.Where(k => k != "stored"), code => Assert.Contains(code, KnownCodes));
        // The mix reaches storage and every kind of whole-message rejection, not only "malformed".
        Assert.Superset(new HashSet<string> { "stored", "malformed", "device_mismatch", "bad_device_id", "bad_seq" }, outcomes.Keys.ToHashSet());
        Assert.True(outcomes["stored"] > Payloads / 4, string.Join(", ", outcomes.Select(o => $"{o.Key}={o.Value}")));
    }

    /// <summary>What the intake does with one payload, as its outcome: "stored" or the whole-message reason code.</summary>
    private string Account(string device, byte[] payload)
    {
        var message = _validator.Validate(device, payload, WireGen.Now);
        if (message.IsRejectedWhole)
        {
            return Assert.Single(message.Rejections).Code;
        }

        Assert.Equal(message.Batch!.Samples.Count, message.Accepted.Count + message.Rejections.Count);
        Assert.All(message.Rejections, r => Assert.Contains(r.Code, KnownCodes));
        try
        {
            using var lines = new LineWriter();
            _mapper.Write(lines, device, message.Accepted);
            var written = System.Text.Encoding.UTF8.GetString(lines.WrittenSpan).Split('\n');

            // One line per sample, each ended by its line feed, so none can run into the next point.
            Assert.Equal(message.Accepted.Count, lines.Points);
            Assert.Equal([.. message.Accepted.Select(_ => false), true], written.Select(w => w.Length == 0));
            foreach (var (line, sample) in written.Zip(message.Accepted))
            {
                Assert.EndsWith($" {sample.Ts}", line, StringComparison.Ordinal);
            }

            return "stored";
        }
        catch (ArgumentException)
        {
            return ReadingIntake.Unstorable;
        }
    }
}
