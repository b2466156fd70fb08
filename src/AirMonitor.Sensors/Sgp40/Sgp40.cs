using System.Device.I2c;
using AirMonitor.Sensors.Sensirion;

namespace AirMonitor.Sensors.Sgp40;

/// <summary>
/// Sensirion SGP40 MOX VOC sensor on I2C: the raw signal (SRAW_VOC ticks), optionally humidity-compensated on chip.
/// Turn it into a VOC index with <see cref="VocIndexAlgorithm"/>.
/// Owns its <see cref="I2cDevice"/>: <see cref="Dispose"/> turns the heater off, then disposes the bus.
/// </summary>
public sealed class Sgp40 : SensirionDevice
{
    /// <summary>The SGP40's fixed I2C address.</summary>
    public const int DefaultI2cAddress = 0x59;

    /// <param name="device">The I2C device at <see cref="DefaultI2cAddress"/>; the driver disposes it.</param>
    public Sgp40(I2cDevice device)
        : base(device)
    {
    }

    /// <summary>The humidity word of the measure command: %RH·65535/100, rounded, clamped to 0–100 %RH.</summary>
    public static ushort HumidityTicks(double humidityPercent) =>
        (ushort)Math.Round(Math.Clamp(humidityPercent, 0, 100) * 65535 / 100, MidpointRounding.AwayFromZero);

    /// <summary>The temperature word of the measure command: (°C+45)·65535/175, rounded, clamped to −45–130 °C.</summary>
    public static ushort TemperatureTicks(double temperatureCelsius) =>
        (ushort)Math.Round((Math.Clamp(temperatureCelsius, -45, 130) + 45) * 65535 / 175, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Measures the raw signal (starting the heater if it was off), waiting the 30 ms it takes.
    /// With both humidity and temperature the sensor compensates humidity on chip; when either is null or not a
    /// number it sends the datasheet's "no compensation" words 0x8000, 0x6666.
    /// </summary>
    /// <returns>False when the answer's CRC does not match (<paramref name="rawTicks"/> is then 0).</returns>
    public bool TryMeasureRaw(double? humidityPercent, double? temperatureCelsius, out ushort rawTicks)
    {
        var compensated = humidityPercent is { } rh && double.IsFinite(rh) && temperatureCelsius is { } t && double.IsFinite(t);
        var humidityWord = compensated ? HumidityTicks(humidityPercent!.Value) : Sgp40Command.UncompensatedHumidityTicks;
        var temperatureWord = compensated ? TemperatureTicks(temperatureCelsius!.Value) : Sgp40Command.UncompensatedTemperatureTicks;

        Span<ushort> word = stackalloc ushort[1];
        var valid = TryRead(Sgp40Command.MeasureRawSignal, Sgp40Command.MeasureRawSignalTime, word, humidityWord, temperatureWord);
        rawTicks = valid ? word[0] : (ushort)0;
        return valid;
    }

    /// <summary>
    /// Runs the built-in self-test (320 ms). From idle the sensor returns to idle; during measurement the heater stays on.
    /// </summary>
    /// <returns>False when the answer's CRC does not match or it is neither the pass nor the fail pattern.</returns>
    public bool TryRunSelfTest(out Sgp40SelfTestResult result)
    {
        Span<ushort> word = stackalloc ushort[1];
        var valid = TryRead(Sgp40Command.ExecuteSelfTest, Sgp40Command.SelfTestTime, word);
        result = word[0] == Sgp40Command.SelfTestPassed ? Sgp40SelfTestResult.Passed : Sgp40SelfTestResult.Failed;
        return valid && word[0] is Sgp40Command.SelfTestPassed or Sgp40Command.SelfTestFailed;
    }

    /// <summary>Turns the hotplate off and puts the sensor in idle mode (stops VOC measurement).</summary>
    public void TurnHeaterOff()
    {
        Send(Sgp40Command.TurnHeaterOff, Sgp40Command.TurnHeaterOffTime);
    }

    /// <summary>The 48-bit serial number; false when a CRC does not match.</summary>
    public bool TryReadSerialNumber(out ulong serialNumber)
    {
        Span<ushort> words = stackalloc ushort[3];
        var valid = TryRead(Sgp40Command.GetSerialNumber, Sgp40Command.GetSerialNumberTime, words);
        serialNumber = valid ? ((ulong)words[0] << 32) | ((ulong)words[1] << 16) | words[2] : 0;
        return valid;
    }

    /// <summary>Turns the heater off.</summary>
    protected override void Quiesce() => TurnHeaterOff();
}
