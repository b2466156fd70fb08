using System.Globalization;
using AirMonitor.AirQuality.Indices;
using AirMonitor.Cli.Simulation;
using AirMonitor.Influx;
using Spectre.Console;

namespace AirMonitor.Cli;

/// <summary>
/// The demo's closing table of a photochemical-oxidant issuance region: the <c>jp-ox-advisory</c> episodes the ingest's
/// alert engine stored in <c>alert_event</c>, beside the day's 発令状況 that <see cref="OxAdvisories.DaySummary"/> gives
/// over the region's stored hourly <c>air_index</c> <c>ox</c>; the two must agree.
/// </summary>
internal sealed class OxDaySummary(InfluxQueryClient influx, string region, IReadOnlyList<string> stations, DateTimeOffset from, TimeZoneInfo zone)
{
    private const string Rule = "jp-ox-advisory";
    private const string StationNote = "; highest at ";

    /// <summary>An advisory episode as the alert engine stored it: issued and lifted at the hours' ends, the issuing value and station.</summary>
    public sealed record Advisory(DateTimeOffset IssuedAt, double? Value, string? Station, DateTimeOffset? LiftedAt);

    public sealed record Day(IReadOnlyList<Advisory> Advisories, IReadOnlyList<OxAdvisoryEpisode> Episodes)
    {
        /// <summary>An advisory was issued and lifted.</summary>
        public bool Complete => Advisories.Any(a => a.LiftedAt is not null);
    }

    public async Task<Day> QueryAsync(CancellationToken cancellationToken)
    {
        var since = $"time >= {from.ToUnixTimeMilliseconds()}ms";
        var events = (await influx.QueryAsync(
                $"SELECT value, summary, firing_since FROM alert_event WHERE {since} AND rule = '{Rule}' AND station = 'region-{region}' GROUP BY state",
                cancellationToken))
            .SelectMany(s => Enumerable.Range(0, s.Values.Count).Select(row => (
                State: s.Tags["state"], At: s.GetTime(row), Value: s.GetDouble(row, "value"), Summary: s.GetString(row, "summary"), Since: s.GetInt64(row, "firing_since"))))
            .ToList();
        var advisories = events.Where(e => e.State == "firing").OrderBy(e => e.At).Select(e => new Advisory(
            e.At,
            e.Value,
            e.Summary?.LastIndexOf(StationNote, StringComparison.Ordinal) is >= 0 and var note ? e.Summary[(note + StationNote.Length)..] : null,
            events.Where(r => r.State == "resolved" && r.Since == e.At.ToUnixTimeMilliseconds()).Select(r => (DateTimeOffset?)r.At).FirstOrDefault()));

        // Only closed hours: the open one is rewritten until the stations' readings pass it.
        var regionStations = string.Join(" OR ", stations.Select(s => $"station = '{s}'"));
        var hours = (await influx.QueryAsync(
                $"SELECT ox FROM air_index WHERE {since} AND time < {OxEpisode.HourOf(DateTimeOffset.UtcNow).ToUnixTimeMilliseconds()}ms AND ({regionStations}) GROUP BY station",
                cancellationToken))
            .SelectMany(s => Enumerable.Range(0, s.Values.Count).Select(row => (Station: s.Tags["station"], Start: s.GetTime(row), Ox: s.GetDouble(row, "ox"))))
            .Where(h => h.Ox is not null)
            .GroupBy(h => h.Start)
            .OrderBy(g => g.Key);
        var advisoriesOfRegion = new OxAdvisories([new OxRegion(region, stations)]);
        var days = new List<DateOnly>();
        foreach (var hour in hours)
        {
            var local = TimeZoneInfo.ConvertTime(hour.Key, zone);
            var day = DateOnly.FromDateTime(local.DateTime);
            days.Add(day);

            // Judged on the reported values, as the alert engine judges them.
            advisoriesOfRegion.Advance(new OxHourReadings(day, JapanPm25.HourLabel(local.Hour),
                hour.ToDictionary(h => h.Station, h => (double?)JapanOx.ReportedPpb(h.Ox!.Value), StringComparer.Ordinal)));
        }

        return new Day([.. advisories], [.. days.Distinct().SelectMany(advisoriesOfRegion.DaySummary)]);
    }

    /// <summary>Where the stored events and the 発令状況 differ; empty when they agree.</summary>
    public IReadOnlyList<string> Disagreements(Day day)
    {
        var differences = new List<string>();
        if (day.Advisories.Count != day.Episodes.Count)
        {
            differences.Add($"{day.Advisories.Count} advisories in alert_event, {day.Episodes.Count} in the 発令状況");
        }

        foreach (var (advisory, episode) in day.Advisories.Zip(day.Episodes))
        {
            var lifted = episode.LiftedDay is { } liftedDay ? HourEnd(liftedDay, episode.LiftedHourLabel!.Value) : (DateTimeOffset?)null;
            var issued = (HourEnd(episode.IssuedDay, episode.IssuedHourLabel), Ppb(episode.IssuedOn.OxPpm), episode.IssuedOn.StationId, lifted);
            if ((advisory.IssuedAt, advisory.Value, advisory.Station, advisory.LiftedAt) != issued)
            {
                differences.Add($"alert_event {Describe(advisory.IssuedAt, advisory.Value, advisory.Station, advisory.LiftedAt)}, 発令状況 {Describe(issued.Item1, issued.Item2, issued.StationId, issued.lifted)}");
            }
        }

        return differences;
    }

    /// <summary>One table of both, narrow enough for an 80-column terminal, then whether they agree.</summary>
    public void Write(Day day)
    {
        var table = new Table()
            .Title($"[bold]Photochemical-oxidant advisory (注意報), region {Markup.Escape(region)}[/], hours in JST (label = the hour's end)")
            .AddColumns("", "issued", "at station", "ppb", "highest ppb", "lifted");
        foreach (var a in day.Advisories)
        {
            table.AddRow("alert_event", Label(a.IssuedAt), Markup.Escape(a.Station ?? "–"), Number(a.Value), "", a.LiftedAt is { } l ? Label(l) : "in force");
        }

        foreach (var e in day.Episodes)
        {
            table.AddRow(
                "発令状況",
                Label(HourEnd(e.IssuedDay, e.IssuedHourLabel)),
                Markup.Escape(e.IssuedOn.StationId),
                Number(Ppb(e.IssuedOn.OxPpm)),
                $"{Number(Ppb(e.Max.OxPpm))} {Markup.Escape(e.Max.StationId)} {e.MaxHourLabel} h",
                e.LiftedDay is { } d ? Label(HourEnd(d, e.LiftedHourLabel!.Value)) : "in force");
        }

        AnsiConsole.Write(table);
        var differences = Disagreements(day);
        AnsiConsole.MarkupLine(differences.Count == 0
            ? "[green]the alert events and the 発令状況 agree[/]"
            : $"[red]the alert events and the 発令状況 do not agree:[/] {Markup.Escape(string.Join("; ", differences))}");
    }

    private DateTimeOffset HourEnd(DateOnly day, int label)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)).AddHours(label).ToUniversalTime();
    }

    // "07-14 13 h": the Japanese label of the hour that ends at that time (24 h: the day's last hour).
    private string Label(DateTimeOffset hourEnd)
    {
        var start = TimeZoneInfo.ConvertTime(hourEnd.AddHours(-1), zone);
        return string.Create(CultureInfo.InvariantCulture, $"{start:MM-dd} {JapanPm25.HourLabel(start.Hour)} h");
    }

    private static string Describe(DateTimeOffset issued, double? value, string? station, DateTimeOffset? lifted) =>
        string.Create(CultureInfo.InvariantCulture, $"issued {issued:HH:mm}Z {value} ppb at {station}, lifted {lifted:HH:mm}Z");

    private static double Ppb(double ppm) => Math.Round(ppm * 1000, 3);

    private static string Number(double? value) => value?.ToString("0", CultureInfo.InvariantCulture) ?? "–";
}
