using System.Text.Json;
using AirMonitor.AirQuality.Indices;
using AirMonitor.Testing;

namespace AirMonitor.Ingest.Tests;

/// <summary>Every index panel of every dashboard is banded at the agency's breakpoints in its category colours, as the code has them.</summary>
public sealed class DashboardColourTests
{
    public static TheoryData<string, string> IndexPanels()
    {
        var data = new TheoryData<string, string>();
        foreach (var (file, panel) in Panels())
        {
            if (Index(panel) is { } index)
            {
                data.Add($"{Path.GetFileName(file)}: {panel.GetProperty("title").GetString()}", index);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(IndexPanels))]
    public void Index_panel_bands_are_the_agency_categories(string panel, string index)
    {
        var (breakpoints, categories) = index == "aqi_us"
            ? (UsAqi.Pm2_5.Select(b => b.IndexLow), UsAqi.Categories)
            : (ThaiAqi.Table(Pollutant.Pm2_5).Select(b => b.IndexLow), ThaiAqi.Categories);
        var expected = breakpoints.Zip(categories, (low, category) => (low == 0 ? (int?)null : low, category.ColourHex)).ToList();

        var steps = Panels().Single(p => $"{Path.GetFileName(p.File)}: {p.Panel.GetProperty("title").GetString()}" == panel).Panel
            .GetProperty("fieldConfig").GetProperty("defaults").GetProperty("thresholds").GetProperty("steps").EnumerateArray()
            .Select(s => (s.GetProperty("value").ValueKind == JsonValueKind.Null ? (int?)null : s.GetProperty("value").GetInt32(), s.GetProperty("color").GetString()!))
            .ToList();

        Assert.Equal(expected, steps);
    }

    [Fact]
    public void The_station_dashboard_has_both_indices_banded()
    {
        Assert.Equal(4, IndexPanels().Count(row => ((string)row[0]).StartsWith("station.json", StringComparison.Ordinal)));
    }

    /// <summary>The index a timeseries panel plots (<c>aqi_us</c>, <c>aqi_th</c> or their sub-indices), null for any other panel.</summary>
    private static string? Index(JsonElement panel)
    {
        if (panel.GetProperty("type").GetString() != "timeseries")
        {
            return null;
        }

        var query = string.Join(' ', panel.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("query").GetString()));
        return query.Contains("\"aqi_us", StringComparison.Ordinal) ? "aqi_us" : query.Contains("\"aqi_th", StringComparison.Ordinal) ? "aqi_th" : null;
    }

    private static IEnumerable<(string File, JsonElement Panel)> Panels() =>
        Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "dashboards", "airmon"), "*.json")
            .SelectMany(file => JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("panels").EnumerateArray().Select(p => (file, p)));
}
