namespace AirMonitor.Sensors;

/// <summary>Every device family the edge can run, found by the profile's <c>model</c> name.</summary>
public static class SensorModels
{
    // One line per family folder.
    private static readonly ISensorModel[] Families =
    [
    ];

    public static IReadOnlyList<ISensorModel> All => Families;

    public static IEnumerable<string> Names => Families.SelectMany(f => f.Names).Order(StringComparer.Ordinal);

    public static bool TryFind(string model, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ISensorModel? family)
    {
        family = Families.FirstOrDefault(f => f.Names.Contains(model, StringComparer.Ordinal));
        return family is not null;
    }
}
