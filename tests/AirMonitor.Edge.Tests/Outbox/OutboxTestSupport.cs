using AirMonitor.Core.Contract;
using Microsoft.Extensions.Logging;

namespace AirMonitor.Edge.Tests.Outbox;

/// <summary>A directory under the system temp path, deleted with everything in it.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"airmon-outbox-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A child process killed a moment ago may still be closing its files; the OS temp cleanup gets it later.
        }
    }
}

internal static class Readings
{
    public const string Device = "yok-tsurumi-01";

    /// <summary>One PM sample; its encoded size is the same for every <paramref name="i"/> from 0 to 99,999.</summary>
    public static Sample Pm(int i) =>
        new(1_763_776_800_000 + (i * 60_000L), "pms5003", new Dictionary<string, double> { ["pm2_5"] = i % 10, ["pm10"] = 10 + (i % 10) });

    public static IReadOnlyList<Sample> Batch(int i, int samples = 1) => [.. Enumerable.Range(0, samples).Select(k => Pm(i + k))];
}
