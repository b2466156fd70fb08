using System.Globalization;
using System.Text.Json;
using AirMonitor.AirQuality.Alerts;
using AirMonitor.Core.Stations;
using AirMonitor.Influx;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace AirMonitor.Cli;

/// <summary>The demo's terminal view: every station's latest stored PM2.5, the ingest's own counters and the alerts firing.</summary>
internal sealed class LiveView(StationRegistry stations, InfluxQueryClient influx, IngestProcess ingest)
{
    private double _lastStored;
    private DateTime _lastAt = DateTime.UtcNow;

    public async Task<IRenderable> RefreshAsync(TimeSpan remaining, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, (double Pm25, DateTimeOffset At)>(StringComparer.Ordinal);
        foreach (var series in await influx.QueryAsync("SELECT last(pm2_5) FROM air WHERE time > now() - 10m GROUP BY station", cancellationToken))
        {
            if (series.Tags.TryGetValue("station", out var station) && series.Values[0][1].ValueKind == JsonValueKind.Number)
            {
                latest[station] = (series.Values[0][1].GetDouble(), DateTimeOffset.FromUnixTimeMilliseconds(series.Values[0][0].GetInt64()));
            }
        }

        var metrics = await ingest.ScrapeAsync(cancellationToken);
        return Render(new Snapshot(latest, metrics, await ingest.AlertsAsync(cancellationToken)), remaining);
    }

    public IRenderable Render(Snapshot? snapshot, TimeSpan remaining)
    {
        var table = new Table().Border(TableBorder.Rounded).Expand()
            .AddColumns("station", "city", "kind", "district", "PM2.5 µg/m³", "stored at");
        foreach (var station in stations.Stations.Where(s => s.Kind != StationKind.Plant))
        {
            var cell = "[grey]–[/]";
            var at = "";
            if (snapshot?.Latest.TryGetValue(station.Id, out var reading) == true)
            {
                cell = $"[{Colour(reading.Pm25)}]{reading.Pm25.ToString("0.0", CultureInfo.InvariantCulture)}[/]";
                at = reading.At.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            }

            table.AddRow(Markup.Escape(station.Name), station.City, station.Kind.TagValue(), Markup.Escape(station.District), cell, at);
        }

        var header = snapshot is null ? "[grey]waiting for the first readings…[/]" : Summary(snapshot.Metrics, remaining);
        return new Rows(new Markup(header), table, Alerts(snapshot?.Alerts ?? []));
    }

    private string Summary(IReadOnlyDictionary<string, double> metrics, TimeSpan remaining)
    {
        var stored = metrics.GetValueOrDefault("airmon_ingest_messages_total{outcome=\"stored\"}");
        var now = DateTime.UtcNow;
        var rate = (stored - _lastStored) / Math.Max(0.001, (now - _lastAt).TotalSeconds);
        _lastStored = stored;
        _lastAt = now;
        var rejects = metrics.Where(m => m.Key.StartsWith("airmon_ingest_rejects_total", StringComparison.Ordinal))
            .Select(m => $"{m.Key[(m.Key.IndexOf('"', StringComparison.Ordinal) + 1)..m.Key.LastIndexOf('"')]} {m.Value:0}");
        return string.Create(CultureInfo.InvariantCulture,
            $"[bold]AirMonitor demo[/]  messages stored [bold]{stored:0}[/]  ({rate:0.0}/s)  in flight {metrics.GetValueOrDefault("airmon_ingest_inflight"):0}  " +
            $"rejected: [red]{Markup.Escape(string.Join(", ", rejects.DefaultIfEmpty("none")))}[/]  [grey]{Math.Max(0, remaining.TotalSeconds):0} s left[/]");
    }

    private static Markup Alerts(IReadOnlyList<AlertEvent> firing) => firing.Count == 0
        ? new Markup("[green]no alert firing[/]")
        : new Markup(string.Join('\n', firing.Select(a => string.Create(CultureInfo.InvariantCulture,
            $"[{(a.Severity == AlertSeverity.Critical ? "red" : "darkorange")} bold]FIRING[/] {a.FiringSince.ToLocalTime():HH:mm:ss} " +
            $"[bold]{Markup.Escape(a.Rule)}[/] at {Markup.Escape(a.Station)}: {Markup.Escape(a.Summary)}"))));

    // Thai AQI colour bands on the 24-hour PM2.5 breakpoints (standards.md), used here only to colour the latest value.
    private static string Colour(double pm25) => pm25 switch
    {
        <= 15 => "deepskyblue1",
        <= 25 => "green",
        <= 37.5 => "yellow",
        <= 75 => "darkorange",
        _ => "red",
    };

    internal sealed record Snapshot(
        IReadOnlyDictionary<string, (double Pm25, DateTimeOffset At)> Latest,
        IReadOnlyDictionary<string, double> Metrics,
        IReadOnlyList<AlertEvent> Alerts);
}
