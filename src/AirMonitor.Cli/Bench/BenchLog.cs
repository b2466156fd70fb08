using System.Globalization;

namespace AirMonitor.Cli.Bench;

/// <summary>Progress on standard error, so standard output carries the report alone.</summary>
internal static class BenchLog
{
    public static void Say(string message) =>
        Console.Error.WriteLine($"[{DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}] {message}");
}
