namespace AirMonitor.Sensors.Bme68x;

/// <summary>Which chip answers at chip id 0x61: the variant register (0xF0) tells them apart; their gas paths differ.</summary>
public enum Bme68xVariant : byte
{
    /// <summary>Variant id 0x00 ("gas low"): gas ADC at 0x2A/0x2B, run_gas 01, resistance with the range-switching tables.</summary>
    Bme680 = 0x00,

    /// <summary>Variant id 0x01 ("gas high"): gas ADC at 0x2C/0x2D, run_gas 10, resistance by the closed formula.</summary>
    Bme688 = 0x01,
}
