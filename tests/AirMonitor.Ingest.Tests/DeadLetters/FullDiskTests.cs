using System.Diagnostics.Metrics;
using AirMonitor.Ingest.DeadLetters;
using AirMonitor.Ingest.Observability;
using AirMonitor.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AirMonitor.Ingest.Tests.DeadLetters;

/// <summary>The dead-letter store on a disk that fills up (a small tmpfs): a letter that does not fit leaves no part of itself.</summary>
public sealed class FullDiskTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _time = new(DeadLetterStoreUnderTest.Start);

    [Fact]
    public void A_letter_cut_short_by_a_full_disk_leaves_nothing_and_the_store_recovers_by_itself_when_there_is_room()
    {
        using var disk = new SmallDisk();
        var directory = disk.Combine("deadletter");
        var metrics = new IngestMetrics(_services.GetRequiredService<IMeterFactory>());
        var health = new LocalStoreHealth(metrics, _time, new CapturingLogger<LocalStoreHealth>());
        using var store = new DeadLetterStore(directory, new DeadLetterOptions(), metrics, _time, new CapturingLogger<DeadLetterStore>(), health);
        byte[] small = [.. "{\"device\":\"dev-01\""u8];
        byte[] large = [.. Enumerable.Repeat((byte)'x', 8000)]; // past what is left of the file's first page
        Assert.True(Add(store, "dev-01", small));
        store.Sync();

        disk.Fill();
        Assert.Throws<IOException>(() => Add(store, "dev-02", large));
        Assert.Equal(["dev-01"], DeadLetterStore.ReadAll(directory).Select(l => l.Device));
        Assert.Equal([LocalStoreHealth.DeadLetters], health.FailingSince.Keys);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal([LocalStoreHealth.DeadLetters], health.FailingSince.Keys);

        disk.Free();
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(health.FailingSince);

        Assert.True(Add(store, "dev-02", large));
        store.Sync();
        Assert.Equal(["dev-01", "dev-02"], DeadLetterStore.ReadAll(directory).Select(l => l.Device));
        Assert.Equal(Directory.GetFiles(directory).Sum(f => new FileInfo(f).Length), store.TotalBytes);
    }

    [Fact]
    public void A_letter_the_full_disk_refused_does_not_spend_its_devices_rate()
    {
        using var disk = new SmallDisk();
        var metrics = new IngestMetrics(_services.GetRequiredService<IMeterFactory>());
        using var store = new DeadLetterStore(disk.Combine("deadletter"), new DeadLetterOptions { PerDevicePerMinute = 1 }, metrics, _time, new CapturingLogger<DeadLetterStore>());
        byte[] large = [.. Enumerable.Repeat((byte)'x', 8000)];

        disk.Fill();
        Assert.Throws<IOException>(() => Add(store, "dev-03", large));
        Assert.Throws<IOException>(() => Add(store, "dev-03", large)); // tried again: the disk, not the rate, refuses it
        disk.Free();

        Assert.True(Add(store, "dev-03", large));
        Assert.False(Add(store, "dev-03", large)); // the one letter a minute is spent now
        Assert.Equal(1, store.DroppedCount);
    }

    public void Dispose() => _services.Dispose();

    private bool Add(DeadLetterStore store, string device, byte[] payload) =>
        store.Add(_time.GetUtcNow(), $"airmon/v1/{device}/readings", device, 1, [new DeadLetterReason("out_of_range", "pm2_5 65000 µg/m³ is outside 0..10000", 0)], payload);
}
