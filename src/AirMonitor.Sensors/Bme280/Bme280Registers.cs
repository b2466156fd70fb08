namespace AirMonitor.Sensors.Bme280;

/// <summary>The BME280's register map (datasheet BST-BME280-DS002, section 5.3).</summary>
internal static class Bme280Registers
{
    public const byte CalibrationTemperaturePressure = 0x88; // 0x88..0xA1: 26 bytes, H1 last
    public const int CalibrationTemperaturePressureLength = 26;
    public const byte ChipId = 0xD0;
    public const byte Reset = 0xE0;
    public const byte CalibrationHumidity = 0xE1; // 0xE1..0xE7
    public const int CalibrationHumidityLength = 7;
    public const byte ControlHumidity = 0xF2;
    public const byte Status = 0xF3;
    public const byte ControlMeasurement = 0xF4;
    public const byte Config = 0xF5;
    public const byte Data = 0xF7; // press_msb..hum_lsb: 8 bytes
    public const int DataLength = 8;

    public const byte Bme280ChipId = 0x60;
    public const byte Bmp280ChipId = 0x58;
    public const byte SoftResetCommand = 0xB6;

    public const byte StatusMeasuring = 0x08;
    public const byte StatusImUpdate = 0x01;

    public const byte ModeSleep = 0b00;
    public const byte ModeForced = 0b01;
    public const byte ModeForcedAlternate = 0b10; // datasheet table 25: 01 and 10 are both forced mode
    public const byte ModeMask = 0b11;

    /// <summary>The value a skipped pressure or temperature channel reads (0x80000), and a skipped humidity (0x8000).</summary>
    public const int SkippedTemperaturePressure = 0x80000;
    public const int SkippedHumidity = 0x8000;
}
