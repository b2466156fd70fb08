using AirMonitor.Core.Stations;
using AirMonitor.Ingest.Emissions;

namespace AirMonitor.Ingest.Tests.Emissions;

/// <summary>A plant station with a Japanese and two EU stacks, and readings of its analysers as the ingest stores them.</summary>
internal static class PlantSamples
{
    public const string JapanDevice = "jp-cems";
    public const string EuDevice = "eu-cems";
    public const string EuNoPlusNo2Device = "eu2-cems";

    public static readonly Station Plant = Assert.Single(StationRegistry.Parse($$"""
        stations:
          - id: test-plant
            name: Test plant
            kind: plant
            city: yokohama
            district: Tsurumi-ku
            latitude: 35.5
            longitude: 139.7
            devices: [{{JapanDevice}}, {{EuDevice}}, {{EuNoPlusNo2Device}}]
            stacks:
              - {id: jp-1, devices: [{{JapanDevice}}], regime: japan}
              - {id: eu-1, devices: [{{EuDevice}}], regime: eu, time_zone: Europe/Berlin, flow: normal_dry}
              - {id: eu-2, devices: [{{EuNoPlusNo2Device}}], regime: eu, time_zone: Europe/Berlin, nox: no_plus_no2}
        """, "test registry").Stations);

    public static IReadOnlyList<KeyValuePair<string, string>> Tags { get; } = [.. Plant.PointTags()];

    /// <summary>One metric of one sensor every <paramref name="step"/> in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static IEnumerable<StackReading> Every(
        string device, string metric, long from, long to, TimeSpan step, Func<long, double> value, Func<long, string?>? flags = null)
    {
        for (var ts = from; ts < to; ts += (long)step.TotalMilliseconds)
        {
            yield return new StackReading(ts, device, metric, metric, value(ts), flags?.Invoke(ts));
        }
    }

    /// <summary>The readings sorted by time, as <c>StackSeriesWriter</c> reads them back.</summary>
    public static List<StackReading> Sorted(params IEnumerable<StackReading>[] channels) => [.. channels.SelectMany(c => c).OrderBy(r => r.Ts)];

    public static long Ms(string isoUtc) => DateTimeOffset.Parse(isoUtc, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
}
