using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AirMonitor.Cli.Simulation;
using AirMonitor.Core.Contract;
using AirMonitor.Core.Stations;
using AirMonitor.Influx;
using AirMonitor.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace AirMonitor.Cli;

/// <summary>
/// <c>airmon demo</c>: the ingest and a live fleet of every registry station against the configured broker and
/// database, a live view of what is stored, and at the end a real InfluxQL query over the stored data.
/// </summary>
internal static class DemoCommand
{
    private const string FaultyDevice = "demo-faulty-01";

    /// <summary>The station the demo's haze episode passes over.</summary>
    private const string HazeStation = "bkk-pathumwan";

    /// <summary>The plant devices whose day is read from their profiles' simulated analysers (firmware-config/devices).</summary>
    private static readonly string[] PlantDevices = ["yok-tsurumi-plant-01", "yok-kanazawa-plant-01"];

    /// <summary>The photochemical-oxidant issuance region whose ambient devices send their last hours, with an Ox episode.</summary>
    private const string OxRegion = "yokohama";

    /// <summary>The stations the Ox episode passes over and its hourly peak at each, ppb (the advisory is 120, the warning 240).</summary>
    private static readonly Dictionary<string, double> OxEpisodePeaks = new() { ["yok-tsurumi"] = 150, ["yok-kohoku"] = 130 };

    /// <summary>A reading every minute in the Ox region's backlog, as an outbox holds the analysers' minutes.</summary>
    private static readonly TimeSpan OxBacklogStep = TimeSpan.FromMinutes(1);

    /// <summary>A reading of each plant sensor every 2 minutes: a day at one a minute took ~45 s to read (the ADS1115's conversions).</summary>
    private static readonly TimeSpan PlantStep = TimeSpan.FromMinutes(2);

    public static Command Create()
    {
        var duration = CommonOptions.Duration("--duration", "How long the fleet sends", TimeSpan.FromSeconds(60));
        var interval = CommonOptions.Duration("--interval", "Each device's sampling interval", TimeSpan.FromSeconds(2));
        var registry = CommonOptions.Registry();
        registry.DefaultValueFactory = _ => "firmware-config/stations.yaml";
        var workDir = new Option<string>("--work-dir") { Description = "Where the ingest's log and dead letters go", DefaultValueFactory = _ => ".airmon" };
        var command = new Command("demo", "Run the ingest and a simulated city fleet with a live view, then query the stored data")
        {
            duration, interval, registry, workDir,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = CliSettings.Load();
            var registryPath = result.GetValue(registry)!;
            var stations = CliSettings.Registry(registryPath);
            var dir = Directory.CreateDirectory(result.GetValue(workDir)!).FullName;
            return await RunAsync(settings, stations, registryPath, dir, result.GetValue(duration), result.GetValue(interval), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliSettings settings, StationRegistry stations, string registryPath, string dir, TimeSpan duration, TimeSpan interval, CancellationToken cancellationToken)
    {
        // The simulated fleet numbers its messages from 0 each run; a real edge keeps its seq across restarts. The plants
        // send their day again each run, so the alert store starts empty too: it would hold that day as judged already.
        foreach (var file in Directory.GetFiles(dir, "seq-ledger.db*").Concat(Directory.GetFiles(dir, "alerts.db*")))
        {
            File.Delete(file);
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(PlantDevices.Select(d => stations.Stations.SelectMany(s => s.Stacks).First(k => k.Devices.Contains(d)).TimeZone).First());
        var day = PlantDay.Plan(DateTimeOffset.UtcNow, zone);
        var plants = PlantDevices.ToDictionary(d => d, d => SimulatedPlant.Load(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(registryPath))!, "devices", $"{d}.yaml"), stations, day, PlantStep));
        using var disposePlants = new PlantsDisposal(plants.Values);
        AnsiConsole.MarkupLine(
            $"[grey]plants: {string.Join(" and ", PlantDevices)} send {(day.IsLocalDay ? "their local day" : "the last 24 hours (the local day has just begun)")} " +
            $"from {Local(day.From, zone)} through their profiles' simulated analysers over Modbus, a reading every {PlantStep.TotalMinutes:0} min: " +
            $"start-up {Local(day.StartUp, zone)}, analyser maintenance {Local(day.MaintenanceFrom, zone)}–{Local(day.MaintenanceTo, zone)}, " +
            $"NOx above the limit {Local(day.Exceedance, zone)}–{Local(day.Exceedance.AddHours(1), zone)}[/]");

        // Read ahead while the ingest starts, as an outbox holds it: sent at once, the day reaches the stacks' derivation whole.
        var backlogs = Task.WhenAll(plants.Values.Select(p => p.StoreBacklogAsync(cancellationToken)));

        AnsiConsole.MarkupLine($"[grey]starting the ingest (log: {Markup.Escape(Path.Combine(dir, "ingest.log"))})…[/]");
        await using var ingest = await IngestProcess.StartAsync(
            settings.IngestArguments(settings.Influx.Database!).Concat([
                $"--Ingest:RegistryPath={Path.GetFullPath(registryPath)}",
                "--Mqtt:ClientId=airmon-demo-ingest",
                "--Derivation:Interval=00:00:02",
                "--Emissions:Interval=00:00:02",

                // The default sets judge hourly and daily windows, which no minute-long demo crosses: this rule judges
                // each reading, so the haze episode below fires and resolves while you watch.
                "--Alerts:Rules:0:Name=demo-haze", "--Alerts:Rules:0:Metric=pm2_5", "--Alerts:Rules:0:Window=latest",
                "--Alerts:Rules:0:Threshold=100", "--Alerts:Rules:0:Clear=75", $"--Alerts:Rules:0:MinDuration={interval * 3}",
                "--Alerts:Rules:0:Severity=Critical", "--Alerts:Rules:0:Scope:Cities:0=bangkok",
            ]),
            dir, cancellationToken);

        AnsiConsole.MarkupLine("[grey]reading the plants' day from their simulated analysers…[/]");
        await backlogs;
        var devices = FleetDevice.Pick(stations, stations.Stations.Sum(s => s.Devices.Count));
        var oxStations = stations.Stations.Where(s => s.OxRegion == OxRegion).ToList();
        var oxDevices = oxStations.SelectMany(s => s.Devices).ToHashSet(StringComparer.Ordinal);
        var oxEpisode = OxEpisode.Plan(
            DateTimeOffset.UtcNow,
            OxEpisodePeaks.SelectMany(p => stations.FindStation(p.Key)?.Devices.Select(d => (Device: d, Peak: p.Value)) ?? []).ToDictionary(d => d.Device, d => d.Peak));
        var oxFrom = OxEpisode.HourOf(DateTimeOffset.UtcNow).AddHours(-OxEpisode.BacklogHours);
        AnsiConsole.MarkupLine(
            $"[grey]the {OxRegion} Ox region's {oxDevices.Count} ambient devices send the last {OxEpisode.BacklogHours} hours from {Local(oxFrom, zone)}, " +
            $"a reading a minute, with an Ox episode at {string.Join(" and ", OxEpisodePeaks.Select(p => $"{p.Key} ({p.Value:0} ppb)"))}: " +
            $"rising {Local(oxEpisode.Start, zone)}, held {Local(oxEpisode.Start + oxEpisode.Rise, zone)}–{Local(oxEpisode.End - oxEpisode.Fall, zone)}, " +
            $"gone {Local(oxEpisode.End, zone)}[/]");
        var haze = new HazeEpisode(
            stations.FindStation(HazeStation)?.Devices.ToHashSet() ?? [],
            DateTimeOffset.UtcNow + (duration * 0.2),
            Rise: duration * 0.1,
            Hold: duration * 0.25,
            Fall: duration * 0.1,
            PeakMicrogramsPerCubicMeter: 150);
        IDeviceReadings? OxBacklog(FleetDevice d) => oxDevices.Contains(d.Id)
            ? new AmbientBacklog(d.Id, new ReadingGenerator(d.Id, d.Kind, d.City, haze, d.Sensors), oxFrom, OxBacklogStep, oxEpisode)
            : null;
        await using var fleet = new Fleet(devices, settings.Mqtt, new FleetOptions { Interval = interval, Haze = haze, Readings = d => plants.GetValueOrDefault(d.Id) ?? OxBacklog(d) }, NullLoggerFactory.Instance);
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        sending.CancelAfter(duration);
        var run = fleet.RunAsync(sending.Token, TimeSpan.FromSeconds(30));
        var faulty = SendFaultyAsync(settings.Mqtt, sending.Token);

        using var http = InfluxHttp.CreateClient(settings.Influx);
        var influx = new InfluxQueryClient(http, settings.Influx);
        var view = new LiveView(stations, influx, ingest);
        await AnsiConsole.Live(view.Render(null, duration)).AutoClear(false).StartAsync(async context =>
        {
            var started = DateTime.UtcNow;
            while (!run.IsCompleted)
            {
                context.UpdateTarget(await view.RefreshAsync(duration - (DateTime.UtcNow - started), cancellationToken));
                await Task.WhenAny(run, Task.Delay(1000, cancellationToken));
            }

            context.UpdateTarget(await view.RefreshAsync(TimeSpan.Zero, cancellationToken));
        });

        var outcome = await run;
        await faulty;
        AnsiConsole.MarkupLine(
            $"fleet: [bold]{outcome.Devices}[/] devices sent {outcome.Sent} messages, {outcome.Stored} stored and acknowledged, " +
            $"{outcome.Unacknowledged} unacknowledged; dead letters in {Markup.Escape(Path.Combine(dir, "deadletter"))}");

        const string query = "SELECT mean(pm2_5) AS pm2_5, max(pm2_5) AS max_pm2_5, count(pm2_5) AS samples FROM air WHERE time > now() - 1h GROUP BY city, kind";
        var series = await influx.QueryAsync(query, cancellationToken);
        AnsiConsole.MarkupLine($"\n[bold]InfluxQL[/] (database {Markup.Escape(settings.Influx.Database!)}): [blue]{Markup.Escape(query)}[/]");
        var table = new Table().AddColumns("city", "kind", "mean PM2.5 µg/m³", "max PM2.5 µg/m³", "samples");
        foreach (var s in series)
        {
            var row = s.Values[0];
            table.AddRow(s.Tags.GetValueOrDefault("city", ""), s.Tags.GetValueOrDefault("kind", ""), Number(row[1]), Number(row[2]), Number(row[3]));
        }

        AnsiConsole.Write(table);

        // The plants' days: derived every 2 s once their readings are in; the last hour closes once the live readings pass it.
        var summary = new PlantDaySummary(influx, day, zone);
        var plantStations = PlantDevices.Select(d => stations.Stations.First(s => s.Devices.Contains(d))).ToList();
        var plantDays = await WaitForAsync(async () => await Task.WhenAll(plantStations.Select(p => summary.QueryAsync(p.Id, cancellationToken))), d => d.All(p => p.Complete), cancellationToken);
        AnsiConsole.MarkupLine($"\n[bold]The plants' day[/] (emission_daily, emission_sta and the emission-limit events since {Local(day.From, zone)} {Markup.Escape(zone.Id)}):");
        foreach (var (station, days) in plantStations.Zip(plantDays))
        {
            summary.Write(station, days);
        }

        // Events as the InfluxDB sink stored them (Grafana's annotations); the MQTT and webhook sinks carried the same.
        // The plants' are at their day's data times, hours ago.
        var alertQuery = $"SELECT \"summary\" FROM alert_event WHERE time >= {day.From.ToUnixTimeMilliseconds()}ms GROUP BY \"state\", station";
        var recent = DateTimeOffset.UtcNow.AddHours(-1);
        var events = (await influx.QueryAsync(alertQuery, cancellationToken))
            .SelectMany(s => Enumerable.Range(0, s.Values.Count).Select(row => (At: s.GetTime(row), State: s.Tags["state"], Station: s.Tags["station"], Summary: s.GetString(row, "summary"))))
            .Where(e => e.At > recent || plantStations.Any(p => p.Id == e.Station))
            .OrderBy(e => e.At)
            .ToList();
        AnsiConsole.MarkupLine($"\n[bold]Alert events[/] of the last hour and of the plants' day ([blue]{Markup.Escape(alertQuery)}[/]): {events.Count}");
        foreach (var (at, state, _, eventSummary) in events)
        {
            AnsiConsole.MarkupLine($"  {at.ToLocalTime():MM-dd HH:mm:ss} [{(state == "firing" ? "red" : "green")}]{state}[/] {Markup.Escape(eventSummary ?? "")}");
        }

        // The Ox region's hours: derived every 2 s once the backlogs are in; the engine issues and lifts the advisory from them.
        var oxSummary = new OxDaySummary(influx, OxRegion, [.. oxStations.Select(s => s.Id)], oxFrom, zone);
        var oxDay = await WaitForAsync(() => oxSummary.QueryAsync(cancellationToken), d => d.Complete, cancellationToken);
        AnsiConsole.MarkupLine(
            $"\n[bold]The {OxRegion} Ox region's day[/] (the jp-ox-advisory events in alert_event, and the 発令状況 of OxAdvisories over the stations' air_index ox since {Local(oxFrom, zone)} {Markup.Escape(zone.Id)}):");
        oxSummary.Write(oxDay);

        AnsiConsole.MarkupLine(
            $"\nGrafana: add an InfluxDB data source (query language InfluxQL) with URL [bold]{Markup.Escape(settings.Influx.Url)}[/] " +
            $"and database [bold]{Markup.Escape(settings.Influx.Database!)}[/], or provision it from dashboards/provisioning (dashboards/README.md).");
        return series.Count > 0 && outcome.Unacknowledged == 0 && plantDays.All(d => d.Complete) && oxDay.Complete && oxSummary.Disagreements(oxDay).Count == 0 ? 0 : 1;
    }

    // Until the derived results are complete (a plant's day with its emission-limit episode fired and resolved, the Ox
    // region's advisory issued and lifted), or a minute has passed.
    private static async Task<T> WaitForAsync<T>(Func<Task<T>> query, Func<T, bool> complete, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            var result = await query();
            if (complete(result) || DateTime.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        }
    }

    private static string Local(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone).ToString("HH:mm", CultureInfo.InvariantCulture);

    private sealed class PlantsDisposal(IEnumerable<SimulatedPlant> plants) : IDisposable
    {
        public void Dispose()
        {
            foreach (var plant in plants)
            {
                plant.Dispose();
            }
        }
    }

    // One device that misbehaves, so the live view shows bad input counted and kept, never stored.
    private static async Task SendFaultyAsync(MqttOptions mqtt, CancellationToken cancellationToken)
    {
        await using var connection = new MqttConnection(mqtt, "airmon-demo-faulty", NullLogger.Instance, MqttSession.Throwaway);
        var run = connection.RunAsync((_, _) => Task.CompletedTask, cancellationToken);
        byte[][] payloads =
        [
            "{\"device\":\"demo-faulty-01\",\"seq\":".Select(c => (byte)c).ToArray(),
            WireCodec.Encode(new ReadingBatch(FaultyDevice, 1, [new Sample(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "pms5003",
                new Dictionary<string, double> { ["pm2_5"] = 65_000 })])),
        ];
        try
        {
            await connection.WaitConnectedAsync(cancellationToken);
            for (var i = 0; !cancellationToken.IsCancellationRequested; i++)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
                connection.TryPublish(Topics.Readings(FaultyDevice), payloads[i % payloads.Length]);
            }
        }
        catch (OperationCanceledException)
        {
            // the demo's time is up
        }

        await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static string Number(JsonElement value) => value.ValueKind == JsonValueKind.Number
        ? value.GetDouble().ToString("0.#", CultureInfo.InvariantCulture)
        : "";
}
