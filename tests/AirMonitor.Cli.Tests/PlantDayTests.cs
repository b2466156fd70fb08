using System.Diagnostics;
using AirMonitor.Cli.Simulation;
using AirMonitor.Core.Contract;
using AirMonitor.Core.Stations;
using AirMonitor.Hosting;
using AirMonitor.Sensors.ModbusAnalyser;
using AirMonitor.Testing;
using Xunit.Abstractions;

namespace AirMonitor.Cli.Tests;

public sealed class PlantDayTests(ITestOutputHelper output)
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    private static readonly StationRegistry Registry =
        ConfigurationFiles.LoadStationRegistry(Path.Combine(RepositoryFiles.Root, "firmware-config", "stations.yaml"));

    [Fact]
    public void An_afternoon_demo_sends_the_local_day_with_an_early_start_up_and_the_events_in_the_last_hours()
    {
        var day = PlantDay.Plan(Jst(2026, 12, 4, 15, 40), Tokyo);

        Assert.True(day.IsLocalDay);
        Assert.Equal((Jst(2026, 12, 4, 0, 0), Jst(2026, 12, 4, 5, 0), Jst(2026, 12, 4, 10, 0), Jst(2026, 12, 4, 12, 0), Jst(2026, 12, 4, 13, 0)),
            (day.From, day.StartUp, day.MaintenanceFrom, day.MaintenanceTo, day.Exceedance));
        Assert.Equal(
            [PlantState.Off, PlantState.StartUp, PlantState.Operating],
            [day.StateAt(Jst(2026, 12, 4, 4, 59)), day.StateAt(Jst(2026, 12, 4, 5, 30)), day.StateAt(Jst(2026, 12, 4, 6, 0))]);
    }

    [Fact]
    public void A_morning_demo_starts_the_plant_at_midnight_and_a_demo_just_after_midnight_sends_the_last_24_hours()
    {
        var morning = PlantDay.Plan(Jst(2026, 12, 4, 7, 5), Tokyo);
        var night = PlantDay.Plan(Jst(2026, 12, 4, 0, 20), Tokyo);

        Assert.Equal((true, Jst(2026, 12, 4, 0, 0), Jst(2026, 12, 4, 0, 0), Jst(2026, 12, 4, 2, 0), Jst(2026, 12, 4, 5, 0)),
            (morning.IsLocalDay, morning.From, morning.StartUp, morning.MaintenanceFrom, morning.Exceedance));
        Assert.Equal((false, Jst(2026, 12, 3, 0, 0), Jst(2026, 12, 3, 5, 0), Jst(2026, 12, 3, 19, 0), Jst(2026, 12, 3, 22, 0)),
            (night.IsLocalDay, night.From, night.StartUp, night.MaintenanceFrom, night.Exceedance));
    }

    [Fact]
    public async Task Tsurumi_reads_its_day_over_Modbus_with_maintenance_flags_and_the_exceedance_NOx_under_the_registry_sensor_names()
    {
        var day = PlantDay.Plan(Jst(2026, 12, 4, 15, 40), Tokyo);
        using var plant = SimulatedPlant.Load(Profile("yok-tsurumi-plant-01"), Registry, day, TimeSpan.FromMinutes(1));

        var startUp = await plant.ReadAsync(day.StartUp.AddMinutes(30), CancellationToken.None);
        var operating = await plant.ReadAsync(day.StartUp.AddHours(1.5), CancellationToken.None);
        var maintenance = await plant.ReadAsync(day.MaintenanceFrom.AddMinutes(30), CancellationToken.None);
        var exceedance = await plant.ReadAsync(day.Exceedance.AddMinutes(30), CancellationToken.None);

        Assert.Equal(["flue-pressure", "flue-temperature", "plant-state", "stack-dust", "stack-flow", "stack-gas"], operating.Select(s => s.Sensor).Order());
        Assert.All(operating, s => Assert.Equal(day.StartUp.AddHours(1.5).ToUnixTimeMilliseconds(), s.Ts));
        Assert.Equal(1, Value(startUp, "plant-state", "plant_state"));
        Assert.Equal(2, Value(operating, "plant-state", "plant_state"));

        // The MARSIC300 measures the wet gas: about 17 % H2O, and its NOx, O2 wet.
        var gas = operating.Single(s => s.Sensor == "stack-gas");
        Assert.Null(gas.Flags);
        Assert.InRange(gas.Values["stack_h2o"], 15, 20);
        Assert.InRange(gas.Values["o2"] / (1 - (gas.Values["stack_h2o"] / 100)), 9.5, 12.5);
        Assert.InRange(gas.Values["stack_nox"] / (1 - (gas.Values["stack_h2o"] / 100)), 80, 150);
        Assert.InRange(Value(operating, "stack-flow", "flow"), 30_000, 55_000);

        Assert.Equal(["maintenance"], maintenance.Single(s => s.Sensor == "stack-gas").Flags);
        Assert.Null(maintenance.Single(s => s.Sensor == "stack-dust").Flags);  // a 4–20 mA loop reports no status
        Assert.InRange(exceedance.Single(s => s.Sensor == "stack-gas").Values["stack_nox"], 280, 330);
        Assert.All(Registry.DeclarationOf("yok-tsurumi-plant-01")!.Sensors, d => Assert.Contains(operating, s => s.Sensor == d.Key && s.Values.Keys.ToHashSet().SetEquals(d.Value)));
    }

    [Fact]
    public async Task Kanazawa_s_GA700_reports_its_maintenance_as_a_function_check_and_its_NO_carries_the_exceedance()
    {
        var day = PlantDay.Plan(Jst(2026, 12, 4, 15, 40), Tokyo);
        using var plant = SimulatedPlant.Load(Profile("yok-kanazawa-plant-01"), Registry, day, TimeSpan.FromMinutes(1));

        var maintenance = await plant.ReadAsync(day.MaintenanceFrom.AddMinutes(90), CancellationToken.None);
        var exceedance = await plant.ReadAsync(day.Exceedance.AddMinutes(10), CancellationToken.None);

        Assert.Equal(AnalyserStatus.FunctionCheck, plant.MaintenanceStatus);
        Assert.Equal(["plant-state", "stack-gas", "stack-hcl", "stack-nh3"], exceedance.Select(s => s.Sensor).Order());
        Assert.All(maintenance.Where(s => s.Sensor != "plant-state"), s => Assert.Equal(["function_check"], s.Flags));
        Assert.InRange(Value(exceedance, "stack-gas", "stack_no") + Value(exceedance, "stack-nh3", "stack_no2"), 340, 390);
        Assert.Equal(2, Value(exceedance, "plant-state", "plant_state"));
    }

    [Fact]
    public async Task The_day_so_far_is_a_backlog_of_edge_sized_messages_one_reading_per_sensor_each_step_up_to_now()
    {
        // The last 70 minutes of a day, the analysers under maintenance for the last 40 (a whole day takes the demo ~25 s).
        var now = DateTimeOffset.UtcNow;
        var from = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(-70);
        var day = new PlantDay(from, from.AddDays(-1), from.AddMinutes(30), from.AddDays(-2), IsLocalDay: false);
        using var plant = SimulatedPlant.Load(Profile("yok-tsurumi-plant-01"), Registry, day, TimeSpan.FromMinutes(1));
        var clock = Stopwatch.StartNew();

        var messages = new List<IReadOnlyList<Sample>>();
        await foreach (var message in plant.BacklogAsync(CancellationToken.None))
        {
            messages.Add(message);
        }

        var samples = messages.SelectMany(m => m).ToList();
        output.WriteLine($"{messages.Count} messages, {samples.Count} samples in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.All(messages.SkipLast(1), m => Assert.Equal(SimulatedPlant.SamplesPerMessage, m.Count));
        var minutes = samples.Where(s => s.Sensor == "stack-gas").Select(s => s.Ts).ToList();
        Assert.Equal(from.ToUnixTimeMilliseconds(), minutes[0]);
        Assert.InRange(minutes.Count, 70, 71);
        Assert.All(minutes.Zip(minutes.Skip(1)), p => Assert.Equal(60_000, p.Second - p.First));
        Assert.Equal(6 * minutes.Count, samples.Count);
        Assert.Equal(
            minutes.Where(ts => ts >= day.MaintenanceFrom.ToUnixTimeMilliseconds()),
            samples.Where(s => s.Flags?.SequenceEqual(["maintenance"]) == true).Select(s => s.Ts));
        Assert.DoesNotContain(samples, s => s.Flags?.Any(f => f != "maintenance") == true);
    }

    private static double Value(IReadOnlyList<Sample> samples, string sensor, string metric) => samples.Single(s => s.Sensor == sensor).Values[metric];

    private static string Profile(string device) => Path.Combine(RepositoryFiles.Root, "firmware-config", "devices", $"{device}.yaml");

    private static DateTimeOffset Jst(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.FromHours(9));
}
