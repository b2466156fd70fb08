using AirMonitor.Core.Stations;
using AirMonitor.AirQuality.Emissions;
using static AirMonitor.Cli.Report.ReportValues;

namespace AirMonitor.Cli.Report;

/// <summary>The report as a plain-text document to print: a heading per stack and pollutant, aligned tables.</summary>
internal static class EmissionReportText
{
    public static void Write(EmissionReport report, TextWriter output)
    {
        var station = report.Station;
        output.Write($"EMISSION REPORT — {station.Name} ({station.Id}), {station.City} / {station.District}\n");
        output.Write($"Period: {report.Period.Name} {report.Period.Label}, on each stack's local calendar\n");
        output.Write("Values: mg/m³ at the stack's reference conditions and O2, dry; EU values less the confidence interval (validated).\n");
        output.Write("An average above a limit is strictly above it; one equal to the limit complies.\n");
        foreach (var stack in report.Stacks)
        {
            Stack(report, stack, output);
        }
    }

    private static void Stack(EmissionReport report, StackReport stack, TextWriter output)
    {
        var calendar = stack.Rules.Calendar;
        var regime = stack.Rules.Limits.Regime;
        output.Write($"\n\n== Stack {stack.Stack.Id} — regime {Snake(stack.Stack.Regime)} ({stack.Rules.Limits.Name}), time zone {stack.Stack.TimeZone}, base period {StackNames.Of(stack.Rules.BasePeriod)} ==\n");
        output.Write($"Period {Time(stack.StartMs, calendar)} to {Time(stack.EndMs, calendar)}; reference {regime.ReferenceTemperatureKelvin} K, {regime.ReferencePressureKilopascals} kPa, O2 {regime.ReferenceO2Percent} %\n");
        output.Write($"Configuration in the registry: {stack.Rules.Configuration.Fingerprint}\n");
        if (stack.Configurations.Count == 0)
        {
            output.Write("Values produced by: none stored\n");
        }

        foreach (var c in stack.Configurations)
        {
            output.Write($"Values produced by: {c.Fingerprint} ({Time(c.StartMs, calendar)} to {Time(c.EndMs, calendar)}){(c.IsCurrent ? "" : " — NOT the registry's configuration")}\n");
        }

        if (stack.Pollutants.Count == 0)
        {
            output.Write("\nNo stored averages in the period.\n");
            return;
        }

        var sources = new List<string>();
        output.Write("\nLimits\n");
        Table(output,
            ["pollutant", "period", "limit", "mg/m³", "rule", "mark", "source"],
            stack.Pollutants.SelectMany(p => p.Limits.Select(l =>
            {
                var source = sources.IndexOf(l.Limit.Source);
                if (source < 0)
                {
                    sources.Add(l.Limit.Source);
                    source = sources.Count - 1;
                }

                return new[]
                {
                    p.Pollutant.Info().Metric, l.Period, $"{Number(l.Limit.Value)} {StackNames.Of(l.Limit.Unit)}", Number(l.MilligramsPerCubicMetre),
                    StackNames.Of(l.Limit.Rule), Snake(l.Limit.Mark), $"[{source + 1}]",
                };
            })),
            rightAligned: [3]);
        for (var i = 0; i < sources.Count; i++)
        {
            output.Write($"  [{i + 1}] {sources[i]}\n");
        }

        foreach (var p in stack.Pollutants)
        {
            Pollutant(report, stack, p, output);
        }
    }

    private static void Pollutant(EmissionReport report, StackReport stack, PollutantReport p, TextWriter output)
    {
        var calendar = stack.Rules.Calendar;
        var ci = p.ConfidenceInterval > 0 ? $" — confidence interval {Number(p.ConfidenceInterval)} mg/m³ subtracted" : "";
        output.Write($"\n-- {stack.Stack.Id} / {p.Pollutant.Info().Metric}{ci} --\n");

        var isDay = report.Period.Kind == CalendarPeriod.Day;
        output.Write(isDay ? $"\nValid {StackNames.Of(stack.Rules.BasePeriod)} averages\n" : "\nDaily averages\n");
        Averages(output, p.Averages, calendar, withCounts: !isDay);
        output.Write(isDay ? "\nDaily average\n" : "\nMonthly and yearly averages (valid time at least 10 % of the period, EN 17255-1)\n");
        Averages(output, p.PeriodAverages, calendar, withCounts: true);

        output.Write("\nExceedances\n");
        Table(output, ["period", "start", "end", "value", "limit", "rule"],
            p.Exceedances.Select(e => new[]
            {
                e.Averaging, Time(e.StartMs, calendar), Time(e.EndMs, calendar), Number(e.Value), Number(e.Limit.MilligramsPerCubicMetre), StackNames.Of(e.Limit.Limit.Rule),
            }),
            rightAligned: [3, 4]);

        output.Write("\nInvalid periods (plant operating, no valid average)\n");
        Table(output, ["period", "start", "end", "cause", "periods"],
            p.Invalid.Select(i => new[] { i.Averaging, Time(i.StartMs, calendar), Time(i.EndMs, calendar), i.CauseName, Number(i.Periods) }),
            rightAligned: [4]);

        output.Write("\n");
        output.Write($"Availability: {p.Availability.ValidPeriods} valid of {p.Availability.OperatingPeriods} operating periods = {Percent(p.Availability.Share)}\n");
        output.Write(p.Load is { } load
            ? $"Load: {Number(load.Kilograms)} kg from {load.ValidPeriods} of {load.OperatingPeriods} operating periods ({Percent(load.CoveredShare)} covered{(load.CoveredShare < 1 ? ": a lower bound" : "")})\n"
            : "Load: no mass emission stored\n");

        if (p.Rules.Count > 0)
        {
            output.Write($"\nYearly rules, counted over this {report.Period.Name}\n");
            Table(output, ["rule", "count", "of", "share", "limit", "verdict", "source"],
                p.Rules.Select(r => new[]
                {
                    r.Description,
                    Number(r.Count), Number(r.Of), r.Share is null ? "" : Percent(r.Share), Number(r.Limit), Verdict(r.Met), r.Citation,
                }),
                rightAligned: [1, 2, 3, 4]);
            foreach (var r in p.Rules.Where(r => r.FirstFailedMs is not null))
            {
                output.Write($"  Failed 24 h windows: the first ends {Time(r.FirstFailedMs!.Value, calendar)}, the last {Time(r.LastFailedMs!.Value, calendar)}.\n");
            }
        }
    }

    private static void Averages(TextWriter output, IReadOnlyList<ReportAverage> averages, AveragingCalendar calendar, bool withCounts)
    {
        string[] headers = withCounts
            ? ["period", "start", "end", "value", "limit", "result", "status", "valid", "operating", "valid time"]
            : ["period", "start", "end", "value", "limit", "result"];
        Table(output, headers,
            averages.Select(a => withCounts
                ? new[]
                {
                    a.Averaging, Time(a.StartMs, calendar), Time(a.EndMs, calendar), Number(a.Value), Number(a.Limit?.MilligramsPerCubicMetre), a.Result ?? "",
                    a.Status, Number(a.Count), Number(a.Of), a.Share is null ? "" : Percent(a.Share),
                }
                : [a.Averaging, Time(a.StartMs, calendar), Time(a.EndMs, calendar), Number(a.Value), Number(a.Limit?.MilligramsPerCubicMetre), a.Result ?? ""]),
            rightAligned: withCounts ? [3, 4, 7, 8, 9] : [3, 4]);
    }

    /// <summary>An aligned table indented by two spaces; "none" when it has no rows.</summary>
    private static void Table(TextWriter output, string[] headers, IEnumerable<string[]> rows, int[] rightAligned)
    {
        var all = rows.ToList();
        if (all.Count == 0)
        {
            output.Write("  none\n");
            return;
        }

        var widths = headers.Select((h, i) => all.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        void Line(string[] cells) => output.Write("  " + string.Join("  ", cells.Select((c, i) => rightAligned.Contains(i) ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd() + "\n");
        Line(headers);
        Line([.. widths.Select(w => new string('-', w))]);
        foreach (var row in all)
        {
            Line(row);
        }
    }
}
