using AirMonitor.AirQuality.Alerts;
using AirMonitor.AirQuality.Indices;
using AirMonitor.AirQuality.Series;
using AirMonitor.Core.Stations;

namespace AirMonitor.Ingest.Alerts;

/// <summary>
/// Kanagawa's photochemical-oxidant emergency measures per issuance region (the Yokohama rule set): an advisory
/// (注意報), warning (警報) or serious warning (重大緊急時警報) is issued for a region when one of its stations' hourly Ox
/// reaches 0.12, 0.24 or 0.40 ppm, and lifted when every station of the region is below it again
/// (<see cref="OxAdvisories.Source"/>). Each level is a track of its own, subject the region, station
/// <c>region-{region}</c>: a warning resolving while the advisory still fires is the switch down to an advisory.
/// </summary>
public sealed partial class AlertEngine
{
    public const string OxAdvisoryRule = "jp-ox-advisory";
    public const string OxWarningRule = "jp-ox-warning";
    public const string OxSeriousWarningRule = "jp-ox-serious-warning";

    // Reached at or above the level: hourly values are whole ppb (JapanOx.ReportedPpb), so "≥ 120" is "above 119.5".
    private static readonly (string Rule, double Ppb)[] OxLevels =
    [
        .. new[] { (OxAdvisoryRule, OxAlertLevel.Advisory), (OxWarningRule, OxAlertLevel.Warning), (OxSeriousWarningRule, OxAlertLevel.SeriousWarning) }
            .Select(l => (l.Item1, 1000 * JapanOx.ThresholdPpm(l.Item2))),
    ];

    private readonly OxRegionHours _oxRegions = new();

    /// <summary>The region's hours this series completes or lifts over a level, in time order per level.</summary>
    private IEnumerable<Judgement> OxJudgements(StationSeries series, Station? station)
    {
        if (!_oxAdvisories || station?.OxRegion is not { } region)
        {
            return [];
        }

        var closed = series.Indices.Where(i => i.HourStartMs < series.OpenHourStartMs).Select(i => (i.HourStartMs, i.Hour[Ambient.Ox]));
        var hours = _oxRegions.Add(region, series.Station, closed, series.OpenHourStartMs, _time.GetUtcNow());
        return OxLevels.SelectMany(level => hours
            .Where(h => h.Complete || h.MaxPpb >= level.Ppb)
            .Select(h => new Judgement(level.Rule, $"region-{region}", region, "ox", AlertWindow.Hour.ConfigName(), AlertSeverity.Critical,
                new WindowPoint(DateTimeOffset.FromUnixTimeMilliseconds(h.StartMs + HourlyMeans.HourMs), h.MaxPpb), level.Ppb - 0.5, level.Ppb - 0.5,
                TimeSpan.Zero, false, $"highest at {h.Station}")));
    }
}
