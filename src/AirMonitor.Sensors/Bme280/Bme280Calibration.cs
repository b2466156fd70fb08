using System.Buffers.Binary;

namespace AirMonitor.Sensors.Bme280;

/// <summary>
/// The trimming parameters a BME280 carries in its NVM (dig_T1…dig_H6), and Bosch's floating-point compensation
/// (BME280_SensorAPI, <c>BME280_DOUBLE_ENABLE</c>): temperature first, which gives t_fine for pressure and humidity.
/// </summary>
public sealed record Bme280Calibration(
    ushort T1, short T2, short T3,
    ushort P1, short P2, short P3, short P4, short P5, short P6, short P7, short P8, short P9,
    byte H1, short H2, byte H3, short H4, short H5, sbyte H6)
{
    /// <summary>Parses the two calibration blocks: 26 bytes from 0x88 (…0xA1) and 7 bytes from 0xE1 (…0xE7).</summary>
    /// <exception cref="ArgumentException">A block is shorter than the datasheet's.</exception>
    public static Bme280Calibration Parse(ReadOnlySpan<byte> from0x88, ReadOnlySpan<byte> from0xE1)
    {
        if (from0x88.Length < Bme280Registers.CalibrationTemperaturePressureLength || from0xE1.Length < Bme280Registers.CalibrationHumidityLength)
        {
            throw new ArgumentException("BME280 calibration needs 26 bytes from 0x88 and 7 bytes from 0xE1");
        }

        static short S16(ReadOnlySpan<byte> block, int at) => BinaryPrimitives.ReadInt16LittleEndian(block[at..]);

        // H4 and H5 share 0xE5's nibbles; their high bytes (0xE4, 0xE6) are signed, so sign-extend before shifting.
        var h4 = (short)(((sbyte)from0xE1[3] * 16) | (from0xE1[4] & 0x0F));
        var h5 = (short)(((sbyte)from0xE1[5] * 16) | (from0xE1[4] >> 4));

        return new Bme280Calibration(
            BinaryPrimitives.ReadUInt16LittleEndian(from0x88), S16(from0x88, 2), S16(from0x88, 4),
            BinaryPrimitives.ReadUInt16LittleEndian(from0x88[6..]), S16(from0x88, 8), S16(from0x88, 10), S16(from0x88, 12), S16(from0x88, 14), S16(from0x88, 16), S16(from0x88, 18), S16(from0x88, 20), S16(from0x88, 22),
            from0x88[25],
            BinaryPrimitives.ReadInt16LittleEndian(from0xE1),
            from0xE1[2],
            h4,
            h5,
            (sbyte)from0xE1[6]);
    }

    /// <summary>Temperature in °C (clamped to −40…85 as Bosch does) and t_fine, which pressure and humidity need.</summary>
    public double CompensateTemperature(int adcTemperature, out int tFine) =>
        Math.Clamp(CompensateTemperatureUnclamped(adcTemperature, out tFine), -40.0, 85.0);

    /// <summary>Bosch's temperature formula without the clamp: what a raw code stands for (simulated chips invert this).</summary>
    internal double CompensateTemperatureUnclamped(int adcTemperature, out int tFine)
    {
        var var1 = ((adcTemperature / 16384.0) - (T1 / 1024.0)) * T2;
        var var2 = (adcTemperature / 131072.0) - (T1 / 8192.0);
        var2 = var2 * var2 * T3;
        tFine = (int)(var1 + var2);
        return (var1 + var2) / 5120.0;
    }

    /// <summary>Pressure in Pa (clamped to 30 000…110 000 as Bosch does).</summary>
    public double CompensatePressure(int adcPressure, int tFine) =>
        Math.Clamp(CompensatePressureUnclamped(adcPressure, tFine), 30000.0, 110000.0);

    /// <summary>Bosch's pressure formula without the clamp (simulated chips invert this).</summary>
    internal double CompensatePressureUnclamped(int adcPressure, int tFine)
    {
        var var1 = (tFine / 2.0) - 64000.0;
        var var2 = var1 * var1 * P6 / 32768.0;
        var2 += var1 * P5 * 2.0;
        var2 = (var2 / 4.0) + (P4 * 65536.0);
        var var3 = P3 * var1 * var1 / 524288.0;
        var1 = (var3 + (P2 * var1)) / 524288.0;
        var1 = (1.0 + (var1 / 32768.0)) * P1;
        if (var1 == 0)
        {
            return 30000.0; // Bosch's answer to a division by zero: the lower limit
        }

        var pressure = 1048576.0 - adcPressure;
        pressure = (pressure - (var2 / 4096.0)) * 6250.0 / var1;
        var1 = P9 * pressure * pressure / 2147483648.0;
        var2 = pressure * P8 / 32768.0;
        pressure += (var1 + var2 + P7) / 16.0;
        return pressure;
    }

    /// <summary>Relative humidity in %, clamped to 0…100.</summary>
    public double CompensateHumidity(int adcHumidity, int tFine) =>
        Math.Clamp(CompensateHumidityUnclamped(adcHumidity, tFine), 0.0, 100.0);

    /// <summary>Bosch's humidity formula without the clamp (simulated chips invert this).</summary>
    internal double CompensateHumidityUnclamped(int adcHumidity, int tFine)
    {
        var var1 = tFine - 76800.0;
        var var2 = (H4 * 64.0) + (H5 / 16384.0 * var1);
        var var3 = adcHumidity - var2;
        var var4 = H2 / 65536.0;
        var var5 = 1.0 + (H3 / 67108864.0 * var1);
        var var6 = 1.0 + (H6 / 67108864.0 * var1 * var5);
        var6 = var3 * var4 * (var5 * var6);
        return var6 * (1.0 - (H1 * var6 / 524288.0));
    }
}
