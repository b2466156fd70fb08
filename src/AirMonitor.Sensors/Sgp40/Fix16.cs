/*
 * Fixed-point arithmetic as in Sensirion's gas index algorithm (fixed-point version), whose fix16 functions
 * were originally created by https://github.com/PetteriAimonen/libfixmath. Written in C# from
 * https://github.com/Sensirion/gas-index-algorithm; Sensirion's BSD-3-Clause notice is in VocIndexAlgorithm.cs.
 */

namespace AirMonitor.Sensors.Sgp40;

/// <summary>
/// A signed Q16.16 number with the reference's rounding (multiply and divide round to nearest, overflow gives
/// <see cref="int.MinValue"/>), so the VOC index is bit-for-bit the reference's on every CPU.
/// </summary>
internal readonly record struct Fix16(int Raw)
{
    public static readonly Fix16 Zero = new(0);
    public static readonly Fix16 One = new(0x0001_0000);
    public static readonly Fix16 Maximum = new(int.MaxValue);

    private static readonly Fix16 Overflow = new(int.MinValue);
    private static readonly Fix16 ExpUpperLimit = FromDouble(10.3972);
    private static readonly Fix16 ExpLowerLimit = FromDouble(-11.7835);

    // exp(±x) for x = 1, 1/8, 1/64, 1/512: exp is the product of these over the binary digits of x.
    private static readonly Fix16[] ExpPositive = [FromDouble(2.7182818), FromDouble(1.1331485), FromDouble(1.0157477), FromDouble(1.0019550)];
    private static readonly Fix16[] ExpNegative = [FromDouble(0.3678794), FromDouble(0.8824969), FromDouble(0.9844964), FromDouble(0.9980488)];

    /// <summary>The reference's <c>F16(x)</c>: rounds half away from zero.</summary>
    public static Fix16 FromDouble(double value) =>
        new((int)(value >= 0 ? (value * 65536.0) + 0.5 : (value * 65536.0) - 0.5));

    public static Fix16 FromInt(int value) => new(unchecked(value * 0x0001_0000));

    /// <summary>The integer part, truncated towards zero.</summary>
    public int ToInt32() => Raw >= 0 ? Raw >> 16 : -(-Raw >> 16);

    public double ToDouble() => Raw / 65536.0;

    public static Fix16 operator +(Fix16 a, Fix16 b) => new(unchecked(a.Raw + b.Raw));

    public static Fix16 operator -(Fix16 a, Fix16 b) => new(unchecked(a.Raw - b.Raw));

    public static Fix16 operator -(Fix16 a) => new(unchecked(-a.Raw));

    public static Fix16 operator *(Fix16 a, Fix16 b)
    {
        var product = (ulong)Magnitude(a) * Magnitude(b);

        // The upper 17 bits of the 64-bit product must be zero.
        if (product >> 47 != 0)
        {
            return Overflow;
        }

        var rounded = (product + 0x8000) >> 16;
        var result = unchecked((int)(uint)rounded);
        return new((a.Raw < 0) != (b.Raw < 0) ? unchecked(-result) : result);
    }

    public static Fix16 operator /(Fix16 a, Fix16 b)
    {
        if (b.Raw == 0)
        {
            return Overflow;
        }

        // Restoring binary division with a final round to nearest, step for step as the reference.
        var remainder = Magnitude(a);
        var divider = Magnitude(b);
        uint quotient = 0;
        uint bit = 0x1_0000;
        while (divider < remainder)
        {
            divider <<= 1;
            bit <<= 1;
        }

        if (bit == 0)
        {
            return Overflow;
        }

        if ((divider & 0x8000_0000) != 0)
        {
            if (remainder >= divider)
            {
                quotient |= bit;
                remainder -= divider;
            }

            divider >>= 1;
            bit >>= 1;
        }

        while (bit != 0 && remainder != 0)
        {
            if (remainder >= divider)
            {
                quotient |= bit;
                remainder -= divider;
            }

            remainder <<= 1;
            bit >>= 1;
        }

        if (remainder >= divider)
        {
            quotient++;
        }

        var result = unchecked((int)quotient);
        if ((a.Raw < 0) != (b.Raw < 0))
        {
            return result == int.MinValue ? Overflow : new(-result);
        }

        return new(result);
    }

    public static bool operator <(Fix16 a, Fix16 b) => a.Raw < b.Raw;

    public static bool operator >(Fix16 a, Fix16 b) => a.Raw > b.Raw;

    public static bool operator <=(Fix16 a, Fix16 b) => a.Raw <= b.Raw;

    public static bool operator >=(Fix16 a, Fix16 b) => a.Raw >= b.Raw;

    /// <summary>Square root of a non-negative value, rounded to nearest (digit-by-digit, as the reference).</summary>
    public static Fix16 Sqrt(Fix16 x)
    {
        var num = unchecked((uint)x.Raw);
        uint result = 0;
        var bit = 1u << 30;
        while (bit > num)
        {
            bit >>= 2;
        }

        // Twice: the top 24 bits of the answer, then the lowest 8, without 64-bit intermediates.
        for (var pass = 0; pass < 2; pass++)
        {
            while (bit != 0)
            {
                if (num >= result + bit)
                {
                    num -= result + bit;
                    result = (result >> 1) + bit;
                }
                else
                {
                    result >>= 1;
                }

                bit >>= 2;
            }

            if (pass == 0)
            {
                if (num > 65535)
                {
                    num -= result;
                    num = unchecked((num << 16) - 0x8000);
                    result = (result << 16) + 0x8000;
                }
                else
                {
                    num <<= 16;
                    result <<= 16;
                }

                bit = 1 << 14;
            }
        }

        if (num > result)
        {
            result++;
        }

        return new(unchecked((int)result));
    }

    /// <summary>e^x by the reference's table product (relative error up to about 0.2 %).</summary>
    public static Fix16 Exp(Fix16 x)
    {
        if (x >= ExpUpperLimit)
        {
            return Maximum;
        }

        if (x <= ExpLowerLimit)
        {
            return Zero;
        }

        var table = x.Raw < 0 ? ExpNegative : ExpPositive;
        var rest = x.Raw < 0 ? -x.Raw : x.Raw;
        var result = One;
        var step = One.Raw;
        foreach (var factor in table)
        {
            while (rest >= step)
            {
                result *= factor;
                rest -= step;
            }

            step >>= 3;
        }

        return result;
    }

    public override string ToString() => ToDouble().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static uint Magnitude(Fix16 value) => unchecked((uint)(value.Raw >= 0 ? value.Raw : -value.Raw));
}
