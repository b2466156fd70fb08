using AirMonitor.Core.Diagnostics;
using AirMonitor.Core.Stations;
using Microsoft.Extensions.Options;

namespace AirMonitor.Ingest.Pipeline;

/// <summary>
/// The bound on the devices the ingest keeps state for: the seq ledger, the liveness watch, the device acks, the
/// derivation and the alert tracks are all keyed by device, and hear only of devices admitted here. Admitted are the
/// registry's devices and up to <see cref="IngestOptions.MaxDevices"/> others, counting those the ledger already holds
/// (so restarts do not add up). A message of a device past the bound is deferred, never dead-lettered: the device keeps
/// it and sends it again, and it is stored once an operator registers the device or raises the bound.
/// </summary>
internal sealed partial class DeviceAdmission
{
    private readonly StationRegistry _registry;
    private readonly int _max;
    private readonly LogThrottle _refusals;
    private readonly ILogger<DeviceAdmission> _logger;
    private readonly Lock _lock = new();
    private readonly HashSet<string> _others = new(StringComparer.Ordinal); // admitted devices the registry does not list
    private long _refused;

    public DeviceAdmission(StationRegistry registry, IEnumerable<IKnownDevices> known, IOptions<IngestOptions> options, TimeProvider time, ILogger<DeviceAdmission> logger)
    {
        (_registry, _max, _refusals, _logger) = (registry, options.Value.MaxDevices, new LogThrottle(time, LogThrottle.Minute), logger);
        foreach (var device in known.SelectMany(k => k.KnownDevices()))
        {
            if (!registry.TryFindByDevice(device, out _))
            {
                _others.Add(device);
            }
        }
    }

    /// <summary>Messages refused since the start.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Whether the ingest may keep state for <paramref name="device"/> (a valid id); a refusal is counted and logged at most once a minute.</summary>
    public bool Admit(string device)
    {
        if (_registry.TryFindByDevice(device, out _))
        {
            return true;
        }

        int count;
        lock (_lock)
        {
            if (_others.Contains(device) || (_others.Count < _max && _others.Add(device)))
            {
                return true;
            }

            Interlocked.Increment(ref _refused);
            if (!_refusals.Due(out count))
            {
                return false;
            }
        }

        LogRefused(count, _max, device);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} message(s) of devices past Ingest:MaxDevices ({Max} besides the registry's) deferred since this was last logged (at most once a minute), the latest from {Device}: register the device or raise the bound; the devices keep them and send them again")]
    private partial void LogRefused(int count, int max, string device);
}
