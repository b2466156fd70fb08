using System.Globalization;
using AirMonitor.AirQuality.Emissions;
using AirMonitor.Core.Contract;
using AirMonitor.Core.Metrics;
using AirMonitor.Core.Stations;
using AirMonitor.Influx;

namespace AirMonitor.Ingest.Emissions;

/// <summary>
/// One plant station's round, without I/O: from the raw emission readings of the changed hours, each stack's short-term
/// averages per channel, standardised and validated per pollutant (<c>emission_sta</c>); from the stored short-term
/// averages of the days those hours fall in, each pollutant's day (<c>emission_daily</c>). The arithmetic and its sources
/// are in src/AirMonitor.AirQuality/Emissions.
/// </summary>
public static class StackDerivation
{
    public const string PeriodMeasurement = "emission_sta";
    public const string DayMeasurement = "emission_daily";
    public const string StackTag = "stack";
    public const string ChannelTag = "channel";
    public const string PeriodTag = "period";

    /// <summary>The <c>channel</c> of a pollutant's standardised averages: its metric with this suffix (<c>stack_nox_std</c>).</summary>
    public const string StandardisedSuffix = "_std";
    public const long HourMs = 3_600_000;

    /// <summary>The sampling interval assumed for a channel with fewer than two readings in a round: EN 17255-1's slowest (10 s).</summary>
    public static readonly TimeSpan DefaultSamplingInterval = TimeSpan.FromSeconds(10);

    // Every short-term period is a whole number of these intervals: the divisors of 10 min up to 5 min.
    private static readonly int[] IntervalSeconds = [.. Enumerable.Range(1, 300).Where(s => 600 % s == 0)];

    /// <summary>The readings to read back for <paramref name="hours"/>: the hours widened to whole periods of the station's longest short-term period.</summary>
    public static (long From, long To) ReadRange(Station station, IReadOnlyCollection<long> hours)
    {
        var longest = station.Stacks.Max(s => (long)StackRules.LengthOf(Rules(s).ShortPeriods.Max()).TotalMilliseconds);
        return (ShortTermAverages.PeriodOf(hours.Min(), longest), ShortTermAverages.PeriodOf(hours.Max() + HourMs - 1, longest) + longest);
    }

    /// <summary>Each stack's short-term averages of [<paramref name="from"/>, <paramref name="to"/>), and the local days they fall in.</summary>
    public static StackPeriods Periods(Station station, IReadOnlyList<KeyValuePair<string, string>> tags, long from, long to, IReadOnlyList<StackReading> readings)
    {
        var points = new List<InfluxPoint>();
        var periods = new List<PollutantPeriod>();
        var days = new List<StackDay>();
        foreach (var stack in station.Stacks)
        {
            var rules = Rules(stack);
            var devices = stack.Devices.ToHashSet(StringComparer.Ordinal);
            var own = readings.Where(r => devices.Contains(r.Device)).ToList();
            var states = own.Where(r => r.Metric == MetricVocabulary.PlantState && r.Flags is null).Select(r => new PlantStateReading(r.Ts, (int)r.Value)).ToList();
            var channels = own.Where(r => r.Metric != MetricVocabulary.PlantState && r.Ts >= from).GroupBy(r => r.Metric, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(r => new ChannelReading(r.Ts, r.Value, Flags(r.Flags))).ToList(), StringComparer.Ordinal);
            foreach (var declared in DeclaredChannels(station, stack))
            {
                channels.TryAdd(declared, []); // a declared analyser that sent nothing has no-data periods, counted against availability
            }
            var stackTags = (IReadOnlyList<KeyValuePair<string, string>>)[.. tags, new(StackTag, stack.Id)];
            foreach (var period in rules.ShortPeriods)
            {
                var length = StackRules.LengthOf(period);
                var averages = channels.ToDictionary(
                    c => c.Key,
                    c => ShortTermAverages.Compute(c.Value, states, from, to, new AveragingRule(length, SamplingInterval(c.Value))).ToDictionary(s => s.StartMs),
                    StringComparer.Ordinal);
                foreach (var (channel, stas) in averages)
                {
                    points.AddRange(stas.Values.Select(s => ChannelPoint(stackTags, channel, period, s)));
                }

                var starts = averages.Values.SelectMany(s => s.Keys).Distinct().Order();
                foreach (var start in starts)
                {
                    foreach (var p in Standardise(rules, period, start, (long)length.TotalMilliseconds, averages))
                    {
                        periods.Add(p);
                        points.Add(PollutantPoint(stackTags, p));
                    }
                }
            }

            var zone = rules.Calendar;
            for (var day = zone.DayOf(from); day <= zone.DayOf(to - 1); day = day.AddDays(1))
            {
                var (start, end) = zone.Bounds(day, CalendarPeriod.Day);
                days.Add(new StackDay(stack.Id, day, start, end));
            }
        }

        return new StackPeriods(points, periods, days);
    }

    /// <summary>Each stack's days from the short-term averages stored in them (the base period's, of each pollutant).</summary>
    public static StackDays Days(Station station, IReadOnlyList<KeyValuePair<string, string>> tags, IReadOnlyList<StackDay> days, IReadOnlyList<StoredPeriod> stored)
    {
        var points = new List<InfluxPoint>();
        var result = new List<PollutantDay>();
        foreach (var stack in station.Stacks)
        {
            var rules = Rules(stack);
            var basePeriod = StackNames.Of(rules.BasePeriod);
            var stackTags = (IReadOnlyList<KeyValuePair<string, string>>)[.. tags, new(StackTag, stack.Id)];
            foreach (var day in days.Where(d => d.Stack == stack.Id))
            {
                var ofDay = stored.Where(s => s.Stack == stack.Id && s.Period == basePeriod && s.Pollutant is not null && s.StartMs >= day.StartMs && s.StartMs < day.EndMs);
                foreach (var group in ofDay.GroupBy(s => s.Pollutant!.Value))
                {
                    var stas = group.Select(s => s.Average).ToList();
                    var average = LongTermAverages.Day(day.Day, stas, rules.ConfidenceInterval(group.Key), rules.DayRule);
                    var load = Loads.By(group.Select(s => new MassEmission(s.StartMs, s.Average.LengthMs, s.Average.Operating, s.Mass)), rules.Calendar, CalendarPeriod.Day)
                        .SingleOrDefault();
                    var pollutantDay = new PollutantDay(stack.Id, group.Key, day.Day, day.StartMs, day.EndMs, average, Availability.Of(stas), load, rules.Configuration.Fingerprint);
                    result.Add(pollutantDay);
                    points.Add(DayPoint(stackTags, pollutantDay));
                }
            }
        }

        return new StackDays(points, result);
    }

    /// <summary>
    /// The share rules of each stack (IED Annex VI Part 8 1.1(d)) as running counts at each closed day and 10-minute period
    /// of the round: the days of the local year so far whose daily average is above a 97 %-of-days limit, against the most
    /// that still lets 97 % of the year's days comply; and whether the 24 h ending at each CO 10-minute period holds 95 % of
    /// its 10-minute averages within their limit or all its half-hours within theirs.
    /// </summary>
    /// <param name="storedDays">The stack's stored days of the local years of <paramref name="days"/>, up to the last of them.</param>
    /// <param name="storedPeriods">The stored <c>_std</c> periods of the 24 h before the round's periods, and of the round.</param>
    public static IReadOnlyList<ShareCount> Shares(
        Station station, IReadOnlyList<PollutantDay> days, IReadOnlyList<PollutantPeriod> periods, IReadOnlyList<StoredDayValue> storedDays,
        IReadOnlyList<StoredPeriod> storedPeriods, long completeThrough)
    {
        var counts = new List<ShareCount>();
        foreach (var stack in station.Stacks)
        {
            var rules = Rules(stack);
            foreach (var limit in rules.Limits.Limits.Where(l => l.Rule == LimitRule.NinetySevenPercentOfDailyAveragesPerYear))
            {
                var value = limit.ValueMilligramsPerCubicMetre(rules.Limits.Regime);
                foreach (var day in days.Where(d => d.Stack == stack.Id && d.Pollutant == limit.Pollutant && d.EndMs <= completeThrough))
                {
                    var year = rules.Calendar.Bounds(new DateOnly(day.Day.Year, 1, 1), CalendarPeriod.Year);
                    var above = storedDays.Count(s => s.Stack == stack.Id && s.Pollutant == limit.Pollutant && s.StartMs >= year.StartMs
                        && s.StartMs < day.EndMs && s.Value > value);
                    var daysInYear = (int)Math.Round((year.EndMs - year.StartMs) / 86_400_000.0);
                    counts.Add(new ShareCount(stack.Id, limit.Pollutant, limit.Rule, "year", day.EndMs, above, Math.Floor(daysInYear * 0.03)));
                }
            }

            if (rules.Limits.For(StackPollutant.Co).FirstOrDefault(l => l.Rule == LimitRule.NinetyFivePercentOfTenMinuteAveragesIn24Hours) is { } ten
                && rules.Limits.For(StackPollutant.Co).FirstOrDefault(l => l.Rule == LimitRule.AllHalfHourlyAveragesIn24Hours) is { } half)
            {
                var limits = CoShortTermLimits.Ied with
                {
                    TenMinuteLimit = ten.ValueMilligramsPerCubicMetre(rules.Limits.Regime),
                    HalfHourLimit = half.ValueMilligramsPerCubicMetre(rules.Limits.Regime),
                };
                var ci = rules.ConfidenceInterval(StackPollutant.Co);
                var co = storedPeriods.Where(p => p.Stack == stack.Id && p.Pollutant == StackPollutant.Co).OrderBy(p => p.StartMs).ToList();
                var state = ComplianceCo.Empty;
                foreach (var end in periods.Where(p => p.Stack == stack.Id && p.Pollutant == StackPollutant.Co && p.Period == AveragingPeriod.TenMinutes
                    && p.EndMs <= completeThrough).Select(p => p.EndMs).Order())
                {
                    var window = co.Where(p => p.StartMs >= end - (long)limits.Window.TotalMilliseconds && p.StartMs + p.Average.LengthMs <= end);
                    var result = ComplianceCo.JudgeWindow(
                        window.Where(p => p.Period == "10m").Select(p => ValidatedValues.Of(p.Average, ci)).OfType<double>(),
                        window.Where(p => p.Period == "30m").Select(p => ValidatedValues.Of(p.Average, ci)).OfType<double>(),
                        limits);
                    counts.Add(new ShareCount(stack.Id, StackPollutant.Co, ten.Rule, "24h", end, result.Complies ? 0 : 1, 0.5));
                }
            }
        }

        return counts;
    }

    /// <summary>A registry stack's rules, made once per stack record (the registry is immutable).</summary>
    public static StackRules Rules(PlantStack stack) => RulesCache.GetValue(stack, StackRules.For);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PlantStack, StackRules> RulesCache = [];

    /// <summary>The emission channels the registry declares for the stack's devices (none for a device listed as a plain id).</summary>
    private static IEnumerable<string> DeclaredChannels(Station station, PlantStack stack) =>
        stack.Devices
            .Select(d => station.Declarations.GetValueOrDefault(d))
            .SelectMany(d => d?.Sensors.Values.SelectMany(m => m) ?? [])
            .Where(m => m != MetricVocabulary.PlantState && MetricVocabulary.TryGet(m, out var metric) && metric.Domain == MetricDomain.Emission);

    /// <summary>Each measured pollutant of one period, standardised from the same period's O2, moisture, temperature, pressure and flow.</summary>
    private static IEnumerable<PollutantPeriod> Standardise(
        StackRules rules, AveragingPeriod period, long start, long lengthMs, Dictionary<string, Dictionary<long, ShortTermAverage>> averages)
    {
        ShortTermAverage? At(string metric) => averages.TryGetValue(metric, out var stas) ? stas.GetValueOrDefault(start) : null;
        var values = averages.Keys.Select(m => (Metric: m, Sta: At(m))).Where(x => x.Sta?.Value is not null)
            .ToDictionary(x => x.Metric, x => x.Sta!.Value!.Value, StringComparer.Ordinal);
        var standardised = StackStandardisation.Standardise(rules.Configuration, values);
        foreach (var pollutant in standardised.Pollutants)
        {
            var sources = SourcesOf(pollutant.Pollutant, rules.Configuration).Select(At).ToList();
            if (sources.Any(s => s is null))
            {
                continue; // the stack does not measure it
            }

            var channel = sources.FirstOrDefault(s => !s!.IsValid) ?? sources[0]!;
            var status = channel.Status;
            if (status == StaStatus.Valid && pollutant.StandardisedMilligramsPerCubicMetre.Value is null)
            {
                status = ReferenceStatus(pollutant.StandardisedMilligramsPerCubicMetre.Failure, rules.Configuration, At);
            }

            var value = status == StaStatus.Valid ? pollutant.StandardisedMilligramsPerCubicMetre.Value : null;
            var judged = value is { } v && channel.Operating ? ValidatedValues.Validate(v, rules.ConfidenceInterval(pollutant.Pollutant)) : (double?)null;
            yield return new PollutantPeriod(
                rules.Stack.Id,
                pollutant.Pollutant, period, start, start + lengthMs, channel with { Status = status, Mean = value },
                pollutant.AtActualO2MilligramsPerCubicMetre.Value, value, judged, pollutant.MassKilogramsPerHour.Value,
                pollutant.StandardisedMilligramsPerCubicMetre.Failure, standardised.ConfigurationFingerprint);
        }
    }

    /// <summary>The channels a pollutant's value is made of: its own, or NO and NO2 for NOx made of them.</summary>
    private static IEnumerable<string> SourcesOf(StackPollutant pollutant, StackConfiguration configuration) =>
        pollutant == StackPollutant.Nox && configuration.NoxSource == NoxSource.NoPlusNo2 ? StackPollutants.NoxComponentMetrics : [pollutant.Info().Metric];

    /// <summary>Why a valid pollutant period has no standardised value: the status of the reference channel that failed it.</summary>
    private static StaStatus ReferenceStatus(StandardisationFailure failure, StackConfiguration configuration, Func<string, ShortTermAverage?> at)
    {
        var metric = failure switch
        {
            StandardisationFailure.MissingO2 or StandardisationFailure.O2OutOfRange => MetricVocabulary.O2,
            StandardisationFailure.MissingMoisture or StandardisationFailure.MoistureOutOfRange => MetricVocabulary.StackH2o,
            _ => null,
        };
        return metric is not null && at(metric) is { IsValid: false } reference ? reference.Status : StaStatus.TooFewValues;
    }

    /// <summary>
    /// The interval a channel is sampled at: the median gap between its readings, down to a divisor of 10 minutes (so every
    /// period is a whole number of intervals); 10 s for a channel with fewer than two readings.
    /// </summary>
    private static TimeSpan SamplingInterval(List<ChannelReading> readings)
    {
        var gaps = readings.Zip(readings.Skip(1), (a, b) => b.TimeMs - a.TimeMs).Where(g => g > 0).Order().ToList();
        if (gaps.Count == 0)
        {
            return DefaultSamplingInterval;
        }

        var median = gaps[gaps.Count / 2] / 1000.0;
        return TimeSpan.FromSeconds(IntervalSeconds.LastOrDefault(s => s <= median + 0.5, 1));
    }

    private static string[]? Flags(string? flags) => flags?.Split(",");

    private static InfluxPoint ChannelPoint(IReadOnlyList<KeyValuePair<string, string>> tags, string channel, AveragingPeriod period, ShortTermAverage sta)
    {
        var fields = Counts(sta);
        Add(fields, "value", sta.Mean);
        return new InfluxPoint(PeriodMeasurement, [.. tags, new(ChannelTag, channel), new(PeriodTag, StackNames.Of(period))], fields, sta.StartMs);
    }

    private static InfluxPoint PollutantPoint(IReadOnlyList<KeyValuePair<string, string>> tags, PollutantPeriod p)
    {
        var fields = Counts(p.Average);
        fields.Add(new("config", p.Configuration));
        Add(fields, "dry", p.AtActualO2);
        Add(fields, "standardised", p.Standardised);
        Add(fields, "judged", p.Judged);
        Add(fields, "mass", p.MassKilogramsPerHour);
        if (p.Failure != StandardisationFailure.None)
        {
            fields.Add(new("not_standardised", Snake(p.Failure.ToString())));
        }

        return new InfluxPoint(PeriodMeasurement, [.. tags, new(ChannelTag, p.Pollutant.Info().Metric + StandardisedSuffix), new(PeriodTag, StackNames.Of(p.Period))], fields, p.StartMs);
    }

    private static List<KeyValuePair<string, FieldValue>> Counts(ShortTermAverage sta) =>
    [
        new("status", Snake(sta.Status.ToString())),
        new("valid", sta.IsValid),
        new("operating", sta.Operating),
        new("valid_count", (long)sta.ValidCount),
        new("excluded", (long)sta.Excluded.Total),
        new("expected", (long)sta.ExpectedCount),
    ];

    private static InfluxPoint DayPoint(IReadOnlyList<KeyValuePair<string, string>> tags, PollutantDay day)
    {
        var a = day.Average;
        var fields = new List<KeyValuePair<string, FieldValue>>
        {
            new("status", Snake(a.Status.ToString())),
            new("valid", a.IsValid),
            new("valid_periods", (long)a.ValidCount),
            new("discarded", (long)a.DiscardedCount),
            new("invalid_periods", (long)a.InvalidCount),
            new("operating_periods", (long)a.OperatingCount),
            new("config", day.Configuration),
        };
        Add(fields, "value", a.Value);
        Add(fields, "availability", day.Availability.Share);
        if (day.Load is { ValidPeriods: > 0 } load)
        {
            Add(fields, "load", load.Kilograms);
            Add(fields, "load_covered", load.CoveredShare);
        }
        return new InfluxPoint(DayMeasurement, [.. tags, new(ChannelTag, day.Pollutant.Info().Metric)], fields, day.StartMs);
    }

    private static void Add(List<KeyValuePair<string, FieldValue>> fields, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            fields.Add(new(name, Math.Round(v, 4)));
        }
    }

    /// <summary><c>TooFewValues</c> → <c>too_few_values</c>: how enum values are stored.</summary>
    public static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}

/// <summary>One pollutant's short-term average of a stack, standardised (mg/m³ at the reference conditions and O2) and judged (less the confidence interval).</summary>
/// <param name="Average">The period with the standardised value as its mean and the pollutant's status (a valid channel without a reference value is invalid).</param>
public sealed record PollutantPeriod(
    string Stack,
    StackPollutant Pollutant,
    AveragingPeriod Period,
    long StartMs,
    long EndMs,
    ShortTermAverage Average,
    double? AtActualO2,
    double? Standardised,
    double? Judged,
    double? MassKilogramsPerHour,
    StandardisationFailure Failure,
    string Configuration);

/// <summary>One local day of a stack.</summary>
public sealed record StackDay(string Stack, DateOnly Day, long StartMs, long EndMs);

/// <summary>One pollutant's day of a stack.</summary>
public sealed record PollutantDay(string Stack, StackPollutant Pollutant, DateOnly Day, long StartMs, long EndMs, DailyAverage Average, AvailabilityShare Availability, Load? Load, string Configuration);

public sealed record StackPeriods(IReadOnlyList<InfluxPoint> Points, IReadOnlyList<PollutantPeriod> Periods, IReadOnlyList<StackDay> Days);

public sealed record StackDays(IReadOnlyList<InfluxPoint> Points, IReadOnlyList<PollutantDay> Days);

/// <summary>What a derivation round shows the alert engine of one plant station.</summary>
/// <param name="CompleteThrough">The time up to which the station's readings are complete: periods ending after it are still open.</param>
public sealed record StackSeries(
    Station Station, IReadOnlyList<PollutantPeriod> Periods, IReadOnlyList<PollutantDay> Days, IReadOnlyList<ShareCount> Shares, long CompleteThrough);

/// <summary>
/// A share rule's running count at <see cref="AtMs"/>: above <see cref="Allowed"/> the rule is broken (for the year: no
/// longer met even if every day left complies; for 24 h: the window failed, 1 against 0.5).
/// </summary>
public sealed record ShareCount(string Stack, StackPollutant Pollutant, LimitRule Rule, string Span, long AtMs, double Count, double Allowed);

/// <summary>A pollutant's stored daily average (<c>emission_daily</c>), as the share rules count it.</summary>
public sealed record StoredDayValue(string Stack, StackPollutant Pollutant, long StartMs, double? Value);

/// <summary>A pollutant's stored short-term average, read back to form its day.</summary>
public sealed record StoredPeriod(string Stack, string Period, StackPollutant? Pollutant, long StartMs, ShortTermAverage Average, double? Mass)
{
    /// <summary>A row of <c>emission_sta</c> (GROUP BY stack, channel, period).</summary>
    public static StoredPeriod From(InfluxSeries series, int row)
    {
        var channel = series.Tags[StackDerivation.ChannelTag];
        StackPollutant? pollutant = channel.EndsWith(StackDerivation.StandardisedSuffix, StringComparison.Ordinal)
            && StackPollutants.TryFromMetric(channel[..^StackDerivation.StandardisedSuffix.Length], out var p) ? p : null;
        var start = series.GetTime(row).ToUnixTimeMilliseconds();
        var period = series.Tags[StackDerivation.PeriodTag];
        var status = Enum.GetValues<StaStatus>().First(s => StackDerivation.Snake(s.ToString()) == series.GetString(row, "status"));
        var average = new ShortTermAverage(
            start,
            LengthMs(period),
            series.GetBoolean(row, "operating") == true ? PlantState.Operating : PlantState.Off,
            Double(series, row, "standardised"),
            (int)(series.GetInt64(row, "valid_count") ?? 0),
            ExcludedCounts.None with { Other = (int)(series.GetInt64(row, "excluded") ?? 0) },
            (int)(series.GetInt64(row, "expected") ?? 0),
            status);
        return new StoredPeriod(series.Tags[StackDerivation.StackTag], period, pollutant, start, average, Double(series, row, "mass"));
    }

    /// <summary>A field that every point of the answer may lack (no period had a value).</summary>
    private static double? Double(InfluxSeries series, int row, string column) => series.Columns.Contains(column) ? series.GetDouble(row, column) : null;

    private static long LengthMs(string period) =>
        (long)StackRules.LengthOf(StackNames.Periods.First(p => p.Name == period).Value).TotalMilliseconds;
}
