using AirMonitor.AirQuality.Alerts;
using AirMonitor.AirQuality.Emissions;
using AirMonitor.Core.Stations;
using AirMonitor.Ingest.Alerts;
using AirMonitor.Ingest.Emissions;

namespace AirMonitor.Ingest.Tests.Alerts;

/// <summary>The alert engine on the stacks' derived periods: a limit exceeded fires and resolves, per plant.</summary>
public sealed class StackAlertTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);

    // Two plants whose stacks have the same id, as the example registry's have ("stack-1"), under Japan's NOx 250 ppm
    // (250 × 46.0055 / 22.41397 = 513.134 mg/m³ at O2 12 %).
    private static readonly IReadOnlyList<Station> Plants = StationRegistry.Parse("""
        stations:
          - {id: plant-a, name: A, kind: plant, city: yokohama, district: Tsurumi-ku, latitude: 35.5, longitude: 139.7, devices: [a-01],
             stacks: [{id: stack-1, devices: [a-01], regime: japan}]}
          - {id: plant-b, name: B, kind: plant, city: yokohama, district: Kanazawa-ku, latitude: 35.3, longitude: 139.6, devices: [b-01],
             stacks: [{id: stack-1, devices: [b-01], regime: japan}]}
        """, "test registry").Stations;

    [Fact]
    public async Task An_hour_above_the_limit_fires_for_each_plant_even_when_their_stacks_share_an_id_and_resolves_at_the_next_hour_within()
    {
        using var replay = new StationReplay(StationReplay.Options(), T0);
        var engine = (IStackSeries)replay.Engine;

        foreach (var plant in Plants)
        {
            await engine.DerivedAsync(Series(plant, (0, 700), (1, 200)), CancellationToken.None);
        }

        var events = replay.TakeEvents();
        Assert.Equal(
            [
                ("plant-a", "plant-a/stack-1/stack_nox/1h", AlertState.Firing, T0.AddHours(1), 700.0),
                ("plant-a", "plant-a/stack-1/stack_nox/1h", AlertState.Resolved, T0.AddHours(2), 200.0),
                ("plant-b", "plant-b/stack-1/stack_nox/1h", AlertState.Firing, T0.AddHours(1), 700.0),
                ("plant-b", "plant-b/stack-1/stack_nox/1h", AlertState.Resolved, T0.AddHours(2), 200.0),
            ],
            events.Where(e => e.Rule == AlertEngine.EmissionLimitRule).Select(e => (e.Station, e.Subject, e.State, e.At, e.Value)));
        Assert.All(events.Where(e => e.Rule == AlertEngine.EmissionLimitRule), e => Assert.Equal(513.134, e.Threshold, 3));
    }

    /// <summary>Closed hours of NOx with the judged values given, the station's readings complete past them.</summary>
    private static StackSeries Series(Station plant, params (int Hour, double Judged)[] hours) => new(
        plant,
        [.. hours.Select(h =>
        {
            var start = T0.AddHours(h.Hour).ToUnixTimeMilliseconds();
            var average = new ShortTermAverage(start, 3_600_000, PlantState.Operating, h.Judged, 60, ExcludedCounts.None, 60, StaStatus.Valid);
            return new PollutantPeriod("stack-1", StackPollutant.Nox, AveragingPeriod.Hour, start, start + 3_600_000, average, h.Judged, h.Judged, h.Judged, null,
                StandardisationFailure.None, "");
        })],
        [],
        [],
        T0.AddHours(3).ToUnixTimeMilliseconds());
}
