namespace AirMonitor.AirQuality.Emissions;

/// <summary>
/// The small conversions of stack-gas standardisation, each a pure function with its units in its name. They take any
/// finite number and do not judge it (a negative concentration near zero is a real analyser output); the one exception
/// is <see cref="MassEmissionKilogramsPerHour"/>, which gives 0 when either input is negative (EN 17255-1).
/// Arguments that make the formula meaningless (T or p ≤ 0, H2O ≥ 100 %) throw; <see cref="StackStandardisation"/>
/// turns such inputs into a reason before calling these.
/// </summary>
public static class StackConversions
{
    /// <summary>Molar gas constant, J/(mol·K) (exact in the 2019 SI).</summary>
    public const double GasConstant = 8.314462618;

    /// <summary>Molar volume of an ideal gas, R·T/p, in L/mol (J/kPa = L): 22.414 at 273.15 K and 101.325 kPa, 24.465 at 298.15 K.</summary>
    public static double MolarVolumeLitresPerMole(double temperatureKelvin, double pressureKilopascals)
    {
        RequirePositive(temperatureKelvin, nameof(temperatureKelvin));
        RequirePositive(pressureKilopascals, nameof(pressureKilopascals));
        return GasConstant * temperatureKelvin / pressureKilopascals;
    }

    /// <summary>A volume fraction in ppm to mg/m³ at the given T and p: ppm · M / V_m (µmol/mol · g/mol / (L/mol) = mg/m³).</summary>
    public static double PpmToMilligramsPerCubicMetre(double ppm, double molarMassGramsPerMole, double temperatureKelvin, double pressureKilopascals)
    {
        RequirePositive(molarMassGramsPerMole, nameof(molarMassGramsPerMole));
        return ppm * molarMassGramsPerMole / MolarVolumeLitresPerMole(temperatureKelvin, pressureKilopascals);
    }

    /// <summary>
    /// A mass concentration stated at one T and p restated at another: the same gas takes V · (T_to/T_from) · (p_from/p_to),
    /// so C_to = C_from · (T_from/T_to) · (p_to/p_from). From m³N (0 °C, 101.325 kPa) to 25 °C it falls by 273.15/298.15.
    /// </summary>
    public static double MassConcentrationAtConditions(
        double milligramsPerCubicMetre,
        double fromTemperatureKelvin,
        double fromPressureKilopascals,
        double toTemperatureKelvin,
        double toPressureKilopascals) =>
        // The mass stays; the volume it is spread over goes the other way.
        VolumeAtConditions(milligramsPerCubicMetre, toTemperatureKelvin, toPressureKilopascals, fromTemperatureKelvin, fromPressureKilopascals);

    /// <summary>
    /// A gas volume (or volume flow) at one T and p restated at another: V_to = V_from · (T_to/T_from) · (p_from/p_to).
    /// Actual flow to standard: from = the flue's T and absolute p, to = the regime's.
    /// </summary>
    public static double VolumeAtConditions(
        double volume,
        double fromTemperatureKelvin,
        double fromPressureKilopascals,
        double toTemperatureKelvin,
        double toPressureKilopascals)
    {
        RequirePositive(fromTemperatureKelvin, nameof(fromTemperatureKelvin));
        RequirePositive(fromPressureKilopascals, nameof(fromPressureKilopascals));
        RequirePositive(toTemperatureKelvin, nameof(toTemperatureKelvin));
        RequirePositive(toPressureKilopascals, nameof(toPressureKilopascals));
        return volume * (toTemperatureKelvin / fromTemperatureKelvin) * (fromPressureKilopascals / toPressureKilopascals);
    }

    /// <summary>A concentration in wet gas restated per dry gas: C_dry = C_wet · 100/(100 − H2O%). Also O2 measured wet.</summary>
    public static double WetToDryConcentration(double wetConcentration, double moisturePercent) =>
        wetConcentration * 100 / (100 - RequireMoisture(moisturePercent));

    /// <summary>A concentration in dry gas restated per wet gas: C_wet = C_dry · (100 − H2O%)/100.</summary>
    public static double DryToWetConcentration(double dryConcentration, double moisturePercent) =>
        dryConcentration * (100 - RequireMoisture(moisturePercent)) / 100;

    /// <summary>A wet gas volume (or flow) without its water vapour: Q_dry = Q_wet · (1 − H2O/100).</summary>
    public static double WetToDryVolume(double wetVolume, double moisturePercent) =>
        wetVolume * (1 - RequireMoisture(moisturePercent) / 100);

    /// <summary>A dry gas volume (or flow) with the water vapour added back: Q_wet = Q_dry / (1 − H2O/100).</summary>
    public static double DryToWetVolume(double dryVolume, double moisturePercent) =>
        dryVolume / (1 - RequireMoisture(moisturePercent) / 100);

    /// <summary>
    /// Actual stack flow to a standard dry flow in one step: Q_N,dry = Q_act · (T_ref/T_flue) · (p_flue/p_ref) · (1 − H2O/100).
    /// </summary>
    public static double ActualToStandardDryFlowCubicMetresPerHour(
        double actualCubicMetresPerHour,
        double flueTemperatureKelvin,
        double fluePressureKilopascals,
        double moisturePercent,
        double referenceTemperatureKelvin,
        double referencePressureKilopascals) =>
        WetToDryVolume(
            VolumeAtConditions(actualCubicMetresPerHour, flueTemperatureKelvin, fluePressureKilopascals, referenceTemperatureKelvin, referencePressureKilopascals),
            moisturePercent);

    /// <summary>
    /// Mass emission in kg/h from a concentration in mg/m³ and a flow in m³/h at the same T, p and basis: C · Q / 10⁶.
    /// The concentration must be the one at actual O2, never the O2-normalised one. 0 when either is negative (EN 17255-1).
    /// </summary>
    public static double MassEmissionKilogramsPerHour(double milligramsPerCubicMetre, double cubicMetresPerHour) =>
        milligramsPerCubicMetre < 0 || cubicMetresPerHour < 0 ? 0 : milligramsPerCubicMetre * cubicMetresPerHour / 1e6;

    /// <summary>Celsius to kelvin.</summary>
    public static double CelsiusToKelvin(double celsius) => celsius + 273.15;

    /// <summary>hPa to kPa (the vocabulary's flue pressure is hPa absolute).</summary>
    public static double HectopascalsToKilopascals(double hectopascals) => hectopascals / 10;

    private static void RequirePositive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "must be a positive finite number");
        }
    }

    private static double RequireMoisture(double moisturePercent) =>
        moisturePercent is >= 0 and < 100
            ? moisturePercent
            : throw new ArgumentOutOfRangeException(nameof(moisturePercent), moisturePercent, "moisture must be at least 0 % and below 100 %");
}
