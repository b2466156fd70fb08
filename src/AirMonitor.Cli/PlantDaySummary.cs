using System.Globalization;
using AirMonitor.Cli.Simulation;
using AirMonitor.Core.Stations;
using AirMonitor.Influx;
using AirMonitor.Ingest.Emissions;
using Spectre.Console;

namespace AirMonitor.Cli;

/// <summary>
/// The demo's closing table of a plant's day as the ingest derived it: per stack and pollutant the day from
/// <c>emission_daily</c>, the invalid hours and their cause from <c>emission_sta</c>, and the <c>emission-limit</c> episodes.
/// </summary>
internal sealed class PlantDaySummary(InfluxQueryClient influx, PlantDay day, TimeZoneInfo zone)
{
    public sealed record Days(string Station, IReadOnlyList<InfluxSeries> Daily, IReadOnlyList<InfluxSeries> InvalidHours, IReadOnlyList<InfluxSeries> LimitEvents)
    {
        /// <summary>The plant's day was derived, and an emission-limit episode both fired and resolved in it.</summary>
        public bool Complete =>
            Daily.Count > 0
            && LimitEvents.Any(s => s.Tags.GetValueOrDefault("state") == "firing")
            && LimitEvents.Any(s => s.Tags.GetValueOrDefault("state") == "resolved");
    }

    public async Task<Days> QueryAsync(string station, CancellationToken cancellationToken)
    {
        var since = $"station = '{station}' AND time >= {day.From.ToUnixTimeMilliseconds()}ms";
        return new Days(
            station,
            await influx.QueryAsync(
                $"SELECT status, value, availability, valid_periods, operating_periods, discarded, invalid_periods, load FROM emission_daily WHERE {since} GROUP BY stack, channel",
                cancellationToken),
            await influx.QueryAsync(
                $"SELECT status FROM emission_sta WHERE {since} AND \"period\" = '1h' AND channel =~ /_std$/ AND operating = true AND valid = false GROUP BY stack, channel",
                cancellationToken),
            await influx.QueryAsync(
                $"SELECT value, threshold FROM alert_event WHERE {since} AND rule = 'emission-limit' GROUP BY subject, state",
                cancellationToken));
    }

    /// <summary>One table per stack and day, narrow enough for an 80-column terminal.</summary>
    public void Write(Station station, Days days)
    {
        foreach (var perDay in days.Daily
            .SelectMany(s => Enumerable.Range(0, s.Values.Count).Select(row => (Series: s, Row: row, Stack: s.Tags["stack"], Day: s.GetTime(row))))
            .GroupBy(d => (d.Stack, d.Day))
            .OrderBy(g => g.Key.Stack, StringComparer.Ordinal).ThenBy(g => g.Key.Day))
        {
            var (stack, dayStart) = perDay.Key;
            var dayEnd = dayStart.AddDays(1);
            var table = new Table()
                .Title($"[bold]{Markup.Escape(station.Name)}[/] {stack}, {TimeZoneInfo.ConvertTime(dayStart, zone):yyyy-MM-dd}")
                .AddColumns("", "day mg/m³", "status", "avail.", "valid/op h", "disc.", "load kg", "invalid hours", "exceedance mg/m³");
            foreach (var (daily, row, _, _) in perDay.OrderBy(d => d.Series.Tags["channel"], StringComparer.Ordinal))
            {
                var pollutant = daily.Tags["channel"];
                var invalid = days.InvalidHours.Where(s => s.Tags["stack"] == stack && s.Tags["channel"] == pollutant + StackDerivation.StandardisedSuffix)
                    .SelectMany(s => Enumerable.Range(0, s.Values.Count).Select(r => (At: s.GetTime(r), Status: s.GetString(r, "status") ?? "")))
                    .Where(h => h.At >= dayStart && h.At < dayEnd && h.At.AddHours(1) <= DateTimeOffset.UtcNow);  // closed hours only
                var exceedances = days.LimitEvents.Where(s => s.Tags["state"] == "firing" && s.Tags["subject"].StartsWith($"{station.Id}/{stack}/{pollutant}/", StringComparison.Ordinal))
                    .SelectMany(s => Enumerable.Range(0, s.Values.Count).Select(r => (At: s.GetTime(r), Value: s.GetDouble(r, "value"), Limit: s.GetDouble(r, "threshold"))))
                    .Where(e => e.At > dayStart && e.At <= dayEnd)
                    .Select(e => $"{Hour(e.At.AddHours(-1))}–{Hour(e.At)} {Number(e.Value, "0")} > {Number(e.Limit, "0")}");
                table.AddRow(
                    pollutant.Replace("stack_", "", StringComparison.Ordinal),
                    Number(daily.GetDouble(row, "value"), "0.0"),
                    Markup.Escape(daily.GetString(row, "status") ?? ""),
                    daily.GetDouble(row, "availability") is { } a ? a.ToString("P0", CultureInfo.InvariantCulture) : "",
                    $"{daily.GetInt64(row, "valid_periods")}/{daily.GetInt64(row, "operating_periods")}",
                    $"{daily.GetInt64(row, "discarded")}",
                    Number(daily.GetDouble(row, "load"), "0.0"),
                    Markup.Escape(string.Join(", ", Runs(invalid.OrderBy(h => h.At)))),
                    Markup.Escape(string.Join(", ", exceedances)));
            }

            AnsiConsole.Write(table);
        }
    }

    // Consecutive hours of one cause as one span: "10:00–12:00 maintenance".
    private IEnumerable<string> Runs(IEnumerable<(DateTimeOffset At, string Status)> hours)
    {
        (DateTimeOffset From, DateTimeOffset To, string Status)? run = null;
        foreach (var (at, status) in hours)
        {
            if (run is { } r && r.To == at && r.Status == status)
            {
                run = (r.From, at.AddHours(1), status);
                continue;
            }

            if (run is { } done)
            {
                yield return $"{Hour(done.From)}–{Hour(done.To)} {done.Status}";
            }

            run = (at, at.AddHours(1), status);
        }

        if (run is { } last)
        {
            yield return $"{Hour(last.From)}–{Hour(last.To)} {last.Status}";
        }
    }

    private string Hour(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone).ToString("HH", CultureInfo.InvariantCulture);

    private static string Number(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "–";
}
