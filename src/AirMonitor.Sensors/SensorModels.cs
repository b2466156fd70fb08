namespace AirMonitor.Sensors;

/// <summary>Every device family the edge can run, found by the profile's <c>model</c> name.</summary>
public static class SensorModels
{
    // One line per family folder.
    private static readonly ISensorModel[] Families =
    [
        new Pmsx003.Pmsx003Model(),
        new Mhz19b.Mhz19bModel(),
        new Sps30.Sps30Model(),
        new Sen5x.Sen5xModel(),
        new Scd4x.Scd4xModel(),
        new Sgp40.Sgp40Model(),
        new Bme280.Bme280Model(),
        new Bme68x.Bme68xModel(),
        new Ads1115.Ads1115ElectrochemicalModel(),
        new Ads1115.Ads1115LoopCurrentModel(),
        new ModbusAnalyser.ModbusAnalyserModel(),
    ];

    public static IReadOnlyList<ISensorModel> All => Families;

    public static IEnumerable<string> Names => Families.SelectMany(f => f.Names).Order(StringComparer.Ordinal);

    public static bool TryFind(string model, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ISensorModel? family)
    {
        family = Families.FirstOrDefault(f => f.Names.Contains(model, StringComparer.Ordinal));
        return family is not null;
    }
}
