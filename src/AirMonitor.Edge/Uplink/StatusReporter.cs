using System.Diagnostics;
using System.Reflection;
using AirMonitor.Core.Contract;
using AirMonitor.Edge.Outbox;
using AirMonitor.Edge.Sampling;

namespace AirMonitor.Edge.Uplink;

/// <summary>Puts together the device's retained status: outbox, clock, every sensor's state.</summary>
internal sealed class StatusReporter(EdgeDevice device, OutboxStore outbox, SamplingService sampling, SampleStamper stamper, ClockGuard clock, TimeProvider time)
{
    private static readonly string Firmware =
        typeof(StatusReporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private readonly long _started = time.GetTimestamp();

    public DeviceStatus Online() => new(
        device.Id,
        DeviceStatus.Online,
        clock.IsSynchronized ? time.GetUtcNow().ToUnixTimeMilliseconds() : 0,
        Firmware,
        Math.Round(time.GetElapsedTime(_started).TotalSeconds, 1),
        Outbox(),
        new ClockStatus(clock.IsSynchronized, stamper.Held, stamper.Dropped),
        [.. device.Samplers.Select(s => s.State).Select(s => new SensorStatusReport(s.Name, s.Model, StateCode(s.Status), s.Faults, s.Readings, s.LastError))]);

    private OutboxStatus Outbox()
    {
        var failing = sampling.Failing;
        return new(
            outbox.Depth,
            outbox.Evicted,
            outbox.OldestUnacknowledgedAge?.TotalSeconds is { } age ? Math.Round(age, 1) : null,
            failing?.Since.ToUnixTimeMilliseconds(),
            failing?.Unstored,
            failing?.Error);
    }

    public DeviceStatus Offline() => new(device.Id, DeviceStatus.Offline, 0);

    private static string StateCode(SensorStatus status) => status switch
    {
        SensorStatus.Starting => SensorStatusReport.Starting,
        SensorStatus.WarmingUp => SensorStatusReport.WarmingUp,
        SensorStatus.Ok => SensorStatusReport.Ok,
        SensorStatus.Failing => SensorStatusReport.Failing,
        _ => throw new UnreachableException(),
    };
}
