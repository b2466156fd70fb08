namespace AirMonitor.Sensors.Scd4x;

/// <summary>The SCD4x's I2C commands (datasheet v1.3, table 9) and their execution times.</summary>
internal static class Scd4xCommand
{
    public const ushort StartPeriodicMeasurement = 0x21B1;
    public const ushort StartLowPowerPeriodicMeasurement = 0x21AC;
    public const ushort MeasureSingleShot = 0x219D;
    public const ushort ReadMeasurement = 0xEC05;
    public const ushort StopPeriodicMeasurement = 0x3F86;
    public const ushort GetDataReadyStatus = 0xE4B8;
    public const ushort SetAmbientPressure = 0xE000;
    public const ushort PerformForcedRecalibration = 0x362F;
    public const ushort PersistSettings = 0x3615;
    public const ushort GetSerialNumber = 0x3682;
    public const ushort Reinit = 0x3646;

    /// <summary>Bits of the data-ready word that say new data is waiting (the upper 5 bits are not part of the flag).</summary>
    public const ushort DataReadyMask = 0x07FF;

    /// <summary>Answer of <see cref="PerformForcedRecalibration"/> when it failed.</summary>
    public const ushort FailedRecalibration = 0xFFFF;

    /// <summary>Offset of the forced-recalibration correction word: correction ppm = word − 0x8000.</summary>
    public const int RecalibrationCorrectionOffset = 0x8000;

    public static readonly TimeSpan ReadTime = TimeSpan.FromMilliseconds(1);
    public static readonly TimeSpan StopPeriodicMeasurementTime = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan SetAmbientPressureTime = TimeSpan.FromMilliseconds(1);
    public static readonly TimeSpan SingleShotTime = TimeSpan.FromMilliseconds(5000);
    public static readonly TimeSpan ForcedRecalibrationTime = TimeSpan.FromMilliseconds(400);
    public static readonly TimeSpan PersistSettingsTime = TimeSpan.FromMilliseconds(800);
    public static readonly TimeSpan ReinitTime = TimeSpan.FromMilliseconds(20);
}
