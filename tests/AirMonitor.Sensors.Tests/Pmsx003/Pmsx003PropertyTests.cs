using AirMonitor.Sensors.Simulation;
using CsCheck;

namespace AirMonitor.Sensors.Tests.Pmsx003;

using AirMonitor.Sensors.Pmsx003;

/// <summary>Whatever bytes come down the line, the driver answers with a fault or a frame that is really there, and never throws.</summary>
public sealed class Pmsx003PropertyTests
{
    private static readonly Gen<Pmsx003Measurement> Measurements =
        Gen.UShort.Array[13].Select(w => new Pmsx003Measurement(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], w[8], w[9], w[10], w[11], w[12]));

    private static readonly Gen<byte[]> Frames = Measurements.Select(Pmsx003Frame.Encode);

    // Noise biased towards the header bytes, so false starts are common.
    private static readonly Gen<byte[]> Noise = Gen.OneOf(Gen.Byte, Gen.Const((byte)0x42), Gen.Const((byte)0x4D), Gen.Const((byte)0x00)).Array[0, 40];

    private static readonly Gen<byte[]> Damaged = Gen.OneOf(
        Frames.Select(Gen.Int[1, 31], (frame, cut) => frame[..cut]),
        Frames.Select(Gen.Int[2, 31], Gen.Byte[1, 255], (frame, at, flip) => PlantowerFrames.With(frame, at, (byte)(frame[at] ^ flip))),
        Gen.Const(PlantowerFrames.PassiveModeAcknowledgement));

    [Fact]
    public void Any_byte_stream_yields_only_frames_it_contains_and_never_throws()
    {
        Gen.OneOf(Noise, Frames, Damaged).Array[0, 12]
            .Select(chunks => PlantowerFrames.Concat(chunks))
            .Sample(bytes =>
            {
                var valid = ValidFramesIn(bytes);
                foreach (var measurement in ReadAll(bytes))
                {
                    Assert.Contains(measurement, valid);
                }
            });
    }

    [Fact]
    public void Frames_among_noise_are_all_read_in_order()
    {
        var noiseWithoutStarts = Gen.Byte.Where(b => b != Pmsx003Frame.Start1).Array[0, 40];
        Gen.Select(noiseWithoutStarts, Measurements).Array[0, 8]
            .Select(Gen.Bool, (chunks, acknowledgementFirst) => (Chunks: chunks, AcknowledgementFirst: acknowledgementFirst))
            .Sample(sample =>
            {
                var bytes = PlantowerFrames.Concat(
                    [
                        sample.AcknowledgementFirst ? PlantowerFrames.PassiveModeAcknowledgement : [],
                        .. sample.Chunks.SelectMany(c => new[] { c.Item1, Pmsx003Frame.Encode(c.Item2) }),
                    ]);

                Assert.Equal(sample.Chunks.Select(c => c.Item2), ReadAll(bytes));
            });
    }

    // Reads until the line is exhausted; a zero read timeout makes every quiet read throw TimeoutException at once.
    private static List<Pmsx003Measurement> ReadAll(byte[] bytes)
    {
        using var line = new SimulatedSerialStream(TimeSpan.Zero);
        line.Enqueue(bytes);
        using var sensor = new Pmsx003(line);
        var read = new List<Pmsx003Measurement>();
        for (var attempt = 0; attempt < bytes.Length + 2; attempt++)
        {
            if (sensor.TryReadMeasurement(out var measurement, out var fault, out var detail))
            {
                read.Add(measurement);
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

    // An oracle independent of the driver's decoder: 42 4D, length 28, and the 16-bit sum of bytes 0..29 in bytes 30..31.
    private static HashSet<Pmsx003Measurement> ValidFramesIn(byte[] bytes)
    {
        var valid = new HashSet<Pmsx003Measurement>();
        for (var at = 0; at + 32 <= bytes.Length; at++)
        {
            var f = bytes.AsSpan(at, 32);
            var sum = 0;
            foreach (var b in f[..30])
            {
                sum += b;
            }

            if (f[0] == 0x42 && f[1] == 0x4D && f[2] == 0 && f[3] == 28 && (sum & 0xFFFF) == ((f[30] << 8) | f[31]))
            {
                var w = new ushort[13];
                for (var i = 0; i < 13; i++)
                {
                    w[i] = (ushort)((f[4 + (2 * i)] << 8) | f[5 + (2 * i)]);
                }

                valid.Add(new Pmsx003Measurement(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], w[8], w[9], w[10], w[11], w[12]));
            }
        }

        return valid;
    }
}
