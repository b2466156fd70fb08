using System.Diagnostics;

namespace AirMonitor.EndToEnd.Tests;

/// <summary><c>airmon-edge</c> as systemd starts it: a bad profile stops it at once, naming the file, the key and the reason.</summary>
public sealed class EdgeStartupTests : IDisposable
{
    private readonly EdgeTestFolder _folder = new();

    [Fact]
    public async Task A_bad_profile_ends_the_edge_with_exit_code_2_naming_the_file_every_key_and_its_reason()
    {
        var profile = _folder.WriteProfile("lab-bad-01", new Uri("mqtt://127.0.0.1:1883"), "10s", "{model: bme280, bus: i2c, address: 0x76, intervall: 1s}");
        var (exitCode, error) = await RunEdgeAsync(profile);

        Assert.Equal(2, exitCode);
        Assert.StartsWith($"airmon-edge: configuration error: {profile}: 2 errors: ", error, StringComparison.Ordinal);
        Assert.Contains("sensors[0].intervall: unknown key; did you mean 'interval'?", error, StringComparison.Ordinal);
        Assert.Contains("sensors[0].interval: required key is missing (line 5, column 5)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_credentials_file_that_cannot_be_read_ends_the_edge_with_exit_code_2_naming_it()
    {
        var profile = _folder.WriteProfile("lab-creds-01", new Uri("mqtt://127.0.0.1:1883"), "10s", "{model: bme280, bus: i2c, address: 0x76, interval: 1s}");
        var missing = Path.Combine(Path.GetDirectoryName(profile)!, "no-such.credentials");
        File.WriteAllText(profile, File.ReadAllText(profile).Replace("mqtt: {url: \"mqtt://127.0.0.1:1883/\"}", $"mqtt: {{url: \"mqtt://127.0.0.1:1883/\", credentials_file: {missing}}}", StringComparison.Ordinal));
        Assert.Contains(missing, File.ReadAllText(profile), StringComparison.Ordinal);

        var (exitCode, error) = await RunEdgeAsync(profile);

        Assert.Equal(2, exitCode);
        Assert.StartsWith($"airmon-edge: configuration error: {profile}: cannot read mqtt.credentials_file '{missing}': ", error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private static async Task<(int ExitCode, string Error)> RunEdgeAsync(string profile)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "airmon-edge.dll"), $"--Edge:ProfilePath={profile}", "--Edge:ClockSyncFile=" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stderr);
    }
}
