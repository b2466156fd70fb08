using System.Text;
using AirMonitor.Core.Contract;
using CsCheck;

namespace AirMonitor.Testing;

/// <summary>Readings payloads for fuzzing the decoder, the validator and what follows them: valid, mutated and random.</summary>
public static class PayloadMutations
{
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

    /// <summary>Any bytes at all.</summary>
    public static readonly Gen<byte[]> RandomBytes = Gen.Byte.Array[0, 4096];

    /// <summary>The wire contract's example (docs/architecture.md) with one to four rule-breaking substitutions: well-formed JSON that reaches the per-sample checks.</summary>
    public static readonly Gen<byte[]> TokenMutations =
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

    /// <summary>The wire contract's example (docs/architecture.md) with bytes flipped, cut, inserted or truncated.</summary>
    public static readonly Gen<byte[]> ByteMutations =
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

    /// <summary>Valid batches of <paramref name="device"/>, encoded.</summary>
    public static Gen<byte[]> ValidFor(string device) => WireGen.ValidBatch.Select(b => WireCodec.Encode(b with { Device = device }));

    /// <summary>Everything above in equal shares, for <paramref name="device"/>: what a topic of that device might carry.</summary>
    public static Gen<byte[]> AnyFor(string device) => Gen.OneOf(RandomBytes, TokenMutations, ByteMutations, ValidFor(device));
}
