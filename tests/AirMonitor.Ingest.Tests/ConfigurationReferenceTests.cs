using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using AirMonitor.Edge;
using AirMonitor.Influx;
using AirMonitor.Ingest.Accounting;
using AirMonitor.Ingest.Alerts;
using AirMonitor.Ingest.DeadLetters;
using AirMonitor.Ingest.Derivation;
using AirMonitor.Ingest.Emissions;
using AirMonitor.Ingest.Observability;
using AirMonitor.Ingest.Validation;
using AirMonitor.Mqtt;
using AirMonitor.Testing;
using Microsoft.Extensions.Configuration;

namespace AirMonitor.Ingest.Tests;

/// <summary>docs/configuration.md against the options classes: every key is in it, with the default the code has.</summary>
public sealed partial class ConfigurationReferenceTests
{
    // Each options class and the section its keys are under ("" for top-level keys).
    private static readonly (Type Type, string Section)[] Options =
    [
        (typeof(MqttOptions), "Mqtt"),
        (typeof(InfluxOptions), "Influx"),
        (typeof(ValidationOptions), "Validation"),
        (typeof(IngestOptions), "Ingest"),
        (typeof(DeadLetterOptions), "DeadLetters"),
        (typeof(AccountingOptions), "Accounting"),
        (typeof(DerivationOptions), "Derivation"),
        (typeof(EmissionsOptions), "Emissions"),
        (typeof(AlertOptions), "Alerts"),
        (typeof(EndpointOptions), ""),
        (typeof(StatusOptions), "Status"),
        (typeof(EdgeOptions), "Edge"),
    ];

    [Fact]
    public void Every_key_of_every_options_class_is_documented_with_the_default_the_code_has()
    {
        var rows = Rows(File.ReadAllText(RepositoryFiles.PathOf("docs/configuration.md")));

        // A default is the class's, or what the appsettings.json shipped beside the ingest sets.
        var shipped = new ConfigurationBuilder().AddJsonFile(RepositoryFiles.PathOf("src/AirMonitor.Ingest/appsettings.json")).Build();
        var problems = new List<string>();
        foreach (var (type, section) in Options)
        {
            var options = Activator.CreateInstance(type)!;
            (section.Length == 0 ? (IConfiguration)shipped : shipped.GetSection(section)).Bind(options);
            foreach (var (key, value) in Keys(options, section))
            {
                if (!rows.TryGetValue(key, out var documented))
                {
                    problems.Add($"{key}: not in docs/configuration.md");
                }
                else if (!Matches(documented, value))
                {
                    problems.Add($"{key}: documented default '{documented}', the code's is '{Format(value)}'");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>Every bindable key under <paramref name="section"/> with its default; nested options classes by their own keys.</summary>
    private static IEnumerable<(string Key, object? Value)> Keys(object options, string section)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.SetMethod!.IsPublic))
        {
            var key = section.Length == 0 ? property.Name : $"{section}:{property.Name}";
            var value = property.GetValue(options);
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type))
            {
                foreach (var nested in Keys(value ?? Activator.CreateInstance(type)!, key))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return (key, value);
            }
        }
    }

    /// <summary>Each documented key with its default cell; a row of several keys gives each its own value, or all one.</summary>
    private static Dictionary<string, string> Rows(string markdown)
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match row in RowPattern().Matches(markdown))
        {
            var keys = KeyPattern().Matches(row.Groups["keys"].Value).Select(m => m.Groups[1].Value).ToList();
            var defaults = row.Groups["default"].Value.Split(", ").Select(d => d.Trim().Trim('`')).ToList();
            for (var i = 0; i < keys.Count; i++)
            {
                rows[keys[i]] = defaults.Count == keys.Count ? defaults[i] : row.Groups["default"].Value.Trim();
            }
        }

        return rows;
    }

    private static bool Matches(string documented, object? value) => value switch
    {
        // A default the code computes at start is described, not given (e.g. airmon-ingest.{hostname}).
        _ when documented.Contains('{') || documented.StartsWith("unset", StringComparison.Ordinal) => true,
        null or "" => documented == "none",
        IEnumerable and not string => documented == "none" || Format(value) == documented,
        TimeSpan span => TimeSpan.TryParse(documented, CultureInfo.InvariantCulture, out var parsed) && parsed == span,
        double number => double.TryParse(documented, CultureInfo.InvariantCulture, out var parsed) && parsed == number,
        _ => Format(value) == documented,
    };

    private static string Format(object? value) => value switch
    {
        null => "none",
        bool flag => flag ? "true" : "false",
        IEnumerable list and not string => string.Join(", ", list.Cast<object>()),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "none",
    };

    [GeneratedRegex(@"^\| (?<keys>`[^|]+) \| (?<default>[^|]*) \|", RegexOptions.Multiline)]
    private static partial Regex RowPattern();

    // `Alerts:Rules:{n}:…` documents the list Alerts:Rules.
    [GeneratedRegex(@"`([A-Za-z]+(?::[A-Za-z]+)*)(?::\{n\}:…)?`")]
    private static partial Regex KeyPattern();
}
