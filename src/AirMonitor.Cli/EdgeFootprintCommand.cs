using System.CommandLine;
using System.Diagnostics;
using AirMonitor.Influx;

namespace AirMonitor.Cli;

/// <summary>
/// <c>airmon edge-footprint</c>: runs the real edge (<c>airmon-edge.dll</c>) as a child process with a profile on
/// simulated buses, against the configured broker and a real ingest, and reports its resident memory and CPU.
/// </summary>
internal static class EdgeFootprintCommand
{
    public static Command Create()
    {
        var profile = new Option<string>("--profile") { Description = "Device profile to run on simulated buses", DefaultValueFactory = _ => "firmware-config/devices/sim-laptop-01.yaml" };
        var duration = CommonOptions.Duration("--duration", "How long to measure, after the warm-up", TimeSpan.FromMinutes(5));
        var warmUp = CommonOptions.Duration("--warmup", "Run this long before measuring (start-up, JIT, sensor warm-up)", TimeSpan.FromSeconds(60));
        var workDir = new Option<string>("--work-dir") { Description = "Where the outbox and the logs go", DefaultValueFactory = _ => ".airmon/footprint" };
        var command = new Command("edge-footprint", "Measure the edge worker's resident memory and CPU on a profile's sensors (simulated buses)")
        {
            profile, duration, warmUp, workDir,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = CliSettings.Load();
            var dir = Directory.CreateDirectory(result.GetValue(workDir)!).FullName;
            var report = await RunAsync(settings, Path.GetFullPath(result.GetValue(profile)!), dir, result.GetValue(warmUp), result.GetValue(duration), cancellationToken);
            Console.WriteLine(report);
            return report.SamplesStored > 0 ? 0 : 1;
        });
        return command;
    }

    private static async Task<FootprintReport> RunAsync(CliSettings settings, string profile, string dir, TimeSpan warmUp, TimeSpan duration, CancellationToken cancellationToken)
    {
        const string database = "airmon_footprint";
        using (var http = InfluxHttp.CreateClient(settings.Influx))
        {
            await new InfluxQueryClient(http, settings.Influx).QueryAsync($"DROP DATABASE {database}", cancellationToken);
        }

        // The ingest acknowledges, so the outbox stays near empty as in the field; it is measured for nothing here.
        await using var ingest = await IngestProcess.StartAsync(
            settings.IngestArguments(database).Concat([
                $"--Mqtt:ClientId=airmon-footprint-ingest-{Environment.ProcessId}",
                "--Mqtt:SessionExpiry=00:00:00",
            ]),
            Path.Combine(dir, "ingest"), cancellationToken);
        var outbox = Path.Combine(dir, "outbox.db");
        foreach (var file in Directory.GetFiles(dir, "outbox.db*"))
        {
            File.Delete(file);
        }

        await using var edge = ChildProcess.Start("airmon-edge",
            [
                $"--Edge:ProfilePath={profile}",
                "--Edge:Simulate=true",
                $"--Edge:MqttUrl={settings.Mqtt.Url}",
                $"--Edge:OutboxPath={outbox}",
                "--Edge:ClockSyncFile=",
                "--Logging:LogLevel:Default=Warning",
            ],
            Path.Combine(dir, "edge.log"));

        await Task.Delay(warmUp, cancellationToken);
        var samplesBefore = await SamplesStoredAsync(ingest, cancellationToken);
        var start = edge.Usage();
        var clock = Stopwatch.StartNew();
        var resident = new List<long>();
        while (clock.Elapsed < duration && !edge.HasExited)
        {
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            resident.Add(edge.Usage().ResidentBytes);
        }

        var end = edge.Usage();
        var elapsed = clock.Elapsed;
        if (edge.HasExited)
        {
            throw new InvalidOperationException($"the edge exited with code {edge.ExitCode}; see {edge.LogPath}");
        }

        var samples = await SamplesStoredAsync(ingest, cancellationToken) - samplesBefore;
        resident.Sort();
        return new FootprintReport(
            Path.GetFileName(profile),
            elapsed,
            resident[resident.Count / 2],
            end.PeakResidentBytes,
            (end.CpuTime - start.CpuTime) / elapsed,
            samples);
    }

    private static async Task<long> SamplesStoredAsync(IngestProcess ingest, CancellationToken cancellationToken) =>
        (long)(await ingest.ScrapeAsync(cancellationToken)).GetValueOrDefault("airmon_ingest_samples_stored_total");
}

internal sealed record FootprintReport(string Profile, TimeSpan Measured, long MedianResidentBytes, long PeakResidentBytes, double CpuShareOfOneCore, long SamplesStored)
{
    public override string ToString() => string.Join(Environment.NewLine,
        $"airmon edge-footprint: {Profile} on simulated buses, measured for {Measured.TotalSeconds:F0} s after the warm-up",
        $"  resident memory: median {Mib(MedianResidentBytes):F1} MiB, peak {Mib(PeakResidentBytes):F1} MiB",
        $"  CPU: {CpuShareOfOneCore:P1} of one core",
        $"  samples stored by the ingest meanwhile: {SamplesStored} ({SamplesStored / Measured.TotalSeconds:F2}/s)");

    private static double Mib(long bytes) => bytes / (1024.0 * 1024);
}
