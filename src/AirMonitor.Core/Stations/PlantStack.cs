using System.Collections.ObjectModel;

namespace AirMonitor.Core.Stations;

/// <summary>The rules a stack's values are standardised and judged by (src/AirMonitor.AirQuality/Emissions/README.md).</summary>
public enum StackRegime
{
    /// <summary>EU IED 2010/75/EU Annex VI, waste incineration: 273.15 K, 101.3 kPa, dry, 11 % O2.</summary>
    Eu,

    /// <summary>Japan, Air Pollution Control Act, waste incinerators: 0 °C, 101.325 kPa, dry, 12 % O2.</summary>
    Japan,

    /// <summary>Thailand, DIW CEMS notification: 25 °C, 101.325 kPa, dry, 7 % O2.</summary>
    Thailand,

    /// <summary>Every reference value given in the registry.</summary>
    Custom,
}

/// <summary>The conditions a stack's flow meter reports at.</summary>
public enum FlowBasis
{
    /// <summary>Metric <c>flow_actual</c>: m³/h at the duct's temperature, pressure and moisture.</summary>
    Actual,

    /// <summary>Metric <c>flow</c>: m³N/h at 0 °C and 101.325 kPa, wet.</summary>
    NormalWet,

    /// <summary>Metric <c>flow</c>: m³N/h at 0 °C and 101.325 kPa, dry.</summary>
    NormalDry,
}

/// <summary>The averaging period a limit holds for.</summary>
public enum AveragingPeriod
{
    TenMinutes,
    HalfHour,
    Hour,
    FourHours,
    Day,
}

/// <summary>What a limit's value is in, at the stack's reference conditions and O2.</summary>
public enum LimitUnit
{
    MilligramsPerCubicMetre,

    /// <summary>A volume fraction (Japan states NOx and CO in ppm at O2 12 %, dry).</summary>
    Ppm,
}

/// <summary>How the averages of the period are judged against the value.</summary>
public enum LimitRule
{
    /// <summary>No average of the period may exceed the value (IED Annex VI Part 8 1.1(a) daily, (b) half-hourly column A; Japan).</summary>
    EveryAverage,

    /// <summary>At least 97 % of the daily averages over the year within the value (IED Annex VI Part 8 1.1(d)(i), CO).</summary>
    NinetySevenPercentOfDailyAveragesPerYear,

    /// <summary>
    /// At least 95 % of the 10-minute averages in any 24 h within the value (IED Annex VI Part 8 1.1(d)(i), CO); the
    /// alternative to <see cref="AllHalfHourlyAveragesIn24Hours"/>.
    /// </summary>
    NinetyFivePercentOfTenMinuteAveragesIn24Hours,

    /// <summary>All half-hourly averages in the same 24 h within the value (IED Annex VI Part 8 1.1(d)(i), CO), the alternative to the 95 % rule.</summary>
    AllHalfHourlyAveragesIn24Hours,
}

/// <summary>Where NOx comes from: the analyser's NOx channel, or the sum of its NO and NO2 channels (ppm each), as NO2.</summary>
public enum NoxSource
{
    NoxChannel,
    NoPlusNo2,
}

/// <summary>A permit limit of a stack: the averages of <see cref="Period"/> of <see cref="Pollutant"/> against <see cref="Value"/>, judged by <see cref="Rule"/>.</summary>
/// <param name="Pollutant">A pollutant concentration metric of the vocabulary (<c>stack_nox</c>, <c>stack_dust</c>, …).</param>
public sealed record StackLimit(string Pollutant, AveragingPeriod Period, double Value, LimitUnit Unit)
{
    public LimitRule Rule { get; init; } = LimitRule.EveryAverage;

    /// <summary>Where the number comes from (the permit, the regulation's article): printed in reports.</summary>
    public string? Source { get; init; }
}

/// <summary>
/// One stack (emission point) of a plant station: whose readings are its own, and how they are standardised and judged
/// (firmware-config/README.md, "Stacks"). A null override means the regime's value.
/// </summary>
/// <param name="Id">The stack's id within its station: the <c>stack</c> tag of the derived emission series.</param>
/// <param name="Devices">The station's devices whose emission readings belong to this stack.</param>
/// <param name="TimeZone">The IANA time zone whose calendar days, months and years the daily and longer averages use.</param>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "a plant's chimney stack, not a collection")]
public sealed record PlantStack(string Id, IReadOnlyList<string> Devices, StackRegime Regime, string TimeZone)
{
    public double? ReferenceO2Percent { get; init; }

    public double? ReferenceTemperatureKelvin { get; init; }

    public double? ReferencePressureKilopascals { get; init; }

    /// <summary>Whether the analysers measure the wet flue gas (in-situ, hot-wet extractive): values are converted to dry.</summary>
    public bool MeasuredWet { get; init; }

    /// <summary>The metric that gives the flue gas's moisture (<c>stack_h2o</c>), when it is measured.</summary>
    public string? MoistureMetric { get; init; }

    /// <summary>A fixed moisture in %vol, when it is not measured (a permit's agreed value).</summary>
    public double? MoisturePercent { get; init; }

    /// <summary>The pollutants normalised to the reference O2; null: the regime's default (every concentration pollutant).</summary>
    public IReadOnlyList<string>? O2Corrected { get; init; }

    public FlowBasis Flow { get; init; } = FlowBasis.Actual;

    public NoxSource Nox { get; init; } = NoxSource.NoxChannel;

    /// <summary>Whether the regime's built-in limits apply beside <see cref="Limits"/> (a permit's own limit replaces the
    /// built-in one of the same pollutant and period).</summary>
    public bool RegimeLimits { get; init; } = true;

    public IReadOnlyList<StackLimit> Limits { get; init; } = ReadOnlyCollection<StackLimit>.Empty;
}

/// <summary>How the station registry names a stack's choices (firmware-config/README.md, "Stacks"); the derived series and the reports use the same names.</summary>
public static class StackNames
{
    public static IReadOnlyList<(string Name, AveragingPeriod Value)> Periods { get; } =
        [("10m", AveragingPeriod.TenMinutes), ("30m", AveragingPeriod.HalfHour), ("1h", AveragingPeriod.Hour), ("4h", AveragingPeriod.FourHours), ("day", AveragingPeriod.Day)];

    public static IReadOnlyList<(string Name, LimitUnit Value)> Units { get; } = [("mg/m3", LimitUnit.MilligramsPerCubicMetre), ("ppm", LimitUnit.Ppm)];

    public static IReadOnlyList<(string Name, LimitRule Value)> Rules { get; } =
    [
        ("every_average", LimitRule.EveryAverage),
        ("97_percent_of_days_per_year", LimitRule.NinetySevenPercentOfDailyAveragesPerYear),
        ("95_percent_of_10m_per_24h", LimitRule.NinetyFivePercentOfTenMinuteAveragesIn24Hours),
        ("all_30m_per_24h", LimitRule.AllHalfHourlyAveragesIn24Hours),
    ];

    public static string Of(AveragingPeriod period) => Periods.First(p => p.Value == period).Name;

    public static string Of(LimitUnit unit) => Units.First(u => u.Value == unit).Name;

    public static string Of(LimitRule rule) => Rules.First(r => r.Value == rule).Name;
}
