namespace AirMonitor.Sensors.Bme68x;

/// <summary>The BME680/BME688 register map (Bosch BME68x_SensorAPI, bme68x_defs.h v4.4.7).</summary>
internal static class Bme68xRegisters
{
    public const byte CalibrationBlock3 = 0x00; // 5 bytes: res_heat_val 0x00, res_heat_range 0x02, range_sw_err 0x04
    public const int CalibrationBlock3Length = 5;
    public const byte Field0 = 0x1D; // meas_status_0 … gas_r_lsb (high variant): 17 bytes
    public const int Field0Length = 17;
    public const byte ResHeat0 = 0x5A;
    public const byte GasWait0 = 0x64;
    public const byte ControlGas0 = 0x70;
    public const byte ControlGas1 = 0x71;
    public const byte ControlHumidity = 0x72;
    public const byte ControlMeasurement = 0x74;
    public const byte Config = 0x75;
    public const byte CalibrationBlock1 = 0x8A; // 23 bytes: 0x8A..0xA0
    public const int CalibrationBlock1Length = 23;
    public const byte ChipId = 0xD0;
    public const byte Reset = 0xE0;
    public const byte CalibrationBlock2 = 0xE1; // 14 bytes: 0xE1..0xEE
    public const int CalibrationBlock2Length = 14;
    public const byte VariantId = 0xF0;

    public const byte Bme68xChipId = 0x61;
    public const byte SoftResetCommand = 0xB6;

    public const byte ModeSleep = 0b00;
    public const byte ModeForced = 0b01;
    public const byte ModeMask = 0b11;

    public const byte NewData = 0x80; // meas_status_0
    public const byte GasValid = 0x20; // gas_r_lsb
    public const byte HeaterStable = 0x10; // gas_r_lsb
    public const byte GasRangeMask = 0x0F; // gas_r_lsb

    /// <summary>Field offsets within the 17 bytes read from 0x1D.</summary>
    public const int PressureOffset = 2, TemperatureOffset = 5, HumidityOffset = 8, GasLowOffset = 13, GasHighOffset = 15;

    /// <summary>run_gas (ctrl_gas_1 bits [5:4]): 01 on the BME680, 10 on the BME688.</summary>
    public const byte RunGasBme680 = 0b01 << 4;
    public const byte RunGasBme688 = 0b10 << 4;
}
