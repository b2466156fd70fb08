using AirMonitor.Sensors.Simulation;
using CsCheck;

namespace AirMonitor.Sensors.Tests.Mhz19b;

using AirMonitor.Sensors.Mhz19b;

/// <summary>Whatever bytes come down the line, the driver answers with a fault or an answer that is really there, and never throws.</summary>
public sealed class Mhz19bPropertyTests
{
    private static readonly Gen<byte[]> Answers = Gen.UShort.Select(Mhz19bFrame.Co2Answer);

    private static readonly Gen<byte[]> Noise = Gen.OneOf(Gen.Byte, Gen.Const((byte)0xFF), Gen.Const((byte)0x86)).Array[0, 20];

    private static readonly Gen<byte[]> Damaged = Gen.OneOf(
        Answers.Select(Gen.Int[1, 8], (answer, cut) => answer[..cut]),
        Answers.Select(Gen.Int[1, 8], Gen.Byte[1, 255], (answer, at, flip) =>
        {
            var copy = (byte[])answer.Clone();
            copy[at] ^= flip;
            return copy;
        }));

    [Fact]
    public void Any_byte_stream_yields_only_answers_it_contains_and_never_throws()
    {
        Gen.OneOf(Noise, Answers, Damaged).Array[0, 12]
            .Select(chunks => chunks.SelectMany(c => c).ToArray())
            .Sample(bytes =>
            {
                var valid = ValidAnswersIn(bytes);
                foreach (var co2 in ReadAll(bytes))
                {
                    Assert.Contains(co2, valid);
                }
            });
    }

    [Fact]
    public void Answers_among_noise_are_all_read_in_order()
    {
        var noiseWithoutStarts = Gen.Byte.Where(b => b != Mhz19bFrame.Start).Array[0, 20];
        Gen.Select(noiseWithoutStarts, Gen.UShort).Array[0, 8]
            .Sample(chunks =>
            {
                var bytes = chunks.SelectMany(c => c.Item1.Concat(Mhz19bFrame.Co2Answer(c.Item2))).ToArray();

                Assert.Equal(chunks.Select(c => (int)c.Item2), ReadAll(bytes));
            });
    }

    // Reads until the line is exhausted; a zero read timeout makes every quiet read throw TimeoutException at once.
    private static List<int> ReadAll(byte[] bytes)
    {
        using var line = new SimulatedSerialStream(TimeSpan.Zero);
        line.Enqueue(bytes);
        using var sensor = new Mhz19b(line);
        var read = new List<int>();
        for (var attempt = 0; attempt < bytes.Length + 2; attempt++)
        {
            if (sensor.TryReadCo2(out var co2, out var fault, out var detail))
            {
                read.Add(co2);
            }
            else
            {
                Assert.True(Enum.IsDefined(fault));
                Assert.False(string.IsNullOrEmpty(detail));
            }
        }

        Assert.Equal(0, line.PendingBytes);
        return read;
    }

    // An oracle independent of the driver's checksum: FF 86, and bytes 1..8 summing to 0 modulo 256.
    private static HashSet<int> ValidAnswersIn(byte[] bytes)
    {
        var valid = new HashSet<int>();
        for (var at = 0; at + Mhz19bFrame.Length <= bytes.Length; at++)
        {
            var window = bytes.AsSpan(at, Mhz19bFrame.Length);
            var sum = 0;
            foreach (var b in window[1..])
            {
                sum += b;
            }

            if (window[0] == 0xFF && window[1] == 0x86 && (byte)sum == 0)
            {
                valid.Add((window[2] << 8) | window[3]);
            }
        }

        return valid;
    }
}
