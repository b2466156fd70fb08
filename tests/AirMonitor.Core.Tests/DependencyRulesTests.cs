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

    /// <summary>
    /// Each test project references the project it tests and the lightest test kit that serves it (tests/README.md):
    /// AirMonitor.Testing (Core only), AirMonitor.Testing.Servers (real servers, pymodbus among them, MQTT watchers: Mqtt), AirMonitor.Testing.Pipeline (the ingest).
    /// </summary>
    private static readonly Dictionary<string, string[]> AllowedTestProjects = new()
    {
        ["AirMonitor.Testing"] = ["AirMonitor.Core"],
        ["AirMonitor.Testing.Servers"] = ["AirMonitor.Mqtt", "AirMonitor.Testing"],
        ["AirMonitor.Testing.Pipeline"] = ["AirMonitor.Ingest", "AirMonitor.Testing.Servers"],
        ["AirMonitor.Core.Tests"] = ["AirMonitor.Core", "AirMonitor.Testing"],
        ["AirMonitor.AirQuality.Tests"] = ["AirMonitor.AirQuality"],
        ["AirMonitor.Mqtt.Tests"] = ["AirMonitor.Mqtt", "AirMonitor.Testing.Servers"],
        ["AirMonitor.Influx.Tests"] = ["AirMonitor.Influx", "AirMonitor.Hosting", "AirMonitor.Testing.Servers"],
        ["AirMonitor.Hosting.Tests"] = ["AirMonitor.Hosting", "AirMonitor.Testing"],
        ["AirMonitor.Sensors.Tests"] = ["AirMonitor.Sensors", "AirMonitor.Testing.Servers"],
        ["AirMonitor.Edge.Tests"] = ["AirMonitor.Edge", "AirMonitor.Testing.Servers"],
        ["AirMonitor.Ingest.Tests"] = ["AirMonitor.Ingest", "AirMonitor.Cli", "AirMonitor.Testing.Pipeline"],
        ["AirMonitor.Cli.Tests"] = ["AirMonitor.Cli", "AirMonitor.Testing.Pipeline"],
        ["AirMonitor.EndToEnd.Tests"] = ["AirMonitor.Edge", "AirMonitor.Cli", "AirMonitor.Testing.Pipeline"],
        ["OutboxCrashWriter"] = ["AirMonitor.Edge"],
    };

    // The projects under tests/ that run the ingest (the kit that starts it and its three users); every other one builds without it.
    private static readonly string[] BuildTheIngest = ["AirMonitor.Testing.Pipeline", "AirMonitor.Ingest.Tests", "AirMonitor.Cli.Tests", "AirMonitor.EndToEnd.Tests"];

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

    [Fact]
    public void Every_test_project_references_only_what_its_rule_allows()
    {
        var projects = ProjectReferences("tests");
        Assert.Equal(AllowedTestProjects.Keys.Order(), projects.Keys.Order());
        foreach (var (name, references) in projects)
        {
            Assert.Equal((name, (string[])[]), (name, references.Except(AllowedTestProjects[name]).ToArray()));
        }
    }

    [Fact]
    public void Only_the_test_projects_that_run_the_ingest_build_it()
    {
        var tests = ProjectReferences("tests");
        var references = ProjectReferences("src").Concat(tests).ToDictionary();
        IEnumerable<string> Closure(string project) => references[project].SelectMany(r => Closure(r).Append(r));

        Assert.Equal(BuildTheIngest.Order(), tests.Keys.Where(p => Closure(p).Contains("AirMonitor.Ingest")).Order());
    }

    /// <summary>Every project under <paramref name="folder"/>, with the projects it references by name.</summary>
    private static Dictionary<string, string[]> ProjectReferences(string folder) =>
        Directory.GetFiles(RepositoryFiles.PathOf(folder), "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(d => d is "bin" or "obj"))
            .ToDictionary(
                p => Path.GetFileNameWithoutExtension(p)!,
                p => XDocument.Load(p).Descendants("ProjectReference").Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/'))).ToArray());

    /// <summary>
    /// Core holds what the edge and the ingest share: each of its namespaces is used, directly or through another of
    /// Core's, by the edge (Edge, Sensors) and by the ingest (Ingest, AirQuality). What only one side uses lives there.
    /// </summary>
    [Fact]
    public void Every_Core_namespace_is_shared_by_the_edge_and_the_ingest()
    {
        var core = SourceFiles("AirMonitor.Core").ToDictionary(f => f, f => Namespace(File.ReadAllText(f)));
        var namespaces = core.Values.Distinct().Order().ToList();

        HashSet<string> UsedBy(params string[] projects)
        {
            var used = projects.SelectMany(SourceFiles).SelectMany(f => Usings(File.ReadAllText(f))).Where(namespaces.Contains).ToHashSet();
            for (var grew = true; grew;)
            {
                var more = core.Where(f => used.Contains(f.Value)).SelectMany(f => Usings(File.ReadAllText(f.Key))).Where(namespaces.Contains);
                grew = more.Any(used.Add);
            }

            return used;
        }

        Assert.Equal(namespaces, namespaces.Intersect(UsedBy("AirMonitor.Edge", "AirMonitor.Sensors")).Intersect(UsedBy("AirMonitor.Ingest", "AirMonitor.AirQuality")));
    }

    /// <summary>Core and AirQuality compute and nothing else: no files, network, processes or clock (callers pass times in).</summary>
    [Theory]
    [InlineData("AirMonitor.Core")]
    [InlineData("AirMonitor.AirQuality")]
    public void A_pure_project_does_no_IO(string project)
    {
        var io = new Regex(@"\b(File|Directory|FileStream|Process|HttpClient|Socket|TcpClient|Console)\.|new (FileStream|StreamReader|StreamWriter|HttpClient|Socket)\b|\bDateTime(Offset)?\.(Utc)?Now\b|\bTimeProvider\.System\b|\bStopwatch\b");
        var users = SourceFiles(project).Where(f => io.IsMatch(File.ReadAllText(f))).Select(Path.GetFileName);
        Assert.Empty(users);
    }

    /// <summary>
    /// The pipeline tells what follows it through <c>ISettledMessages</c>, the derivations through <c>IDerivedSeries</c> and <c>IStackSeries</c>:
    /// neither names a consumer, so the alert engine may read the derivation's series without the two importing each other.
    /// </summary>
    [Theory]
    [InlineData("Pipeline", "Accounting")]
    [InlineData("Pipeline", "Alerts")]
    [InlineData("Pipeline", "Derivation")]
    [InlineData("Derivation", "Alerts")]
    [InlineData("Accounting", "Alerts")]
    [InlineData("Accounting", "Derivation")]
    [InlineData("Pipeline", "Emissions")]
    [InlineData("Emissions", "Alerts")]
    [InlineData("Accounting", "Emissions")]
    [InlineData("Derivation", "Emissions")]
    public void An_ingest_folder_does_not_use_what_follows_it(string folder, string follower)
    {
        var name = new Regex($@"\bAirMonitor\.Ingest\.{follower}\b");
        var users = Directory.GetFiles(RepositoryFiles.PathOf(Path.Combine("src", "AirMonitor.Ingest", folder)), "*.cs", SearchOption.AllDirectories)
            .Where(file => name.IsMatch(File.ReadAllText(file)))
            .Select(Path.GetFileName);
        Assert.Empty(users);
    }

    private static IEnumerable<string> SourceFiles(string project) =>
        Directory.GetFiles(RepositoryFiles.PathOf(Path.Combine("src", project)), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string Namespace(string source) => Regex.Match(source, @"^namespace ([\w.]+);", RegexOptions.Multiline).Groups[1].Value;

    private static IEnumerable<string> Usings(string source) =>
        Regex.Matches(source, @"^using ([\w.]+);", RegexOptions.Multiline).Select(m => m.Groups[1].Value).Append(Namespace(source));
}
