namespace AirMonitor.Sensors.Scd4x;

/// <summary>How the SCD4x measures while the edge samples it.</summary>
public enum Scd4xMeasurementMode
{
    /// <summary>New data every 5 s.</summary>
    Periodic,

    /// <summary>New data every 30 s, at a fraction of the current.</summary>
    LowPowerPeriodic,
}
