using System.CommandLine;
using System.CommandLine.Parsing;
using AirMonitor.AirQuality.Emissions;
using AirMonitor.AirQuality.Series;
using AirMonitor.Core.Stations;
using AirMonitor.Influx;
using AirMonitor.Ingest.Emissions;

namespace AirMonitor.Cli.Report;

/// <summary>
/// <c>airmon report emissions</c>: a plant station's stored stack averages for a local day, month or year, judged by each
/// stack's rules, as CSV or as a text document for the regulator (Report/README.md).
/// </summary>
internal static class ReportCommand
{
    public const string DefaultRegistry = "firmware-config/stations.yaml";

    public static Command Create() => new("report", "Reports from the stored series for people outside the system") { Emissions(), Standards() };

    private static Command Standards()
    {
        var station = new Option<string>("--station") { Description = "The station (registry id)", Required = true };
        var year = new Option<int>("--year") { Description = "The fiscal year, April to March (JST): 2026 is 2026-04-01 to 2027-03-31", Required = true };
        year.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 2000 or > 2200)
            {
                r.AddError($"--year {r.GetValueOrDefault<int>()} is not a fiscal year of the form YYYY");
            }
        });
        var output = new Option<string?>("--output") { Description = "Write the report to this file instead of standard output" };
        var registry = CommonOptions.Registry();
        registry.Description = $"The station registry (default: AIRMON_Ingest__RegistryPath, else {DefaultRegistry})";
        var command = new Command("standards", "A station's fiscal year against Japan's environmental quality standards: Ox, SPM, NO2, SO2, CO, PM2.5")
        {
            station, year, output, registry,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = CliSettings.Load();
            var registryPath = result.GetValue(registry) ?? settings.RegistryPath ?? DefaultRegistry;
            var id = result.GetValue(station)!;
            if (CliSettings.Registry(registryPath).FindStation(id) is null)
            {
                await Console.Error.WriteLineAsync($"airmon report standards: no station '{id}' in {registryPath}");
                return 1;
            }

            var fiscalYear = result.GetValue(year);
            var (from, to, _) = StandardsReport.FiscalYear(fiscalYear);
            using var http = new HttpClient();
            IReadOnlyList<InfluxSeries> series;
            try
            {
                series = await new InfluxQueryClient(http, settings.Influx).QueryAsync(
                    $"SELECT {string.Join(",", AmbientMetrics.All.Select(m => InfluxQl.QuoteIdentifier(m.Name())))} FROM \"air_index\" WHERE \"station\" = {InfluxQl.QuoteString(id)} AND time >= {from}ms AND time < {to}ms",
                    cancellationToken);
            }
            catch (InfluxQueryException e)
            {
                await Console.Error.WriteLineAsync($"airmon report standards: {e.Message}");
                return 1;
            }

            var hours = series.SelectMany(s => Enumerable.Range(0, s.Values.Count).Select(row =>
                (Ms: s.GetTime(row).ToUnixTimeMilliseconds(), Values: AmbientValues.From(m => s.GetDouble(row, m.Name())))))
                .ToDictionary(h => h.Ms, h => h.Values);
            var writer = result.GetValue(output) is { } path ? new StreamWriter(path, append: false) : Console.Out;
            StandardsReport.Write(id, fiscalYear, StandardsReport.Evaluate(fiscalYear, hours), writer);
            await writer.FlushAsync(cancellationToken);
            if (writer != Console.Out)
            {
                await writer.DisposeAsync();
            }

            return 0;
        });
        return command;
    }

    private static Command Emissions()
    {
        var station = new Option<string>("--station") { Description = "The plant station (registry id)", Required = true };
        var periods = new[]
        {
            (Option: new Option<string?>("--day") { Description = "A local day, YYYY-MM-DD: its base-period averages" }, Kind: CalendarPeriod.Day),
            (Option: new Option<string?>("--month") { Description = "A local month, YYYY-MM: its daily averages" }, Kind: CalendarPeriod.Month),
            (Option: new Option<string?>("--year") { Description = "A local year, YYYY: its daily and monthly averages" }, Kind: CalendarPeriod.Year),
        };
        var stack = new Option<string?>("--stack") { Description = "Only this stack of the station" };
        var format = new Option<string>("--format") { Description = "csv (one table) or text (a document to print)", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("csv", "text");
        var output = new Option<string?>("--output") { Description = "Write the report to this file instead of standard output" };
        var registry = CommonOptions.Registry();
        registry.Description = $"The station registry (default: AIRMON_Ingest__RegistryPath, else {DefaultRegistry})";
        var command = new Command("emissions", "A plant station's emission report: averages against the limits, exceedances, invalid periods, availability, loads, the EU yearly rules")
        {
            station, stack, format, output, registry,
        };
        foreach (var (option, kind) in periods)
        {
            command.Options.Add(option);
            option.Validators.Add(r =>
            {
                var text = r.GetValueOrDefault<string?>();
                if (text is not null && ReportPeriod.Parse(kind, text) is null)
                {
                    r.AddError($"{option.Name} '{text}' is not a date of the form {ReportPeriod.FormatOf(kind)}");
                }
            });
        }

        command.Validators.Add(r =>
        {
            var given = periods.Where(p => r.GetResult(p.Option) is not null).Select(p => p.Option.Name).ToList();
            if (given.Count != 1)
            {
                r.AddError(given.Count == 0 ? "give one of --day, --month or --year" : $"give one of --day, --month or --year, not {string.Join(" and ", given)}");
            }
        });

        command.SetAction(async (result, cancellationToken) =>
        {
            var period = periods.Select(p => result.GetValue(p.Option) is { } text ? ReportPeriod.Parse(p.Kind, text) : null).OfType<ReportPeriod>().Single();
            var settings = CliSettings.Load();
            var registryPath = result.GetValue(registry) ?? settings.RegistryPath ?? DefaultRegistry;
            var request = new ReportRequest(result.GetValue(station)!, result.GetValue(stack), period, result.GetValue(format) == "csv", result.GetValue(output));
            try
            {
                return await RunAsync(settings, CliSettings.Registry(registryPath), registryPath, request, cancellationToken);
            }
            catch (ReportRefusedException e)
            {
                await Console.Error.WriteLineAsync($"airmon report emissions: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private sealed record ReportRequest(string Station, string? Stack, ReportPeriod Period, bool Csv, string? Output);

    private static async Task<int> RunAsync(CliSettings settings, StationRegistry registry, string registryPath, ReportRequest request, CancellationToken cancellationToken)
    {
        var station = registry.FindStation(request.Station) ?? throw new ReportRefusedException($"no station '{request.Station}' in {registryPath}");
        if (station.Stacks.Count == 0)
        {
            throw new ReportRefusedException($"station '{station.Id}' has no stacks in {registryPath}: only a plant station with stacks has emissions to report");
        }

        if (request.Stack is { } stackId)
        {
            station = station with
            {
                Stacks = [station.Stacks.FirstOrDefault(s => s.Id == stackId)
                    ?? throw new ReportRefusedException($"station '{station.Id}' has no stack '{stackId}' (its stacks: {string.Join(", ", station.Stacks.Select(s => s.Id))})")],
            };
        }

        var bounds = station.Stacks.Select(s => request.Period.On(StackDerivation.Rules(s).Calendar)).ToList();
        var (from, to) = (bounds.Min(b => b.StartMs), bounds.Max(b => b.EndMs));
        using var http = new HttpClient();
        var stored = new StoredEmissions(new InfluxQueryClient(http, settings.Influx));
        EmissionReport report;
        try
        {
            var averages = await stored.AveragesAsync(station.Id, from - (long)EmissionReports.LookBack.TotalMilliseconds, to, cancellationToken);
            var days = await stored.DaysAsync(station, from, to, cancellationToken);
            report = EmissionReports.Build(station, request.Period, averages, days);
        }
        catch (InfluxQueryException e)
        {
            throw new ReportRefusedException(e.Message);
        }

        var writer = request.Output is { } path ? new StreamWriter(path, append: false) : Console.Out;
        try
        {
            if (request.Csv)
            {
                EmissionReportCsv.Write(report, writer);
            }
            else
            {
                EmissionReportText.Write(report, writer);
            }
        }
        finally
        {
            if (request.Output is not null)
            {
                await writer.DisposeAsync();
            }
            else
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        return 0;
    }

    /// <summary>What stops a report, said in one line.</summary>
    private sealed class ReportRefusedException(string message) : Exception(message);
}
