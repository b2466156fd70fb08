using AirMonitor.Core.Stations;
using AirMonitor.AirQuality.Emissions;
using static AirMonitor.Cli.Report.ReportValues;

namespace AirMonitor.Cli.Report;

/// <summary>The report as one CSV table (RFC 4180, a header row); the layout is in Report/README.md.</summary>
internal static class EmissionReportCsv
{
    public static readonly string[] Columns =
        ["section", "station", "stack", "pollutant", "averaging", "start", "end", "value", "unit", "limit", "result", "status", "count", "of", "share", "rule", "note"];

    public static void Write(EmissionReport report, TextWriter output)
    {
        output.Write(string.Join(',', Columns) + "\n");
        foreach (var stack in report.Stacks)
        {
            var calendar = stack.Rules.Calendar;
            void Row(string section, string pollutant = "", string averaging = "", long? start = null, long? end = null, string value = "", string unit = "",
                string limit = "", string result = "", string status = "", string count = "", string of = "", string share = "", string rule = "", string note = "")
            {
                string[] cells =
                [
                    section, report.Station.Id, stack.Stack.Id, pollutant, averaging,
                    start is { } s ? IsoTime(s, calendar) : "", end is { } e ? IsoTime(e, calendar) : "",
                    value, unit, limit, result, status, count, of, share, rule, note,
                ];
                output.Write(string.Join(',', cells.Select(Escape)) + "\n");
            }

            foreach (var c in stack.Configurations)
            {
                Row("config", start: c.StartMs, end: c.EndMs, result: c.IsCurrent ? "current" : "differs_from_registry", note: c.Fingerprint);
            }

            foreach (var p in stack.Pollutants)
            {
                var metric = p.Pollutant.Info().Metric;
                foreach (var l in p.Limits)
                {
                    Row("limit", metric, l.Period, value: Number(l.Limit.Value), unit: StackNames.Of(l.Limit.Unit), limit: Number(l.MilligramsPerCubicMetre),
                        status: Snake(l.Limit.Mark), rule: StackNames.Of(l.Limit.Rule), note: l.Limit.Source);
                }

                if (p.ConfidenceInterval > 0)
                {
                    Row("confidence_interval", metric, value: Number(p.ConfidenceInterval), unit: "mg/m3", note: stack.Rules.Limits.ConfidenceIntervalSource);
                }

                foreach (var a in p.Averages.Concat(p.PeriodAverages))
                {
                    Row("average", metric, a.Averaging, a.StartMs, a.EndMs, Number(a.Value), "mg/m3", Number(a.Limit?.MilligramsPerCubicMetre), a.Result ?? "",
                        a.Status, Number(a.Count), Number(a.Of), Number(a.Share));
                }

                foreach (var e in p.Exceedances)
                {
                    Row("exceedance", metric, e.Averaging, e.StartMs, e.EndMs, Number(e.Value), "mg/m3", Number(e.Limit.MilligramsPerCubicMetre), "above",
                        rule: StackNames.Of(e.Limit.Limit.Rule));
                }

                foreach (var i in p.Invalid)
                {
                    Row("invalid", metric, i.Averaging, i.StartMs, i.EndMs, status: i.CauseName, count: Number(i.Periods));
                }

                var period = report.Period.Name;
                Row("availability", metric, period, stack.StartMs, stack.EndMs, count: Number(p.Availability.ValidPeriods),
                    of: Number(p.Availability.OperatingPeriods), share: Number(p.Availability.Share));
                if (p.Load is { } load)
                {
                    Row("load", metric, period, stack.StartMs, stack.EndMs, Number(load.Kilograms), "kg", count: Number(load.ValidPeriods),
                        of: Number(load.OperatingPeriods), share: Number(load.CoveredShare));
                }

                foreach (var r in p.Rules)
                {
                    var note = r.FirstFailedMs is { } first ? $"{r.Citation}; failed windows end {IsoTime(first, calendar)} to {IsoTime(r.LastFailedMs!.Value, calendar)}" : r.Citation;
                    Row("compliance", metric, period, stack.StartMs, stack.EndMs, limit: Number(r.Limit), result: Verdict(r.Met), count: Number(r.Count),
                        of: Number(r.Of), share: Number(r.Share), rule: r.Key, note: note);
                }
            }
        }
    }

    private static string Escape(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
}
