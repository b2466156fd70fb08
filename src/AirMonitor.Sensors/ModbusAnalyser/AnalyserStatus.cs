using AirMonitor.Core.Contract;

namespace AirMonitor.Sensors.ModbusAnalyser;

/// <summary>
/// What an analyser says of its measurement (EN 17255-2 §6.2.2.3: at least valid, maintenance, malfunction). Every status
/// but <see cref="Valid"/> is a quality flag on the sample, and such a value is left out of every average.
/// </summary>
public enum AnalyserStatus
{
    /// <summary>Measuring normally: no flag. Also where a device says "maintenance requested" (a request, not invalidity).</summary>
    Valid,

    Malfunction,

    Maintenance,

    /// <summary>Zero/span check, calibration, check cycle: the value is not a measurement of the stack gas.</summary>
    FunctionCheck,

    OutOfSpec,

    /// <summary>Not measuring the stack (data held, no sampling point, value not available).</summary>
    NotMeasuring,
}

/// <summary>A plant's operating state, the code of the <c>plant_state</c> metric (MetricVocabulary).</summary>
public enum PlantState
{
    Off = 0,
    StartUp = 1,

    /// <summary>Operating, waste fed.</summary>
    Operating = 2,
    ShutDown = 3,
}

/// <summary>The names a profile writes for the statuses and states, and the flag each status sets.</summary>
public static class AnalyserStatusNames
{
    /// <summary>The profile names: <c>valid</c> and the quality flags of <see cref="QualityFlags.AnalyserStatus"/>.</summary>
    public static IReadOnlyList<(string Name, AnalyserStatus Status)> Statuses { get; } =
    [
        ("valid", AnalyserStatus.Valid),
        (QualityFlags.Malfunction, AnalyserStatus.Malfunction),
        (QualityFlags.Maintenance, AnalyserStatus.Maintenance),
        (QualityFlags.FunctionCheck, AnalyserStatus.FunctionCheck),
        (QualityFlags.OutOfSpec, AnalyserStatus.OutOfSpec),
        (QualityFlags.NotMeasuring, AnalyserStatus.NotMeasuring),
    ];

    /// <summary>The profile names of the plant states, by code.</summary>
    public static IReadOnlyList<(string Name, PlantState State)> PlantStates { get; } =
    [
        ("off", PlantState.Off),
        ("start_up", PlantState.StartUp),
        ("operating", PlantState.Operating),
        ("shut_down", PlantState.ShutDown),
    ];

    /// <summary>The quality flag of a status; null for <see cref="AnalyserStatus.Valid"/>.</summary>
    public static string? Flag(this AnalyserStatus status) =>
        status == AnalyserStatus.Valid ? null : Statuses.First(s => s.Status == status).Name;
}
