using AirMonitor.AirQuality.Alerts;
using AirMonitor.AirQuality.Emissions;
using AirMonitor.Core.Stations;
using AirMonitor.Ingest.Emissions;

namespace AirMonitor.Ingest.Alerts;

/// <summary>The plant stacks' rules: each closed average against its limits, analyser malfunctions, invalid days.</summary>
public sealed partial class AlertEngine
{
    /// <summary>A pollutant's average (judged: standardised, less the EU confidence interval) above a limit of its period.</summary>
    public const string EmissionLimitRule = "emission-limit";

    /// <summary>An operating period a pollutant's analyser (or the O2/moisture analyser it needs) reported in malfunction.</summary>
    public const string AnalyserMalfunctionRule = "analyser-malfunction";

    /// <summary>A pollutant's day without a valid daily average while the plant operated: too many periods discarded, or too few valid.</summary>
    public const string EmissionDayInvalidRule = "emission-day-invalid";

    /// <summary>
    /// A share rule broken (IED Annex VI Part 8 1.1(d)): more days of the year above a 97 %-of-days limit than 3 % of the
    /// year's days, or a 24 h whose CO 10-minute averages are not 95 % within their limit nor its half-hours all within theirs.
    /// </summary>
    public const string EmissionShareRule = "emission-share";

    Task IStackSeries.DerivedAsync(StackSeries series, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_options.Enabled)
        {
            return Task.CompletedTask;
        }

        var round = new Round(this);
        foreach (var judgement in StackJudgements(series).OrderBy(j => j.Point.At))
        {
            round.Observe(judgement);
        }

        round.Commit();
        return Task.CompletedTask;
    }

    /// <summary>
    /// What a plant station's closed periods and days say, in time order per subject (each subject's track skips what it
    /// judged before). A subject starts with the station: stack ids are unique only within their station.
    /// </summary>
    private static IEnumerable<Judgement> StackJudgements(StackSeries series)
    {
        var station = series.Station.Id;
        foreach (var share in series.Shares)
        {
            var metric = share.Pollutant.Info().Metric;
            yield return new Judgement(EmissionShareRule, station, $"{station}/{share.Stack}/{metric}/{share.Span}", share.Span == "year" ? "days_above" : "window_failed",
                share.Span, AlertSeverity.Critical, new WindowPoint(DateTimeOffset.FromUnixTimeMilliseconds(share.AtMs), share.Count), share.Allowed, share.Allowed,
                TimeSpan.Zero, false);
        }

        foreach (var stack in series.Station.Stacks)
        {
            var rules = StackDerivation.Rules(stack);
            var limits = rules.Limits.Limits.Where(l => l.Rule == LimitRule.EveryAverage).ToList();
            foreach (var period in series.Periods.Where(p => p.Stack == stack.Id && p.EndMs <= series.CompleteThrough && p.Average.Operating))
            {
                var metric = period.Pollutant.Info().Metric;
                var at = DateTimeOffset.FromUnixTimeMilliseconds(period.EndMs);
                foreach (var limit in limits.Where(l => l.Pollutant == period.Pollutant && l.Period == period.Period))
                {
                    var value = limit.ValueMilligramsPerCubicMetre(rules.Limits.Regime);
                    yield return new Judgement(EmissionLimitRule, station, $"{station}/{stack.Id}/{metric}/{StackNames.Of(period.Period)}", metric,
                        StackNames.Of(period.Period), AlertSeverity.Critical, new WindowPoint(at, Rounded(period.Judged)), value, value, TimeSpan.Zero, false);
                }

                if (period.Period == rules.BasePeriod)
                {
                    yield return new Judgement(AnalyserMalfunctionRule, station, $"{station}/{stack.Id}/{metric}", "malfunction", StackNames.Of(period.Period),
                        AlertSeverity.Warning, new WindowPoint(at, period.Average.Status == StaStatus.Malfunction ? 1 : 0), 0.5, 0.5, TimeSpan.Zero, false);
                }
            }

            foreach (var day in series.Days.Where(d => d.Stack == stack.Id && d.EndMs <= series.CompleteThrough && d.Average.Status != DayStatus.NotOperating))
            {
                var metric = day.Pollutant.Info().Metric;
                var at = DateTimeOffset.FromUnixTimeMilliseconds(day.EndMs);
                foreach (var limit in limits.Where(l => l.Pollutant == day.Pollutant && l.Period == AveragingPeriod.Day))
                {
                    var value = limit.ValueMilligramsPerCubicMetre(rules.Limits.Regime);
                    yield return new Judgement(EmissionLimitRule, station, $"{station}/{stack.Id}/{metric}/day", metric, "day", AlertSeverity.Critical,
                        new WindowPoint(at, Rounded(day.Average.Value)), value, value, TimeSpan.Zero, false);
                }

                yield return new Judgement(EmissionDayInvalidRule, station, $"{station}/{stack.Id}/{metric}", "discarded", "day", AlertSeverity.Warning,
                    new WindowPoint(at, day.Average.IsValid ? 0 : Math.Max(1, day.Average.DiscardedCount)), 0.5, 0.5, TimeSpan.Zero, false);
            }
        }
    }

    private static double? Rounded(double? value) => value is { } v ? Math.Round(v, 3) : null;
}
