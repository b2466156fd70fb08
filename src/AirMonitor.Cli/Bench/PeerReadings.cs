using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace AirMonitor.Cli.Bench;

/// <summary>
/// The peer harness's readings (shared/peer/lib/airmon.js), byte for byte, so that the bench loads the ingest exactly as
/// the harness does: per message one <c>pms5003</c> sample (pm1_0, pm2_5, pm10) and one <c>bme280</c> sample
/// (temperature, humidity, pressure), values with one decimal from a deterministic noise of (device, slot, field),
/// stamped <see cref="T0"/> + seq seconds.
/// </summary>
/// <example><c>{"device":"dev-0001","seq":0,"samples":[{"ts":1763776800000,"sensor":"pms5003","values":{"pm1_0":…,"pm2_5":…,"pm10":…}},{"ts":1763776800000,"sensor":"bme280","values":{"temperature":…,"humidity":…,"pressure":…}}]}</c></example>
public static class PeerReadings
{
    /// <summary>2025-11-22T02:00:00Z, the harness's first sample: the ingest needs a <c>Validation:MaxAge</c> reaching back to it.</summary>
    public const long T0 = 1763776800000;

    public const long IntervalMs = 1000;

    public const int SamplesPerMessage = 2;

    private static readonly SensorShape[] Sensors =
    [
        new("pms5003", [new("pm1_0", 8.1, 4), new("pm2_5", 12.4, 6), new("pm10", 19.0, 8)]),
        new("bme280", [new("temperature", 29.4, 3), new("humidity", 61.2, 8), new("pressure", 1008.1, 4)]),
    ];

    /// <summary><c>dev-0007</c>: the harness's ids with another prefix where needed (the warm-up's devices).</summary>
    public static string DeviceId(string prefix, int index) => $"{prefix}-{index.ToString("D4", CultureInfo.InvariantCulture)}";

    /// <summary>Appends the payload of message <paramref name="seq"/> of device number <paramref name="deviceIndex"/>.</summary>
    public static void Write(IBufferWriter<byte> output, string device, int deviceIndex, long seq)
    {
        // The harness's samples of a message share one time slot per pair of sensors (2 samples: slot = seq).
        var slot = seq;
        var ts = T0 + (slot * IntervalMs);
        Append(output, "{\"device\":\"");
        Append(output, device);
        Append(output, "\",\"seq\":");
        Append(output, seq);
        Append(output, ",\"samples\":[");
        for (var j = 0; j < Sensors.Length; j++)
        {
            var sensor = Sensors[j];
            Append(output, j == 0 ? "{\"ts\":" : ",{\"ts\":");
            Append(output, ts);
            Append(output, ",\"sensor\":\"");
            Append(output, sensor.Name);
            Append(output, "\",\"values\":{");
            for (var f = 0; f < sensor.Fields.Length; f++)
            {
                var field = sensor.Fields[f];
                var value = Math.Abs(field.Base + (field.Amplitude * Noise(deviceIndex, slot, (j * 16) + f)));
                Append(output, f == 0 ? "\"" : ",\"");
                Append(output, field.Name);
                Append(output, "\":");

                // toFixed(1): always one decimal, so every consumer parses a float ("19.0", not "19").
                Append(output, value.ToString("F1", CultureInfo.InvariantCulture));
            }

            Append(output, "}}");
        }

        Append(output, "]}");
    }

    /// <summary>The harness's integer hash noise in [-1, 1): JavaScript's <c>Math.imul</c> and <c>&gt;&gt;&gt;</c> are 32-bit unsigned arithmetic here.</summary>
    public static double Noise(long a, long b, long c)
    {
        unchecked
        {
            var h = ((uint)a * 0x9E3779B1u) ^ (((uint)b + 0x7F4A7C15u) * 0x85EBCA77u) ^ (((uint)c + 0x165667B1u) * 0xC2B2AE3Du);
            h ^= h >> 15;
            h *= 0x2C1B3C6Du;
            h ^= h >> 12;
            h *= 0x297A2D39u;
            h ^= h >> 15;
            return (h / 2147483648.0) - 1;
        }
    }

    private static void Append(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(text.Length);
        var written = Encoding.UTF8.GetBytes(text, span);
        output.Advance(written);
    }

    private static void Append(IBufferWriter<byte> output, long number)
    {
        var span = output.GetSpan(20);
        Utf8Formatter.TryFormat(number, span, out var written);
        output.Advance(written);
    }

    private sealed record SensorShape(string Name, FieldShape[] Fields);

    private sealed record FieldShape(string Name, double Base, double Amplitude);
}
