using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using AirMonitor.Influx;

namespace AirMonitor.Cli;

/// <summary>
/// <c>airmon edge-footprint</c>: runs the real edge as a child process with a profile on simulated buses, against the
/// configured broker and a real ingest, and reports its resident memory and CPU. By default it measures the deployed
/// form (published by <c>scripts/publish-edge.sh</c> for this machine's runtime); <c>--framework-dependent</c> measures
/// <c>dotnet airmon-edge.dll</c> built beside this tool.
/// </summary>
internal static class EdgeFootprintCommand
{
    public static Command Create()
    {
        var profile = new Option<string>("--profile") { Description = "Device profile to run on simulated buses", DefaultValueFactory = _ => "firmware-config/devices/sim-laptop-01.yaml" };
        var duration = CommonOptions.Duration("--duration", "How long to measure, after the warm-up", TimeSpan.FromMinutes(5));
        var warmUp = CommonOptions.Duration("--warmup", "Run this long before measuring (start-up, JIT, sensor warm-up)", TimeSpan.FromSeconds(60));
        var workDir = new Option<string>("--work-dir") { Description = "Where the outbox, the logs and the published edge go", DefaultValueFactory = _ => ".airmon/footprint" };
        var frameworkDependent = new Option<bool>("--framework-dependent") { Description = "Measure `dotnet airmon-edge.dll` built beside this tool instead of the deployed form" };
        var runtime = new Option<string>("--runtime") { Description = "Runtime identifier to publish the deployed form for", DefaultValueFactory = _ => EdgeBuild.MachineRuntime };
        var command = new Command("edge-footprint", "Measure the edge worker's resident memory and CPU on a profile's sensors (simulated buses)")
        {
            profile, duration, warmUp, workDir, frameworkDependent, runtime,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = CliSettings.Load();
            var dir = Directory.CreateDirectory(result.GetValue(workDir)!).FullName;
            var rid = result.GetValue(runtime)!;
            var edge = result.GetValue(frameworkDependent)
                ? EdgeBuild.FrameworkDependent
                : await EdgeBuild.PublishDeployedAsync(rid, Path.Combine(dir, $"edge-{rid}"), cancellationToken);
            var report = await RunAsync(settings, edge, Path.GetFullPath(result.GetValue(profile)!), dir, result.GetValue(warmUp), result.GetValue(duration), cancellationToken);
            Console.WriteLine(report);
            return report.SamplesStored > 0 ? 0 : 1;
        });
        return command;
    }

    private static async Task<FootprintReport> RunAsync(CliSettings settings, EdgeBuild build, string profile, string dir, TimeSpan warmUp, TimeSpan duration, CancellationToken cancellationToken)
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

        await using var edge = build.Start(
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
        var resident = new List<ResidentSplit>();
        while (clock.Elapsed < duration && !edge.HasExited)
        {
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            if (ResidentSplit.TryRead(edge.ProcessId, out var split))
            {
                resident.Add(split);
            }
        }

        var end = edge.Usage();
        var elapsed = clock.Elapsed;
        if (edge.HasExited)
        {
            throw new InvalidOperationException($"the edge exited with code {edge.ExitCode}; see {edge.LogPath}");
        }

        var samples = await SamplesStoredAsync(ingest, cancellationToken) - samplesBefore;
        resident.Sort((a, b) => a.TotalBytes.CompareTo(b.TotalBytes));
        return new FootprintReport(
            build.Form,
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

/// <summary>The build of the edge a footprint run measures, and how it is started.</summary>
/// <param name="Form">What was measured, for the report.</param>
/// <param name="Executable">The published executable; null for <c>dotnet airmon-edge.dll</c> beside this tool.</param>
/// <param name="Environment">Set for the edge on top of what it inherits: the deployed unit's runtime settings.</param>
internal sealed record EdgeBuild(string Form, string? Executable, IReadOnlyDictionary<string, string> Environment)
{
    public static EdgeBuild FrameworkDependent { get; } = new("framework-dependent (dotnet airmon-edge.dll)", null, new Dictionary<string, string>());

    /// <summary>This machine's runtime identifier, as publish takes it: linux-x64, linux-arm64.</summary>
    public static string MachineRuntime => $"linux-{RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}";

    /// <summary>
    /// Publishes the edge into <paramref name="outputDir"/> with <c>scripts/publish-edge.sh</c>, the one definition of
    /// the deployed form's flags (self-contained, trimmed), for <paramref name="runtime"/> instead of the Pi's; it
    /// runs with the environment its systemd unit gives it (<c>deploy/edge/airmon-edge.service</c>), but for the
    /// <c>AIRMON_</c> configuration, which the footprint run sets itself.
    /// </summary>
    public static async Task<EdgeBuild> PublishDeployedAsync(string runtime, string outputDir, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot();
        var script = Path.Combine(root, "scripts", "publish-edge.sh");
        var start = new ProcessStartInfo("bash") { UseShellExecute = false };
        foreach (var argument in new[] { script, "--runtime", runtime, outputDir })
        {
            start.ArgumentList.Add(argument);
        }

        using var publish = Process.Start(start) ?? throw new InvalidOperationException($"could not start {script}");
        await publish.WaitForExitAsync(cancellationToken);
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} --runtime {runtime} failed with code {publish.ExitCode}");
        }

        var unit = UnitEnvironment(Path.Combine(root, "deploy", "edge", "airmon-edge.service"))
            .Where(setting => !setting.Key.StartsWith("AIRMON_", StringComparison.Ordinal))
            .ToDictionary();
        var settings = unit.Count == 0 ? "" : $", {string.Join(' ', unit.Select(setting => $"{setting.Key}={setting.Value}"))} from its systemd unit";
        return new EdgeBuild($"deployed form (self-contained, trimmed, {runtime}{settings})", Path.Combine(outputDir, "airmon-edge"), unit);
    }

    /// <summary>
    /// Starts the edge with every file it loads from read once beforehand. A touched page of a mapped file brings its
    /// cached neighbours into the resident set with it (the kernel's fault-around), so without this the file-backed
    /// figure moved by up to 1.6 MiB between runs with what the page cache happened to hold; with it, every run
    /// measures the case of an install just copied, the largest.
    /// </summary>
    public ChildProcess Start(IEnumerable<string> arguments, string logPath)
    {
        string[] directories = Executable is null
            ? [AppContext.BaseDirectory, System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory()]
            : [Path.GetDirectoryName(Executable)!];
        foreach (var file in directories.SelectMany(directory => Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)))
        {
            using var stream = File.OpenRead(file);
            stream.CopyTo(Stream.Null);
        }

        return Executable is null
            ? ChildProcess.Start("airmon-edge", arguments, logPath)
            : ChildProcess.StartExecutable(Executable, arguments, logPath, Environment);
    }

    /// <summary>A systemd unit's <c>Environment=NAME=value</c> lines (one setting a line, unquoted, as ours are written).</summary>
    internal static IEnumerable<KeyValuePair<string, string>> UnitEnvironment(string unitFile) =>
        from line in File.ReadLines(unitFile)
        where line.StartsWith("Environment=", StringComparison.Ordinal)
        let setting = line["Environment=".Length..].Trim().Split('=', 2)
        where setting.Length == 2
        select KeyValuePair.Create(setting[0], setting[1]);

    // This tool runs from the repository's build output (src/AirMonitor.Cli/bin/...) or from the repository root.
    private static string RepositoryRoot()
    {
        foreach (var from in new[] { AppContext.BaseDirectory, System.Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "scripts", "publish-edge.sh")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("scripts/publish-edge.sh not found above this tool or the current directory; run from the repository, or give --framework-dependent");
    }
}

/// <summary>Resident memory by kind, from <c>/proc/{pid}/status</c>: RssAnon, RssFile and RssShmem, which add up to VmRSS.</summary>
/// <param name="AnonymousBytes">Heaps, stacks, the GC heap.</param>
/// <param name="FileBackedBytes">Pages of mapped files: the runtime's <c>.so</c> files and the assemblies.</param>
/// <param name="SharedMemoryBytes">Shared memory: the runtime's JIT code and type data (its <c>memfd:doublemapper</c>).</param>
internal readonly record struct ResidentSplit(long AnonymousBytes, long FileBackedBytes, long SharedMemoryBytes)
{
    public long TotalBytes => AnonymousBytes + FileBackedBytes + SharedMemoryBytes;

    /// <returns>False when the process has gone.</returns>
    public static bool TryRead(int pid, out ResidentSplit split)
    {
        split = default;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                split = line.Split(':')[0] switch
                {
                    "RssAnon" => split with { AnonymousBytes = ProcessUsage.Kibibytes(line) * 1024 },
                    "RssFile" => split with { FileBackedBytes = ProcessUsage.Kibibytes(line) * 1024 },
                    "RssShmem" => split with { SharedMemoryBytes = ProcessUsage.Kibibytes(line) * 1024 },
                    _ => split,
                };
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

internal sealed record FootprintReport(string Form, string Profile, TimeSpan Measured, ResidentSplit MedianResident, long PeakResidentBytes, double CpuShareOfOneCore, long SamplesStored)
{
    public override string ToString() => string.Join(Environment.NewLine,
        $"airmon edge-footprint: {Form}, {Profile} on simulated buses, measured for {Measured.TotalSeconds:F0} s after the warm-up",
        $"  resident memory: median {Mib(MedianResident.TotalBytes):F1} MiB (anonymous {Mib(MedianResident.AnonymousBytes):F1}, file-backed {Mib(MedianResident.FileBackedBytes):F1}, shmem {Mib(MedianResident.SharedMemoryBytes):F1}), peak {Mib(PeakResidentBytes):F1} MiB",
        $"  CPU: {CpuShareOfOneCore:P1} of one core",
        $"  samples stored by the ingest meanwhile: {SamplesStored} ({SamplesStored / Measured.TotalSeconds:F2}/s)");

    private static double Mib(long bytes) => bytes / (1024.0 * 1024);
}
