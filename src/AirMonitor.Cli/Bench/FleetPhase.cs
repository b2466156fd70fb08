using System.Globalization;
using static AirMonitor.Cli.Bench.ReportText;

namespace AirMonitor.Cli.Bench;

/// <summary>
/// A network's worth of devices: 10,000, each on its own MQTT connection, one message every 10 s each for two minutes
/// (1,000 msg/s in total). Whether the ingest keeps up, stores everything, and what it costs it.
/// </summary>
internal static class FleetPhase
{
    public const string Database = "airmon_bench_fleet";

    /// <summary>Files the bench needs besides the device connections (the runtime, HTTP to the ingest and InfluxDB, logs).</summary>
    private const int OwnFiles = 256;

    public static Task<PhaseReport> RunAsync(BenchRun run, CancellationToken cancellationToken)
    {
        var options = run.Options;
        if (OpenFilesLimit() is { } limit && limit < options.FleetDevices + OwnFiles)
        {
            throw new BenchException($"the open-files limit of the bench is {N(limit)}: too low for {N(options.FleetDevices)} connections (one per device); "
                + "raise it (`ulimit -n`; scripts/bench.sh raises it to the hard limit, which Mosquitto inherits too) or lower --fleet-devices");
        }

        var interval = options.FleetInterval.TotalSeconds;
        var perDevice = Math.Max(1, (int)Math.Round(options.FleetDuration.TotalSeconds / interval));
        return PacedPhase.RunAsync(
            run,
            new PacedLoad(BenchPhase.Fleet, Database, options.FleetDevices, options.FleetDevices / interval, perDevice, $"one message per {F(interval, 1)} s per device"),
            $"{N(options.FleetDevices)} devices, each its own MQTT connection, one message every {F(interval, 1)} s each for {F(perDevice * interval, 0)} s",
            cancellationToken);
    }

    // The soft limit, from "Max open files            20000                20000                files".
    private static long? OpenFilesLimit()
    {
        var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return long.TryParse(soft, NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit) ? limit : null;
    }
}
