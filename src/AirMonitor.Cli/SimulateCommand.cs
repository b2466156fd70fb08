using System.CommandLine;
using AirMonitor.Edge;
using AirMonitor.Edge.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AirMonitor.Cli;

/// <summary>
/// <c>airmon simulate</c>: runs device profiles through the edge host itself (<see cref="EdgeHost"/>), every sensor on
/// a simulated bus that answers with the datasheet's bytes, against the configured broker: so any profile runs on a laptop.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var profiles = new Option<string[]>("--profile")
        {
            Description = "A device profile, or a folder of them (*.yaml); repeatable",
            DefaultValueFactory = _ => ["firmware-config/devices/sim-laptop-01.yaml"],
            AllowMultipleArgumentsPerToken = true,
        };
        var duration = CommonOptions.OptionalDuration("--duration", "Run this long (e.g. 10m); without it, until Ctrl+C");
        var workDir = new Option<string>("--work-dir") { Description = "Where each device's outbox goes ({dir}/{device}/outbox.db), kept between runs", DefaultValueFactory = _ => ".airmon/simulate" };
        var command = new Command("simulate", "Run device profiles on simulated buses through the edge host, publishing to the configured broker")
        {
            profiles, duration, workDir,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = CliSettings.Load();
            var files = result.GetValue(profiles)!
                .SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p, "*.yaml").Order(StringComparer.Ordinal) : (IEnumerable<string>)[p])
                .Select(Path.GetFullPath)
                .ToList();
            var dir = Path.GetFullPath(result.GetValue(workDir)!);
            var hosts = files.Select(file => EdgeHost.Build([
                $"--Edge:ProfilePath={file}",
                "--Edge:Simulate=true",
                $"--Edge:MqttUrl={settings.Mqtt.Url}",
                $"--Edge:OutboxPath={Path.Combine(dir, Path.GetFileNameWithoutExtension(file), "outbox.db")}",
                "--Edge:ClockSyncFile=",
                "--Logging:LogLevel:Default=Warning",
            ])).ToList();
            return await RunAsync(hosts, settings.Mqtt.Url, result.GetValue(duration), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(List<IHost> hosts, string broker, TimeSpan? duration, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(hosts.Select(h => h.StartAsync(cancellationToken)));
            var devices = hosts.Select(h => h.Services.GetRequiredService<EdgeDevice>()).ToList();
            Console.WriteLine($"simulating {string.Join(", ", devices.Select(d => $"{d.Id} ({d.Samplers.Count} sensors)"))} → {broker}; " +
                (duration is { } d ? $"for {d}" : "Ctrl+C stops"));
            await Task.Delay(duration ?? Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await Task.WhenAll(hosts.Select(h => h.StopAsync(CancellationToken.None)));
            foreach (var host in hosts)
            {
                var device = host.Services.GetRequiredService<EdgeDevice>();
                var metrics = host.Services.GetRequiredService<EdgeMetrics>();
                var outbox = host.Services.GetRequiredService<OutboxStore>();
                Console.WriteLine($"{device.Id}: {metrics.SamplesStored} samples in {metrics.MessagesStored} messages stored, " +
                    $"{metrics.MessagesAcknowledged} acknowledged by the ingest, {outbox.Depth} waiting in {outbox.Path}");
            }

            return 0;
        }
        finally
        {
            foreach (var host in hosts)
            {
                host.Dispose();
            }
        }
    }
}
