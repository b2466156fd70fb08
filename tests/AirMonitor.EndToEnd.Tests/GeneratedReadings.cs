using System.Collections.Concurrent;
using AirMonitor.Core.Contract;
using AirMonitor.Core.Metrics;
using AirMonitor.Influx;
using AirMonitor.Ingest.Accounting;
using AirMonitor.Testing.Servers;

namespace AirMonitor.EndToEnd.Tests;

/// <summary>The exact readings a simulated fleet generated (<c>FleetOptions.Generated</c>), to hold InfluxDB's content against.</summary>
internal sealed class GeneratedReadings
{
    private readonly ConcurrentQueue<ReadingBatch> _batches = new();

    public int Messages => _batches.Count;

    public void Add(ReadingBatch batch) => _batches.Enqueue(batch);

    /// <summary>
    /// Reads every <c>air</c> point of the fleet's devices and matches each against the generated sample of the same
    /// device, sensor and time: equal values, no value more or less.
    /// </summary>
    public async Task<StoredComparison> CompareAsync(InfluxServer influx, string database)
    {
        var expected = _batches
            .SelectMany(b => b.Samples.Select(s => (Key: (b.Device, s.Sensor, s.Ts), s.Values)))
            .ToDictionary(x => x.Key, x => x.Values);
        using var http = new HttpClient();
        var query = new InfluxQueryClient(http, new InfluxOptions { Url = influx.Url.ToString(), Database = database });
        int stored = 0, matched = 0;
        var unexpected = new List<string>();
        foreach (var device in _batches.Select(b => b.Device).Distinct())
        {
            foreach (var series in await query.QueryAsync($"SELECT * FROM air WHERE device = '{device}'"))
            {
                var metrics = series.Columns.Where(c => MetricVocabulary.TryGet(c, out _)).ToList();
                for (var row = 0; row < series.Values.Count; row++)
                {
                    stored++;
                    var key = (device, series.GetString(row, "sensor")!, series.GetTime(row).ToUnixTimeMilliseconds());
                    var values = metrics.Where(m => series.GetDouble(row, m) is not null).ToDictionary(m => m, m => series.GetDouble(row, m)!.Value);
                    if (expected.TryGetValue(key, out var generated) && values.Count == generated.Count
                        && generated.All(v => values.TryGetValue(v.Key, out var value) && value == v.Value))
                    {
                        matched++;
                    }
                    else
                    {
                        unexpected.Add($"{key}: {string.Join(", ", values.Select(v => $"{v.Key}={v.Value}"))}");
                    }
                }
            }
        }

        return new StoredComparison(expected.Count, stored, matched, unexpected);
    }

    /// <summary>Every device's seq numbers from 0 to its last generated are settled in <paramref name="accounts"/>, none missing.</summary>
    public void AssertLedgerWhole(IReadOnlyList<DeviceSeqStatus> accounts)
    {
        var last = _batches.GroupBy(b => b.Device).ToDictionary(g => g.Key, g => g.Max(b => b.Seq));
        Assert.Equal(last.Keys.Order(StringComparer.Ordinal), accounts.Select(a => a.Device));
        Assert.All(accounts, a => Assert.Equal((a.Device, 0L, last[a.Device], 0L, 0L, ""), (a.Device, a.First, a.Last, a.Missing, a.Unresolved, a.MissingRanges)));
    }
}

/// <param name="Unexpected">Stored points that match no generated reading (duplicated under another time, altered, invented).</param>
internal sealed record StoredComparison(int Generated, int Stored, int Matched, IReadOnlyList<string> Unexpected)
{
    public int Lost => Generated - Matched;
}
