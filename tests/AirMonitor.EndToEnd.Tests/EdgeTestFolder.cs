namespace AirMonitor.EndToEnd.Tests;

/// <summary>A temporary folder holding a simulated edge's profile and its outbox, deleted afterwards.</summary>
internal sealed class EdgeTestFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("airmon-edge-").FullName;

    public string OutboxPath => System.IO.Path.Combine(Path, "outbox.db");

    /// <summary>Writes a profile of <paramref name="device"/> on simulated buses; <paramref name="sensors"/> are its YAML list items.</summary>
    public string WriteProfile(string device, Uri broker, string resendAfter, params string[] sensors)
    {
        var path = System.IO.Path.Combine(Path, $"{device}.yaml");
        File.WriteAllText(path, $$"""
            device: {id: {{device}}, simulated: true}
            mqtt: {url: "{{broker}}"}
            outbox: {path: "{{OutboxPath}}", resend_after: {{resendAfter}}}
            sensors:
            {{string.Join("\n", sensors.Select(s => $"  - {s}"))}}
            """);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // the outbox may still be closing; the OS cleans the temp directory
        }
    }
}
