namespace AirMonitor.AirQuality.Emissions;

/// <summary>Why a standardised value could not be given.</summary>
public enum StandardisationFailure
{
    None,

    /// <summary>The pollutant's channel (for NOx from NO + NO2: either of them) is absent.</summary>
    MissingConcentration,

    /// <summary>The pollutant's channel is NaN or infinite.</summary>
    InvalidConcentration,

    /// <summary><c>o2</c> is absent for an O2-corrected pollutant.</summary>
    MissingO2,

    /// <summary><c>o2</c> is negative, NaN or infinite.</summary>
    O2OutOfRange,

    /// <summary>Measured O2 (after any cap) is at or above the normalisation constant: K − O_M ≤ 0, no standardised value exists.</summary>
    O2AtOrAboveNormalisationConstant,

    /// <summary>A wet ↔ dry conversion is needed and <c>stack_h2o</c> is absent.</summary>
    MissingMoisture,

    /// <summary>The moisture is outside 0 ≤ H2O &lt; 100 %, or not finite.</summary>
    MoistureOutOfRange,

    /// <summary>Actual flow needs <c>flue_temperature</c> and it is absent.</summary>
    MissingFlueTemperature,

    /// <summary><c>flue_temperature</c> is at or below absolute zero, or not finite.</summary>
    FlueTemperatureOutOfRange,

    /// <summary>Actual flow needs <c>flue_pressure</c> and it is absent.</summary>
    MissingFluePressure,

    /// <summary><c>flue_pressure</c> is not positive, or not finite.</summary>
    FluePressureOutOfRange,

    /// <summary>The flow channel (<c>flow_actual</c> or <c>flow</c>) is absent.</summary>
    MissingFlow,

    /// <summary>The flow channel is NaN or infinite.</summary>
    InvalidFlow,
}
