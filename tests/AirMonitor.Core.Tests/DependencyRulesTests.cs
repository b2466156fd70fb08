using System.Text.RegularExpressions;
using System.Xml.Linq;
using AirMonitor.Testing;

namespace AirMonitor.Core.Tests;

/// <summary>
/// What each project, and each folder of the ingest, may depend on: a reference the rule does not allow fails here, so a
/// new dependency is a decision written into this table, not an accident.
/// </summary>
public sealed class DependencyRulesTests
{
    private static readonly Dictionary<string, string[]> AllowedProjects = new()
    {
        ["AirMonitor.Core"] = [],
        ["AirMonitor.Mqtt"] = [],
        ["AirMonitor.Influx"] = [],
        ["AirMonitor.AirQuality"] = ["AirMonitor.Core"],
        ["AirMonitor.Hosting"] = ["AirMonitor.Core"],
        ["AirMonitor.Sensors"] = ["AirMonitor.Core"],
        ["AirMonitor.Edge"] = ["AirMonitor.Core", "AirMonitor.Hosting", "AirMonitor.Sensors", "AirMonitor.Mqtt"],
        ["AirMonitor.Ingest"] = ["AirMonitor.Core", "AirMonitor.AirQuality", "AirMonitor.Hosting", "AirMonitor.Influx", "AirMonitor.Mqtt"],
        ["AirMonitor.Cli"] = ["AirMonitor.Core", "AirMonitor.AirQuality", "AirMonitor.Influx", "AirMonitor.Mqtt", "AirMonitor.Ingest", "AirMonitor.Edge"],
    };

    // The project has its own MQTT and InfluxDB clients (README, dependencies).
    private static readonly string[] ForbiddenPackages = ["MQTTnet", "InfluxDB.Client", "InfluxDB3.Client"];

    [Fact]
    public void Every_project_references_only_the_projects_its_rule_allows_and_no_forbidden_package()
    {
        var projects = Directory.GetFiles(RepositoryFiles.PathOf("src"), "*.csproj", SearchOption.AllDirectories);
        Assert.Equal(AllowedProjects.Keys.Order(), projects.Select(Path.GetFileNameWithoutExtension).Order());
        foreach (var project in projects)
        {
            var name = Path.GetFileNameWithoutExtension(project);
            var xml = XDocument.Load(project);
            var references = xml.Descendants("ProjectReference").Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')));
            var packages = xml.Descendants("PackageReference").Select(r => r.Attribute("Include")!.Value);
            Assert.Equal((name, (string[])[]), (name, references.Except(AllowedProjects[name]).ToArray()));
            Assert.Equal((name, (string[])[]), (name, packages.Intersect(ForbiddenPackages, StringComparer.OrdinalIgnoreCase).ToArray()));
        }
    }

    /// <summary>
    /// The pipeline tells what follows it through <c>ISettledMessages</c>, the derivation through <c>IDerivedSeries</c>:
    /// neither names a consumer, so the alert engine may read the derivation's series without the two importing each other.
    /// </summary>
    [Theory]
    [InlineData("Pipeline", "Accounting")]
    [InlineData("Pipeline", "Alerts")]
    [InlineData("Pipeline", "Derivation")]
    [InlineData("Derivation", "Alerts")]
    [InlineData("Accounting", "Alerts")]
    [InlineData("Accounting", "Derivation")]
    public void An_ingest_folder_does_not_use_what_follows_it(string folder, string follower)
    {
        var name = new Regex($@"\bAirMonitor\.Ingest\.{follower}\b");
        var users = Directory.GetFiles(RepositoryFiles.PathOf(Path.Combine("src", "AirMonitor.Ingest", folder)), "*.cs", SearchOption.AllDirectories)
            .Where(file => name.IsMatch(File.ReadAllText(file)))
            .Select(Path.GetFileName);
        Assert.Empty(users);
    }
}
