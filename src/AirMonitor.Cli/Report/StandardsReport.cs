using System.Globalization;
using AirMonitor.AirQuality.Indices;
using AirMonitor.AirQuality.Series;

namespace AirMonitor.Cli.Report;

/// <summary>One line of the standards report: a pollutant's evaluation, met or not, and the figures behind it.</summary>
/// <param name="Met">Null when the year has too few measured hours or days to be evaluated.</param>
internal sealed record StandardLine(string Pollutant, string Evaluation, bool? Met, string Details);

/// <summary>
/// A station's fiscal year (April–March, JST) judged against Japan's environmental quality standards, from its stored
/// hourly values (<c>air_index</c>): photochemical oxidants (daytime hours), SPM, SO2 and CO (long- and short-term), NO2
/// (98 % value) and PM2.5 (annual mean and 98 % value). The arithmetic is <c>AirMonitor.AirQuality.Indices</c>' Japan*.
/// </summary>
internal static class StandardsReport
{
    public static readonly TimeZoneInfo Japan = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    /// <summary>The fiscal year <paramref name="year"/>: 1 April of it to 1 April of the next, JST, in Unix ms.</summary>
    public static (long FromMs, long ToMs, int Days) FiscalYear(int year)
    {
        var from = new DateTimeOffset(year, 4, 1, 0, 0, 0, TimeSpan.FromHours(9));
        var to = from.AddYears(1);
        return (from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), (int)(to - from).TotalDays);
    }

    /// <summary>The year's lines for the pollutants with any stored value; <paramref name="hours"/> by the hour's start (Unix ms).</summary>
    public static IReadOnlyList<StandardLine> Evaluate(int year, IReadOnlyDictionary<long, AmbientValues> hours)
    {
        var (from, _, days) = FiscalYear(year);
        IReadOnlyList<IReadOnlyList<double?>> ByDay(Ambient metric) =>
            [.. Enumerable.Range(0, days).Select(d => (IReadOnlyList<double?>)[.. Enumerable.Range(0, 24).Select(h =>
                hours.TryGetValue(from + (((d * 24L) + h) * HourlyMeans.HourMs), out var v) ? v[metric] : null)])];
        bool Measured(Ambient metric) => hours.Values.Any(v => v[metric] is not null);

        var lines = new List<StandardLine>();
        if (Measured(Ambient.Ox))
        {
            var ox = JapanOx.EvaluateYear(ByDay(Ambient.Ox));
            lines.Add(new("Ox", "every daytime 1-h value ≤ 0.06 ppm (05–20 h)", ox.MeetsStandard, Invariant(
                $"{ox.DaysAboveStandard} days, {ox.HoursAboveStandard} hours above of {ox.DaytimeMeasuredDays} days, {ox.DaytimeMeasuredHours} hours; daytime max {Ppm(ox.DaytimeMaxPpm)}; {ox.DaysAtOrAboveAdvisoryLevel} days at the advisory level (0.12 ppm)")));
        }

        if (Measured(Ambient.Spm))
        {
            var spm = ByDay(Ambient.Spm);
            lines.AddRange(DailyStandard("SPM", "mg/m³", "0.10", "0.20", spm, JapanSpm.EvaluateLongTerm(spm), JapanSpm.EvaluateShortTerm(spm)));
        }

        if (Measured(Ambient.No2))
        {
            var byDay = ByDay(Ambient.No2);
            var no2 = JapanNo2.EvaluateYear(byDay);
            lines.Add(no2 is null
                ? NotEvaluated("NO2", "98 % value of daily means within or below 0.04–0.06 ppm", byDay)
                : new("NO2", "98 % value of daily means within or below 0.04–0.06 ppm", no2.MeetsStandard, Invariant(
                    $"98 % value {no2.DailyMean98thPercentilePpm:0.000} ppm ({no2.Zone}) of {no2.ValidDays} days; {no2.DaysWithinZone} days within the zone, {no2.DaysAboveZone} above")));
        }

        if (Measured(Ambient.So2))
        {
            var so2 = ByDay(Ambient.So2);
            lines.AddRange(DailyStandard("SO2", "ppm", "0.04", "0.1", so2, JapanSo2.EvaluateLongTerm(so2), JapanSo2.EvaluateShortTerm(so2)));
        }

        if (Measured(Ambient.Co))
        {
            var byDay = ByDay(Ambient.Co);
            var co = JapanCo.EvaluateShortTerm(byDay);
            lines.Add(LongTerm("CO", "ppm", "10", JapanCo.EvaluateLongTerm(byDay), byDay));
            lines.Add(new("CO", "short-term: daily mean ≤ 10 ppm, 8-h means ≤ 20 ppm", co.MeetsStandard, Invariant(
                $"{co.DaysAboveDailyStandard} days above 10 ppm, {co.EightHourBlocksAboveStandard} 8-h blocks above 20 ppm, of {co.ValidDays} days")));
        }

        if (Measured(Ambient.Pm2_5))
        {
            var daily = ByDay(Ambient.Pm2_5).Select(JapanPm25.DailyMean).ToList();
            lines.Add(JapanPm25.EvaluateYear(daily) is { } pm
                ? new("PM2.5", "annual mean ≤ 15 µg/m³ and 98 % value of daily means ≤ 35 µg/m³", pm.MeetsStandard, Invariant(
                    $"annual mean {pm.AnnualMeanMicrogramsPerCubicMeter:0.0} µg/m³, 98 % value {pm.DailyMean98thPercentileMicrogramsPerCubicMeter:0.0} µg/m³ of {pm.ValidDays} days"))
                : new("PM2.5", "annual mean ≤ 15 µg/m³ and 98 % value of daily means ≤ 35 µg/m³", null, Invariant(
                    $"not evaluated: {daily.Count(d => d is not null)} valid days ({JapanPm25.MinValidDaysPerYear} needed)")));
        }

        return lines;
    }

    public static void Write(string station, int year, IReadOnlyList<StandardLine> lines, TextWriter writer)
    {
        var (from, to, _) = FiscalYear(year);
        writer.WriteLine(Invariant($"Japan's environmental quality standards, station {station}, fiscal year {year} ({Jst(from)} to {Jst(to)} JST)"));
        if (lines.Count == 0)
        {
            writer.WriteLine("No stored hourly value of Ox, SPM, NO2, SO2, CO or PM2.5 in the year.");
        }

        foreach (var line in lines)
        {
            var result = line.Met switch { true => "met", false => "NOT MET", null => "not evaluated" };
            writer.WriteLine(Invariant($"{line.Pollutant,-6} {result,-13} {line.Evaluation}: {line.Details}"));
        }
    }

    private static IEnumerable<StandardLine> DailyStandard(
        string pollutant, string unit, string daily, string hourly, IReadOnlyList<IReadOnlyList<double?>> byDay,
        JapanLongTermEvaluation? longTerm, JapanShortTermEvaluation shortTerm) =>
    [
        LongTerm(pollutant, unit, daily, longTerm, byDay),
        new(pollutant, $"short-term: 1-h values ≤ {hourly} {unit}, daily means ≤ {daily} {unit}", shortTerm.MeetsStandard, Invariant(
            $"{shortTerm.HoursAboveHourlyStandard} hours above {hourly} on {shortTerm.DaysWithHourAboveHourlyStandard} days, {shortTerm.DaysAboveDailyStandard} days above {daily}, of {shortTerm.ValidDays} days")),
    ];

    private static StandardLine LongTerm(string pollutant, string unit, string daily, JapanLongTermEvaluation? e, IReadOnlyList<IReadOnlyList<double?>> byDay)
    {
        var evaluation = $"long-term: 2 % exclusion value ≤ {daily} {unit}, no 2 consecutive days above";
        return e is null
            ? NotEvaluated(pollutant, evaluation, byDay)
            : new(pollutant, evaluation, e.MeetsStandard, Invariant(
                $"2 % exclusion value {e.TwoPercentExclusionValue:0.000} {unit} ({e.ExcludedDays} of {e.ValidDays} days left out), longest run above {e.LongestRunOfDaysAboveStandard} days"));
    }

    private static StandardLine NotEvaluated(string pollutant, string evaluation, IReadOnlyList<IReadOnlyList<double?>> byDay) =>
        new(pollutant, evaluation, null, Invariant($"not evaluated: {JapanDailyStandard.MeasuredHours(byDay)} measured hours (6,000 needed)"));

    private static string Ppm(double? ppm) => ppm is { } v ? Invariant($"{v:0.000} ppm") : "none";

    private static string Jst(long ms) => TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(ms), Japan).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
