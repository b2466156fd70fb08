using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace AirMonitor.Ingest.Observability;

/// <summary>
/// Collects the <c>AirMonitor.*</c> instruments of one host (meters made by its <see cref="IMeterFactory"/>) with a
/// <see cref="MeterListener"/> and renders the Prometheus text format. Counters become <c>_total</c>, histograms get
/// fixed buckets, gauges are read at scrape time.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    private static readonly double[] Buckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000];
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(Instrument Instrument, string Labels), Series> _series = new();

    public PrometheusExporter(IMeterFactory meterFactory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("AirMonitor", StringComparison.Ordinal) && instrument.Meter.Scope == meterFactory)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    public string Render()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var group in _series.GroupBy(s => s.Key.Instrument).OrderBy(g => g.Key.Name, StringComparer.Ordinal))
        {
            var instrument = group.Key;
            var name = MetricName(instrument);
            var type = instrument switch
            {
                Counter<long> or Counter<int> or Counter<double> or ObservableCounter<long> or ObservableCounter<double> => "counter",
                Histogram<long> or Histogram<int> or Histogram<double> => "histogram",
                _ => "gauge",
            };
            if (type == "counter")
            {
                name += "_total";
            }

            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {instrument.Description}\n# TYPE {name} {type}\n");
            foreach (var ((_, labels), series) in group.OrderBy(s => s.Key.Labels, StringComparer.Ordinal))
            {
                series.Render(text, name, labels, type == "histogram");
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// A counter's totals since the start by the value of its tag <paramref name="tag"/> (series without it are left out),
    /// e.g. <c>airmon.ingest.rejects</c> by <c>reason</c>.
    /// </summary>
    public IReadOnlyDictionary<string, double> Totals(string instrument, string tag)
    {
        var totals = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var ((counted, _), series) in _series)
        {
            if (counted.Name == instrument && series.Tags.FirstOrDefault(t => t.Key == tag).Value is { } value)
            {
                totals[value] = totals.GetValueOrDefault(value) + series.Sum;
            }
        }

        return totals;
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>Reads text as <see cref="Render"/> writes it back into <c>name{labels}</c> → value, comments skipped.</summary>
    public static IReadOnlyDictionary<string, double> ParseSamples(string text)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var space = line.LastIndexOf(' ');
            if (line.Length > 0 && line[0] != '#' && space > 0
                && double.TryParse(line.AsSpan(space + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                values[line[..space]] = value;
            }
        }

        return values;
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = Labels(tags);
        if (!_series.TryGetValue((instrument, labels), out var series))
        {
            series = _series.GetOrAdd((instrument, labels), new Series(Strings(tags)));
        }

        // An observable instrument reports its current total each time it is read.
        series.Add(value, replace: instrument.IsObservable, histogram: instrument is Histogram<double> or Histogram<long> or Histogram<int>);
    }

    private static string MetricName(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_').Replace('-', '_');
        return instrument.Unit switch
        {
            "ms" => name + "_milliseconds",
            "By" => name + "_bytes",
            _ => name,
        };
    }

    private static KeyValuePair<string, string>[] Strings(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var strings = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            strings[i] = new(tags[i].Key, Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? "");
        }

        return strings;
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return "";
        }

        var parts = new List<string>(tags.Length);
        foreach (var (key, value) in tags)
        {
            var escaped = Convert.ToString(value, CultureInfo.InvariantCulture)?.Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
            parts.Add($"{key.Replace('.', '_')}=\"{escaped}\"");
        }

        parts.Sort(StringComparer.Ordinal);
        return string.Join(',', parts);
    }

    private sealed class Series(KeyValuePair<string, string>[] tags)
    {
        private readonly Lock _lock = new();
        private readonly long[] _bucketCounts = new long[Buckets.Length];
        private double _sum;
        private long _count;

        public KeyValuePair<string, string>[] Tags { get; } = tags;

        /// <summary>A counter's total, a gauge's value, a histogram's sum.</summary>
        public double Sum
        {
            get
            {
                lock (_lock)
                {
                    return _sum;
                }
            }
        }

        public void Add(double value, bool replace, bool histogram)
        {
            lock (_lock)
            {
                if (replace)
                {
                    _sum = value;
                    return;
                }

                _sum += value;
                _count++;
                if (histogram)
                {
                    for (var i = 0; i < Buckets.Length; i++)
                    {
                        if (value <= Buckets[i])
                        {
                            _bucketCounts[i]++;
                        }
                    }
                }
            }
        }

        public void Render(StringBuilder text, string name, string labels, bool histogram)
        {
            lock (_lock)
            {
                if (!histogram)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{name}{Braces(labels)} {_sum}\n");
                    return;
                }

                var sep = labels.Length == 0 ? "" : ",";
                for (var i = 0; i < Buckets.Length; i++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{labels}{sep}le=\"{Buckets[i]}\"}} {_bucketCounts[i]}\n");
                }

                text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{labels}{sep}le=\"+Inf\"}} {_count}\n");
                text.Append(CultureInfo.InvariantCulture, $"{name}_sum{Braces(labels)} {_sum}\n");
                text.Append(CultureInfo.InvariantCulture, $"{name}_count{Braces(labels)} {_count}\n");
            }
        }

        private static string Braces(string labels) => labels.Length == 0 ? "" : "{" + labels + "}";
    }
}
