using System.Diagnostics;

namespace AirMonitor.Testing.Pipeline;

/// <summary>What one run of the <c>airmon</c> tool printed, and how it ended.</summary>
public sealed record AirmonRun(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// The <c>airmon</c> tool as a user runs it: <c>dotnet airmon.dll …</c> from the test's output directory, where the
/// programs it starts as child processes (<c>airmon-ingest.dll</c>, <c>airmon-edge.dll</c>) lie beside it.
/// </summary>
public static class AirmonCommand
{
    /// <param name="environment">Set for the run on top of the test's own (<c>AIRMON_Mqtt__Url</c>, …).</param>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/>; it is killed, and the message holds what it printed.</exception>
    public static async Task<AirmonRun> RunAsync(IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "airmon.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"airmon {string.Join(' ', args)} did not finish within {timeout}; it printed:\n{await stdout}\n{await stderr}");
        }

        return new AirmonRun(process.ExitCode, await stdout, await stderr);
    }
}
