namespace AirMonitor.Sensors.Sps30;

/// <summary>The SPS30's I2C commands (datasheet v1.0, I2C command table) and their execution times.</summary>
internal static class Sps30Command
{
    public const ushort StartMeasurement = 0x0010;
    public const ushort StopMeasurement = 0x0104;
    public const ushort ReadDataReadyFlag = 0x0202;
    public const ushort ReadMeasuredValues = 0x0300;
    public const ushort Sleep = 0x1001;
    public const ushort WakeUp = 0x1103;
    public const ushort StartFanCleaning = 0x5607;
    public const ushort ReadSerialNumber = 0xD033;
    public const ushort Reset = 0xD304;

    /// <summary>Argument of <see cref="StartMeasurement"/>: big-endian IEEE-754 float output (0x0500 would be uint16).</summary>
    public const ushort FloatOutputFormat = 0x0300;

    /// <summary>Words of <see cref="ReadMeasuredValues"/> in float format: 10 floats of 2 words each.</summary>
    public const int MeasuredValuesWords = 20;

    /// <summary>Words of <see cref="ReadSerialNumber"/>: up to 32 ASCII characters, NUL-terminated.</summary>
    public const int SerialNumberWords = 16;

    public static readonly TimeSpan StartMeasurementTime = TimeSpan.FromMilliseconds(20);
    public static readonly TimeSpan StopMeasurementTime = TimeSpan.FromMilliseconds(20);
    public static readonly TimeSpan SleepTime = TimeSpan.FromMilliseconds(5);
    public static readonly TimeSpan WakeUpTime = TimeSpan.FromMilliseconds(5);
    public static readonly TimeSpan FanCleaningTime = TimeSpan.FromMilliseconds(5);
    public static readonly TimeSpan ResetTime = TimeSpan.FromMilliseconds(100);
}
