using System.Globalization;
using AirMonitor.Core.Metrics;

namespace AirMonitor.Sensors.Ads1115;

/// <summary>The gases an Alphasense-style electrochemical cell measures here.</summary>
public enum ElectrochemicalGas
{
    No2,
    O3,
    So2,
    Co,
}

/// <summary>
/// One electrochemical cell on an Alphasense ISB/AFE board: its working- and auxiliary-electrode ADC channels and
/// the constants from its calibration sheet. Concentration = (WE − WE0 − k·(AE − AE0)) / sensitivity, with k a
/// constant (the temperature-dependent k(T) tables are not implemented).
/// </summary>
/// <param name="Sensitivity">mV per ppb for NO2, O3 and SO2; mV per ppm for CO (the unit its metric reports).</param>
/// <param name="AuxiliaryFactor">k, the weight of the auxiliary electrode's drift (default 1).</param>
public sealed record ElectrochemicalCell(
    ElectrochemicalGas Gas,
    int WorkingChannel,
    int AuxiliaryChannel,
    double WorkingZeroMillivolts,
    double AuxiliaryZeroMillivolts,
    double Sensitivity,
    double AuxiliaryFactor = 1.0)
{
    /// <summary>The metric this cell reports: no2, o3, so2 (ppb) or co (ppm).</summary>
    public string Metric => Gas switch
    {
        ElectrochemicalGas.No2 => MetricVocabulary.No2,
        ElectrochemicalGas.O3 => MetricVocabulary.O3,
        ElectrochemicalGas.So2 => MetricVocabulary.So2,
        _ => MetricVocabulary.Co,
    };

    /// <summary>The profile parameter that carries the sensitivity, with its unit: <c>sensitivity_mv_per_ppm</c> for CO, else <c>sensitivity_mv_per_ppb</c>.</summary>
    public static string SensitivityParameter(ElectrochemicalGas gas) =>
        gas == ElectrochemicalGas.Co ? "sensitivity_mv_per_ppm" : "sensitivity_mv_per_ppb";

    /// <summary>(WE − WE0 − k·(AE − AE0)) / sensitivity, in ppb (ppm for CO).</summary>
    public double Concentration(double workingMillivolts, double auxiliaryMillivolts) =>
        (workingMillivolts - WorkingZeroMillivolts - (AuxiliaryFactor * (auxiliaryMillivolts - AuxiliaryZeroMillivolts))) / Sensitivity;

    /// <summary>
    /// The cell a profile describes: <c>gas</c> (no2|o3|so2|co), <c>we_channel</c>, <c>ae_channel</c> (0–3), <c>we0_mv</c>,
    /// <c>ae0_mv</c>, the sensitivity (see <see cref="SensitivityParameter"/>) and optional <c>k</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A parameter is missing or invalid, naming the model and the parameter.</exception>
    public static ElectrochemicalCell FromParameters(SensorConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var gas = connection.Parameter("gas")?.ToUpperInvariant() switch
        {
            "NO2" => ElectrochemicalGas.No2,
            "O3" => ElectrochemicalGas.O3,
            "SO2" => ElectrochemicalGas.So2,
            "CO" => ElectrochemicalGas.Co,
            _ => throw new ArgumentException($"{connection.Model}: parameter 'gas' must be no2, o3, so2 or co (is '{connection.Parameter("gas") ?? "missing"}')"),
        };

        var sensitivityParameter = SensitivityParameter(gas);
        var sensitivity = connection.RequiredNumber(sensitivityParameter);
        if (sensitivity == 0 || !double.IsFinite(sensitivity))
        {
            throw new ArgumentException($"{connection.Model}: parameter '{sensitivityParameter}' must be a non-zero number (is '{connection.Parameter(sensitivityParameter)}')");
        }

        var working = Ads1115Scale.ChannelParameter(connection, "we_channel");
        var auxiliary = Ads1115Scale.ChannelParameter(connection, "ae_channel");
        if (working == auxiliary)
        {
            throw new ArgumentException($"{connection.Model}: parameters 'we_channel' and 'ae_channel' must differ (both {working})");
        }

        return new ElectrochemicalCell(
            gas,
            working,
            auxiliary,
            connection.RequiredNumber("we0_mv"),
            connection.RequiredNumber("ae0_mv"),
            sensitivity,
            connection.Parameter("k") is null ? 1.0 : connection.RequiredNumber("k"));
    }
}
