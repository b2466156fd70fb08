namespace AirMonitor.Sensors.Sgp40;

/// <summary>The SGP40's I2C commands (datasheet v1.1, section 4), their answers and execution times.</summary>
internal static class Sgp40Command
{
    public const ushort MeasureRawSignal = 0x260F;
    public const ushort ExecuteSelfTest = 0x280E;
    public const ushort TurnHeaterOff = 0x3615;
    public const ushort GetSerialNumber = 0x3682;

    /// <summary>Self-test answer: all tests passed.</summary>
    public const ushort SelfTestPassed = 0xD400;

    /// <summary>Self-test answer: one or more tests failed.</summary>
    public const ushort SelfTestFailed = 0x4B00;

    /// <summary>The humidity word that, with <see cref="UncompensatedTemperatureTicks"/>, disables on-chip compensation (50 %RH).</summary>
    public const ushort UncompensatedHumidityTicks = 0x8000;

    /// <summary>The temperature word that, with <see cref="UncompensatedHumidityTicks"/>, disables on-chip compensation (25 °C).</summary>
    public const ushort UncompensatedTemperatureTicks = 0x6666;

    public static readonly TimeSpan MeasureRawSignalTime = TimeSpan.FromMilliseconds(30);
    public static readonly TimeSpan SelfTestTime = TimeSpan.FromMilliseconds(320);
    public static readonly TimeSpan TurnHeaterOffTime = TimeSpan.FromMilliseconds(1);
    public static readonly TimeSpan GetSerialNumberTime = TimeSpan.FromMilliseconds(1);
}
