using AirMonitor.Core.Contract;
using AirMonitor.Core.Stations;
using AirMonitor.Edge.Profiles;
using AirMonitor.Hosting;
using AirMonitor.Sensors;
using AirMonitor.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AirMonitor.Edge.Tests.Profiles;

/// <summary>
/// firmware-config/stations.yaml declares, for each device with a profile in firmware-config/devices, exactly the sensors
/// and metrics that profile's sensors produce, read from the drivers themselves on simulated buses: the two files cannot
/// drift apart without this failing (the ingest would otherwise reject the device's readings as undeclared).
/// </summary>
public sealed class ProfileDeclarationTests
{
    private static readonly StationRegistry Registry = ConfigurationFiles.LoadStationRegistry(RepositoryFiles.PathOf("firmware-config/stations.yaml"));

    public static TheoryData<string> ProfileFiles() =>
        [.. Directory.GetFiles(RepositoryFiles.PathOf("firmware-config/devices"), "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ProfileFiles))]
    public async Task A_registered_device_declares_exactly_the_sensors_and_metrics_its_profile_produces(string file)
    {
        var loaded = DeviceProfileLoader.Load(RepositoryFiles.PathOf(Path.Combine("firmware-config/devices", file)), SensorModels.Names.ToHashSet(), Registry);
        if (!Registry.TryFindByDevice(loaded.DeviceId, out _))
        {
            // sim-laptop-01: in no station, stored as unregistered, bounded by Validation:MaxSensorsPerDevice instead.
            Assert.True(loaded.Simulated, $"{loaded.DeviceId} has a hardware profile but is not in stations.yaml");
            return;
        }

        var declared = Registry.DeclarationOf(loaded.DeviceId);
        Assert.True(declared is not null, $"stations.yaml lists {loaded.DeviceId} as a plain id: declare the sensors of devices/{file}");

        Assert.Equal(Describe(await ProducedAsync(loaded)), Describe(declared.Sensors));
    }

    [Fact]
    public void The_four_hardware_profiles_are_declared()
    {
        Assert.Equal(
            ["bkk-dindaeng-01", "yok-kanazawa-plant-01", "yok-naka-01", "yok-tsurumi-plant-01"],
            Registry.Stations.SelectMany(s => s.Declarations.Keys).Order(StringComparer.Ordinal));
    }

    /// <summary>Each sensor's metrics in one reading, taken as the edge takes it (calibrated, range-checked) on simulated buses.</summary>
    private static async Task<Dictionary<string, IReadOnlySet<string>>> ProducedAsync(DeviceProfile loaded)
    {
        var profile = loaded with { Simulated = true, Sensors = [.. loaded.Sensors.Select(s => s with { Average = 1 })] };
        using var device = EdgeDevice.Create(profile, new FakeTimeProvider(DateTimeOffset.UtcNow));
        var produced = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var sampler in device.Samplers)
        {
            var reading = await sampler.SampleOnceAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(reading is not null, $"{profile.DeviceId}: a sensor gave no reading: {sampler.State.LastError}");

            // A value out of its range would be left out of the reading, and so of the comparison.
            Assert.DoesNotContain(QualityFlags.OutOfRange, reading.Flags);
            produced.Add(reading.Sensor, reading.Values.Keys.ToHashSet(StringComparer.Ordinal));
        }

        return produced;
    }

    private static string[] Describe(IReadOnlyDictionary<string, IReadOnlySet<string>> sensors) =>
        [.. sensors.Select(s => $"{s.Key}: {string.Join(", ", s.Value.Order(StringComparer.Ordinal))}").Order(StringComparer.Ordinal)];
}
