namespace AirMonitor.Sensors.Sen5x;

/// <summary>The SEN5x's I2C commands (datasheet v2, I2C command table) and their execution times.</summary>
internal static class Sen5xCommand
{
    public const ushort StartMeasurement = 0x0021;
    public const ushort StopMeasurement = 0x0104;
    public const ushort ReadDataReadyFlag = 0x0202;
    public const ushort ReadMeasuredValues = 0x03C4;
    public const ushort StartFanCleaning = 0x5607;
    public const ushort ReadProductName = 0xD014;
    public const ushort ReadSerialNumber = 0xD033;
    public const ushort ReadDeviceStatus = 0xD206;
    public const ushort Reset = 0xD304;

    /// <summary>Words of <see cref="ReadMeasuredValues"/>: PM1.0, PM2.5, PM4.0, PM10, RH, T, VOC index, NOx index.</summary>
    public const int MeasuredValuesWords = 8;

    /// <summary>Words of <see cref="ReadProductName"/> and <see cref="ReadSerialNumber"/>: up to 32 ASCII characters, NUL-terminated.</summary>
    public const int TextWords = 16;

    /// <summary>"No value" of the unsigned (PM) words.</summary>
    public const ushort NoUnsignedValue = 0xFFFF;

    /// <summary>"No value" of the signed (RH, T, VOC, NOx) words.</summary>
    public const short NoSignedValue = 0x7FFF;

    public static readonly TimeSpan StartMeasurementTime = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan StopMeasurementTime = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan ReadTime = TimeSpan.FromMilliseconds(20);
    public static readonly TimeSpan FanCleaningTime = TimeSpan.FromMilliseconds(20);
    public static readonly TimeSpan ResetTime = TimeSpan.FromMilliseconds(100);
}
