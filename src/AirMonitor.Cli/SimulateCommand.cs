using System.CommandLine;
using AirMonitor.Cli.Simulation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AirMonitor.Cli;

/// <summary><c>airmon simulate</c>: N devices publish per the wire contract until every message is acknowledged.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var devices = new Option<int>("--devices") { Description = "Number of simulated devices", DefaultValueFactory = _ => 10 };
        var messages = new Option<int?>("--messages") { Description = "Exactly this many messages per device, as fast as acks allow (timestamps backdated one interval apart)" };
        var duration = CommonOptions.OptionalDuration("--duration", "Send live, one message per interval, for this long (e.g. 60s)");
        var interval = CommonOptions.Duration("--interval", "Sampling interval", TimeSpan.FromSeconds(1));
        var ackTimeout = CommonOptions.Duration("--ack-timeout", "Resend a message not acknowledged within this time", TimeSpan.FromSeconds(30));
        var wait = CommonOptions.Duration("--wait", "Give up waiting for acknowledgements after this long", TimeSpan.FromMinutes(5));
        var registry = CommonOptions.Registry();
        var command = new Command("simulate", "Run a simulated fleet against the configured broker and wait for every acknowledgement")
        {
            devices, messages, duration, interval, ackTimeout, wait, registry,
        };
        command.Validators.Add(r =>
        {
            if ((r.GetResult(messages) is null) == (r.GetResult(duration) is null))
            {
                r.AddError("give exactly one of --messages or --duration");
            }
        });
        devices.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--devices must be at least 1");
            }
        });
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = CliSettings.Load();
            var fleetDevices = FleetDevice.Pick(CliSettings.Registry(result.GetValue(registry)), result.GetValue(devices));
            var options = new FleetOptions
            {
                Messages = result.GetValue(messages),
                Interval = result.GetValue(interval),
                AckTimeout = result.GetValue(ackTimeout),
            };
            await using var fleet = new Fleet(fleetDevices, settings.Mqtt, options, NullLoggerFactory.Instance);
            using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            FleetResult outcome;
            if (result.GetValue(duration) is { } live)
            {
                giveUp.CancelAfter(live);
                outcome = await fleet.RunAsync(giveUp.Token, result.GetValue(wait));
            }
            else
            {
                giveUp.CancelAfter(result.GetValue(wait));
                outcome = await fleet.RunAsync(giveUp.Token);
            }

            Console.WriteLine(
                $"devices {outcome.Devices}: sent {outcome.Sent}, acknowledged {outcome.Stored + outcome.Rejected} " +
                $"(stored {outcome.Stored}, rejected {outcome.Rejected}), resent {outcome.Resent}, " +
                $"unacknowledged {outcome.Unacknowledged}, in {outcome.Elapsed.TotalSeconds:F1} s");
            return outcome.AllAcknowledged ? 0 : 1;
        });
        return command;
    }
}
