using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AirMonitor.Cli.Bench;
using AirMonitor.Cli.Simulation;
using AirMonitor.Core.Stations;
using AirMonitor.Influx;
using AirMonitor.Ingest.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace AirMonitor.Cli;

/// <summary>
/// <c>airmon bench</c>: the ingest measured as the peer harness (shared/peer) measures it, with a load generator light
/// enough not to be the bottleneck (<see cref="LoadGenerator"/>): drain (the ingest paused while the broker queues the
/// load, then timed from its resume), e2e (timed from the first publish, optionally many runs back to back), steady
/// (ack latency at a fixed rate) and fleet (10,000 connections); beside them the storage and broker limits as references.
/// Each phase gives a section of the report and a <c>RESULT {json}</c> line; a summary table ends it.
/// </summary>
internal static class BenchCommand
{
    private static readonly BenchOptions Defaults = new() { Phases = Enum.GetValues<BenchPhase>(), WorkDir = ".airmon/bench" };

    public static Command Create()
    {
        var phases = new Option<string>("--phases")
        {
            Description = "Comma-separated phases, run in this order whatever the order given: storage, broker, drain, e2e, steady, fleet; or all",
            DefaultValueFactory = _ => "all",
        };
        phases.Validators.Add(r => ParsePhases(r.GetValueOrDefault<string>(), r.AddError));
        var devices = new Option<int>("--devices") { Description = "Devices of the storage, broker, drain and e2e phases (one MQTT connection each)", DefaultValueFactory = _ => Defaults.Devices };
        var messages = new Option<int>("--messages") { Description = "Messages per device of the storage, broker, drain and e2e phases (2 samples each)", DefaultValueFactory = _ => Defaults.Messages };
        var window = new Option<int>("--window") { Description = "Publishes a device may have unacknowledged by the broker", DefaultValueFactory = _ => Defaults.Window };
        var repeat = new Option<int>("--repeat") { Description = "Runs of the e2e phase, back to back on one ingest", DefaultValueFactory = _ => Defaults.Repeat };
        var warmUp = new Option<string>("--warmup")
        {
            Description = "Unreported DEVICESxMESSAGES run after each ingest start (JIT warm-up), or none",
            DefaultValueFactory = _ => $"{Defaults.WarmUpDevices}x{Defaults.WarmUpMessages}",
        };
        warmUp.Validators.Add(r => ParseWarmUp(r.GetValueOrDefault<string>(), r.AddError));
        var steadyDevices = new Option<int>("--steady-devices") { Description = "Devices of the steady phase", DefaultValueFactory = _ => Defaults.SteadyDevices };
        var steadyRate = new Option<double?>("--steady-rate") { Description = "Messages per second of the steady phase, in total (default: half the drain rate of this run, at most half its broker limit)" };
        var steadyDuration = CommonOptions.Duration("--steady-duration", "How long the steady phase publishes", Defaults.SteadyDuration);
        var fleetDevices = new Option<int>("--fleet-devices") { Description = "Devices of the fleet phase, each its own MQTT connection", DefaultValueFactory = _ => Defaults.FleetDevices };
        var fleetInterval = CommonOptions.Duration("--fleet-interval", "Time between two messages of a fleet device", Defaults.FleetInterval);
        var fleetDuration = CommonOptions.Duration("--fleet-duration", "How long the fleet phase publishes", Defaults.FleetDuration);
        var timeout = CommonOptions.Duration("--timeout", "The longest wait for a phase's acks", Defaults.Timeout);
        var stall = CommonOptions.Duration("--stall", "Stop waiting once no ack arrived for this long", Defaults.Stall);
        var workDir = new Option<string>("--work-dir") { Description = "Where each phase's ingest keeps its log and state files, and where the report is written", DefaultValueFactory = _ => Defaults.WorkDir };
        var command = new Command("bench", "Measure the ingest as the peer harness does: drain, end to end, steady latency, a 10,000-device fleet; and the storage and broker limits")
        {
            phases, devices, messages, window, repeat, warmUp, steadyDevices, steadyRate, steadyDuration, fleetDevices, fleetInterval, fleetDuration, timeout, stall, workDir,
        };
        foreach (var option in new[] { devices, messages, window, repeat, steadyDevices, fleetDevices })
        {
            option.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<int>() < 1)
                {
                    r.AddError($"{option.Name} must be at least 1");
                }
            });
        }

        steadyRate.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is <= 0)
            {
                r.AddError("--steady-rate must be positive");
            }
        });
        foreach (var option in new[] { steadyDuration, fleetInterval, fleetDuration })
        {
            option.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<TimeSpan>() <= TimeSpan.Zero)
                {
                    r.AddError($"{option.Name} must be positive");
                }
            });
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var (warmUpDevices, warmUpMessages) = ParseWarmUp(result.GetValue(warmUp), _ => { });
            var options = new BenchOptions
            {
                Phases = ParsePhases(result.GetValue(phases), _ => { }),
                WorkDir = Path.GetFullPath(result.GetValue(workDir)!),
                Devices = result.GetValue(devices),
                Messages = result.GetValue(messages),
                Window = result.GetValue(window),
                Repeat = result.GetValue(repeat),
                WarmUpDevices = warmUpDevices,
                WarmUpMessages = warmUpMessages,
                SteadyDevices = result.GetValue(steadyDevices),
                SteadyRate = result.GetValue(steadyRate),
                SteadyDuration = result.GetValue(steadyDuration),
                FleetDevices = result.GetValue(fleetDevices),
                FleetInterval = result.GetValue(fleetInterval),
                FleetDuration = result.GetValue(fleetDuration),
                Timeout = result.GetValue(timeout),
                Stall = result.GetValue(stall),
            };
            return await RunAsync(CliSettings.Load(), options, cancellationToken);
        });
        return command;
    }

    /// <summary>Runs the phases, writes the report to standard output and to <c>bench-report.txt</c> in the work directory.</summary>
    /// <returns>0 when every phase was measured and complete (everything acknowledged once and stored), 1 otherwise.</returns>
    public static async Task<int> RunAsync(CliSettings settings, BenchOptions options, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.WorkDir);
        var reportPath = Path.Combine(options.WorkDir, "bench-report.txt");
        await using var file = new StreamWriter(reportPath, append: false) { AutoFlush = true };
        void Report(string line)
        {
            Console.WriteLine(line);
            file.WriteLine(line);
        }

        foreach (var line in Header(settings, options))
        {
            Report(line);
        }

        using var run = new BenchRun(settings, options);
        var reports = new List<PhaseReport>();
        foreach (var phase in options.Phases.Distinct().Order())
        {
            PhaseReport report;
            try
            {
                report = await RunPhaseAsync(run, phase, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                BenchLog.Say($"{ReportText.Name(phase)}: not measured: {e.Message}");
                report = PhaseReport.Failed(phase, e.Message);
            }

            Report("");
            foreach (var line in report.Lines)
            {
                Report(line);
            }

            Report("RESULT " + report.Result.ToJsonString());
            reports.Add(report);
        }

        Report("");
        foreach (var line in SummaryTable(reports))
        {
            Report(line);
        }

        BenchLog.Say($"report written to {reportPath}");
        return reports.All(r => r.Complete) ? 0 : 1;
    }

    private static Task<PhaseReport> RunPhaseAsync(BenchRun run, BenchPhase phase, CancellationToken cancellationToken) => phase switch
    {
        BenchPhase.Storage => StorageAsync(run, cancellationToken),
        BenchPhase.Broker => BrokerPhase.RunAsync(run, cancellationToken),
        BenchPhase.Drain => DrainPhase.RunAsync(run, cancellationToken),
        BenchPhase.E2e => EndToEndPhase.RunAsync(run, cancellationToken),
        BenchPhase.Steady => SteadyPhase.RunAsync(run, cancellationToken),
        BenchPhase.Fleet => FleetPhase.RunAsync(run, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, null),
    };

    // The storage limit, a reference: the simulator's readings of as many devices and messages, straight into InfluxDB.
    private static async Task<PhaseReport> StorageAsync(BenchRun run, CancellationToken cancellationToken)
    {
        var (devices, messages) = (run.Options.Devices, run.Options.Messages);
        BenchLog.Say($"storage: writing {devices}x{messages} messages' points straight into InfluxDB");
        var pointsPerMessage = new ReadingGenerator("x", StationKind.Ambient, "bangkok").Next(0).Count;
        var points = (long)devices * messages * pointsPerMessage;
        var elapsed = await StorageLimitAsync(run.Settings, FleetDevice.Pick(StationRegistry.Empty, devices), messages, cancellationToken);
        var pointsPerSecond = points / elapsed.TotalSeconds;
        var harnessMessages = pointsPerSecond / PeerReadings.SamplesPerMessage;
        return new PhaseReport(
            BenchPhase.Storage,
            [
                $"## storage: the storage limit, {N(points)} points ({devices} devices × {N(messages)} messages of the simulator, {pointsPerMessage} points each) written straight into InfluxDB",
                "   by the ingest's batch writer in full batches, timed from the first write until the last was answered",
                $"  stored      {N(points)} points in {elapsed.TotalSeconds:F2} s => {N(pointsPerSecond)} points/s = {N(harnessMessages)} msg/s of the harness's {PeerReadings.SamplesPerMessage} points",
            ],
            new SummaryRow("storage", $"{devices}x{messages}", "", elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture), N(harnessMessages), "", "", "", "",
                $"no MQTT: {N(pointsPerSecond)} points/s straight in"),
            new JsonObject
            {
                ["phase"] = "storage",
                ["devices"] = devices,
                ["messages"] = (long)devices * messages,
                ["points"] = points,
                ["seconds"] = Math.Round(elapsed.TotalSeconds, 3),
                ["points_per_s"] = Math.Round(pointsPerSecond),
                ["msg_per_s"] = Math.Round(harnessMessages),
                ["complete"] = true,
            },
            Complete: true);
    }

    // The same points the ingest would write, straight into InfluxDB in full batches.
    private static async Task<TimeSpan> StorageLimitAsync(CliSettings settings, IReadOnlyList<FleetDevice> devices, int messagesPerDevice, CancellationToken cancellationToken)
    {
        var options = settings.Influx.WithDatabase("airmon_bench_storage");
        using var http = InfluxHttp.CreateClient(options);
        var query = new InfluxQueryClient(http, options);
        await query.QueryAsync("DROP DATABASE airmon_bench_storage", cancellationToken);
        await query.CreateDatabaseAsync(options.Database!, cancellationToken);

        var mapper = new PointMapper(StationRegistry.Empty);
        var batches = devices.Select(d =>
        {
            var generator = new ReadingGenerator(d.Id, d.Kind, d.City);
            var first = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (messagesPerDevice * 1000L);
            return Enumerable.Range(0, messagesPerDevice).Select(i => (Mapper: mapper, Device: d.Id, Samples: generator.Next(first + (i * 1000L)))).ToList();
        }).SelectMany(b => b).ToList();

        await using var writer = new InfluxBatchWriter(new InfluxWriteClient(http, options), options, TimeProvider.System, NullLogger<InfluxBatchWriter>.Instance);
        var clock = Stopwatch.StartNew();
        var stored = new List<InfluxGroup>(batches.Count);
        foreach (var message in batches)
        {
            await writer.WaitForSpaceAsync(cancellationToken);
            stored.Add(writer.Append(message, static (lines, m) => m.Mapper.Write(lines, m.Device, m.Samples)));
        }

        await writer.FlushAsync(cancellationToken);
        foreach (var group in stored)
        {
            await group.StoredAsync(); // throws the first group's failure, if any
        }

        return clock.Elapsed;
    }

    private static IEnumerable<string> Header(CliSettings settings, BenchOptions o)
    {
        var memory = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var gib = long.TryParse(memory, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kib) ? $"{kib / 1048576.0:F1} GiB" : "? GiB";
        var limit = string.Join(' ', File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal))?["Max open files".Length..]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2) ?? []);
        yield return $"# airmon bench  {DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}";
        yield return $"# host: {Environment.ProcessorCount} cores, {gib}; .NET {Environment.Version}; open files (soft, hard): {limit}";
        yield return $"# servers: broker {settings.Mqtt.Url}, InfluxDB {settings.Influx.Url}";
        yield return $"# ingest: airmon-ingest beside this tool, a child process with its defaults (derivation, alert engine, no station registry) but Validation:MaxAge={BenchIngest.MaxAge};";
        yield return $"#   MQTT client id {BenchIngest.ClientId} with a persistent session (cleared before and after each phase); per phase a fresh ingest, seq ledger and database;";
        yield return $"#   {(o.WarmUpDevices > 0 && o.WarmUpMessages > 0 ? $"a {o.WarmUpDevices}x{o.WarmUpMessages} warm-up after each start (not reported)" : "no warm-up")}; state and logs in {o.WorkDir}/ingest-<phase>";
        yield return $"# load: the peer harness's readings ({PeerReadings.SamplesPerMessage} samples per message: pms5003 + bme280), QoS 1, one MQTT connection per device, "
            + $"{o.Window} publishes per device unacknowledged by the broker at most; each device subscribed to its ack topic";
        yield return $"# phases: {string.Join(", ", o.Phases.Distinct().Order().Select(ReportText.Name))}";
    }

    private static IEnumerable<string> SummaryTable(List<PhaseReport> reports)
    {
        string[] header = ["phase", "load", "acked/sent", "s", "msg/s", "ingest µs/msg", "ingest RSS MiB", "longest pause s", "ack ms p50/p99/max", "notes"];
        var rows = reports.Select(r => new[] { r.Row.Phase, r.Row.Load, r.Row.Acknowledged, r.Row.Seconds, r.Row.Rate, r.Row.IngestCpu, r.Row.IngestRss, r.Row.LongestPause, r.Row.Latency, r.Row.Notes }).ToList();
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        string Line(string[] cells) => "| " + string.Join(" | ", cells.Select((c, i) => i is >= 2 and <= 8 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))) + " |";
        yield return "## summary (msg/s: messages acknowledged ÷ seconds on the phase's clock; ingest µs/msg: its CPU time per message; RSS: its largest, sampled in the phase)";
        yield return Line(header);
        yield return "|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|";
        foreach (var row in rows)
        {
            yield return Line(row);
        }
    }

    private static string N(double value) => ReportText.N(value);

    private static IReadOnlyList<BenchPhase> ParsePhases(string? text, Action<string> error)
    {
        var names = (text ?? "all").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Contains("all", StringComparer.OrdinalIgnoreCase))
        {
            return Enum.GetValues<BenchPhase>();
        }

        var phases = new List<BenchPhase>();
        foreach (var name in names)
        {
            if (!name.All(char.IsAsciiDigit) && Enum.TryParse<BenchPhase>(name, ignoreCase: true, out var phase))
            {
                phases.Add(phase);
            }
            else
            {
                error($"'{name}' is not a phase: storage, broker, drain, e2e, steady, fleet or all");
            }
        }

        return phases;
    }

    private static (int Devices, int Messages) ParseWarmUp(string? text, Action<string> error)
    {
        text = (text ?? "").Trim();
        if (text is "none" or "0")
        {
            return (0, 0);
        }

        var parts = text.Split('x');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m) && d > 0 && m > 0)
        {
            return (d, m);
        }

        error($"'{text}' is not DEVICESxMESSAGES such as 50x100, or none");
        return default;
    }
}
