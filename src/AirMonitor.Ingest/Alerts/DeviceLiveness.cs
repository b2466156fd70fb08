using System.Collections.Concurrent;
using AirMonitor.Core.Stations;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AirMonitor.Ingest.Alerts;

/// <summary>
/// Watches for devices that fall silent. Every settled message (this replica's, or another's ack) marks its device
/// heard; each device's usual interval is the shortest gap seen between its messages' sample times (the shortest, so
/// that with replicas, where each sees a share of the messages, it is still the device's own). Every
/// <see cref="AlertOptions.OfflineCheckInterval"/> it hands the engine each device's silence and limit, and saves
/// when each was heard, so a device that dies while the ingest is down is still noticed after the restart.
/// </summary>
internal sealed class DeviceLiveness(
    AlertEngine engine,
    AlertStore store,
    StationRegistry registry,
    TimeProvider time,
    IOptions<AlertOptions> options) : BackgroundService, ISettledMessages
{
    /// <summary>The interval assumed until two messages of a device have shown its own.</summary>
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Device> _devices = new(StringComparer.Ordinal);

    // Devices heard since the last save: only their rows change in the store.
    private readonly ConcurrentDictionary<string, bool> _unsaved = new(StringComparer.Ordinal);

    /// <summary>
    /// Every settled message says its device is alive, this replica's or another's, stored or not (a device sending what
    /// cannot be stored is still alive: its rejections are another alarm); a stored one also says when it sampled.
    /// </summary>
    void ISettledMessages.Settled(IReadOnlyList<SettledMessage> messages)
    {
        foreach (var message in messages)
        {
            Heard(message.Device, message.Settlement == Settlement.Stored ? message.FirstSampleTs : null);
        }
    }

    /// <summary>A message of <paramref name="device"/> is settled; <paramref name="sampleTs"/> is its first sample's time when known.</summary>
    public void Heard(string device, long? sampleTs)
    {
        var now = time.GetUtcNow();
        _devices.AddOrUpdate(
            device,
            d => new Device(registry.TryFindByDevice(d, out var s) ? s.Id : d, now, sampleTs, null),
            (_, known) => known with
            {
                HeardAt = now,
                LastSampleTs = sampleTs ?? known.LastSampleTs,
                Interval = sampleTs is { } ts && known.LastSampleTs is { } last && ts > last
                    && (known.Interval is null || TimeSpan.FromMilliseconds(ts - last) < known.Interval)
                    ? TimeSpan.FromMilliseconds(ts - last)
                    : known.Interval,
            });
        _unsaved[device] = true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var heard in store.LoadHeard())
        {
            _devices.TryAdd(heard.Device, new Device(heard.Station, heard.HeardAt, null, heard.Interval));
        }

        await LocalState.EveryAsync(options.Value.OfflineCheckInterval, time, _ => { Check(); return Task.CompletedTask; }, stoppingToken);
    }

    /// <summary>
    /// One check of every device known. With the alert store failing (a full disk, reported there) neither the round nor
    /// the save is lost: the next check judges the silences again, and saves the devices heard since the last save.
    /// </summary>
    public void Check()
    {
        var now = time.GetUtcNow();
        var devices = _devices.ToArray();
        try
        {
            engine.ObserveSilence(devices.Select(d => (d.Key, d.Value.Station, now - d.Value.HeardAt, Limit(d.Value.Interval))), now);
        }
        catch (SqliteException)
        {
            // The round changed nothing; the devices are still as silent at the next check.
        }

        var heard = _unsaved.Keys.Where(d => _unsaved.TryRemove(d, out _)).ToList();
        try
        {
            store.SaveHeard([.. heard.Select(d => _devices[d]).Zip(heard, (v, d) => new DeviceHeard(d, v.Station, v.HeardAt, v.Interval))]);
        }
        catch (SqliteException)
        {
            foreach (var device in heard)
            {
                _unsaved[device] = true;
            }
        }
    }

    private TimeSpan Limit(TimeSpan? interval)
    {
        var limit = (interval ?? DefaultInterval) * options.Value.OfflineAfterIntervals;
        return limit > options.Value.OfflineMinSilence ? limit : options.Value.OfflineMinSilence;
    }

    private sealed record Device(string Station, DateTimeOffset HeardAt, long? LastSampleTs, TimeSpan? Interval);
}
