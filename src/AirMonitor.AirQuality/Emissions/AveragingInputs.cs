namespace AirMonitor.AirQuality.Emissions;

/// <summary>One stored value of a plant channel as the ingest reads it back: time (epoch ms UTC), value, analyser status flags.</summary>
/// <param name="Flags">No flag means a valid measurement (EN 17255-2 §6.2.2.3); see <see cref="Core.Contract.QualityFlags"/>.</param>
public sealed record ChannelReading(long TimeMs, double Value, IReadOnlyList<string>? Flags = null);

/// <summary>One stored <c>plant_state</c> value: the state holds from <paramref name="TimeMs"/> until the next reading.</summary>
public sealed record PlantStateReading(long TimeMs, int State);

/// <summary>The codes of <c>plant_state</c> (MetricVocabulary): only <see cref="Operating"/> is the effective operating time.</summary>
public enum PlantState
{
    Off = 0,
    StartUp = 1,
    Operating = 2,
    ShutDown = 3,
}

/// <summary>
/// The plant's state over time, from its <c>plant_state</c> readings: each reading holds until the next one, without a
/// time limit. Time before the first reading has no known state and does not vote; with no readings at all the plant is
/// taken as operating, so a stack without a state channel is judged all the time.
/// </summary>
internal sealed class PlantStateTimeline
{
    private static readonly Comparer<PlantStateReading> ByTime = Comparer<PlantStateReading>.Create((a, b) => a.TimeMs.CompareTo(b.TimeMs));

    private readonly PlantStateReading[] _readings;

    public PlantStateTimeline(IEnumerable<PlantStateReading>? readings) =>
        _readings = (readings ?? []).OrderBy(r => r.TimeMs).ToArray();

    /// <summary>
    /// The state in force for the largest part of [<paramref name="startMs"/>, <paramref name="endMs"/>). A tie that
    /// includes <see cref="PlantState.Operating"/> goes to it, so an evenly split period is judged rather than left out.
    /// </summary>
    public PlantState StateOf(long startMs, long endMs)
    {
        if (_readings.Length == 0)
        {
            return PlantState.Operating;
        }

        // The reading in force at the start (or the first one after it), then each one up to the end: state channels
        // sampled every few seconds give many readings, so the walk starts where the period does.
        var first = Array.BinarySearch(_readings, new PlantStateReading(startMs, 0), ByTime);
        first = first >= 0 ? LastAt(first) : Math.Max(0, ~first - 1);
        var durations = new Dictionary<int, long>();
        for (var i = first; i < _readings.Length && _readings[i].TimeMs < endMs; i++)
        {
            var from = Math.Max(startMs, _readings[i].TimeMs);
            var to = Math.Min(endMs, i + 1 < _readings.Length ? _readings[i + 1].TimeMs : long.MaxValue);
            if (to > from)
            {
                durations[_readings[i].State] = durations.GetValueOrDefault(_readings[i].State) + (to - from);
            }
        }

        if (durations.Count == 0)
        {
            return PlantState.Operating;
        }

        var longest = durations.Values.Max();
        var winners = durations.Where(d => d.Value == longest).Select(d => d.Key).Order().ToList();
        return winners.Contains((int)PlantState.Operating) ? PlantState.Operating : (PlantState)winners[0];
    }

    /// <summary>Of several readings at one time, the last one stands.</summary>
    private int LastAt(int index)
    {
        while (index + 1 < _readings.Length && _readings[index + 1].TimeMs == _readings[index].TimeMs)
        {
            index++;
        }

        return index;
    }
}
