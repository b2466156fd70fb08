namespace AirMonitor.AirQuality.Indices;

/// <summary>
/// The index equation the US and Thai indices share: truncate the concentration to the table's precision, find its band,
/// I = (IHi − ILo)/(CHi − CLo)·(C − CLo) + ILo, round half away from zero.
/// </summary>
internal static class PiecewiseLinearIndex
{
    /// <summary>Above this no concentration is physical in any table's unit (10⁶ ppm is the pure gas); it also keeps the decimal arithmetic in range.</summary>
    internal const double MaxConcentration = 1_000_000;

    /// <remarks>
    /// Above a closed top row (finite High) the top row's own equation is extended. An open top row (High = +∞) starts at
    /// its (Low, IndexLow) and climbs with the slope of the row below it.
    /// </remarks>
    internal static AqiResult Compute(IReadOnlyList<AqiBreakpoint> table, double precision, Pollutant pollutant, double concentration)
    {
        Validate(concentration, nameof(concentration));
        decimal c = Truncate(concentration, precision);
        int rowIndex = table.Count - 1;
        for (int i = 0; i < table.Count; i++)
        {
            if (double.IsPositiveInfinity(table[i].High) || c <= (decimal)table[i].High)
            {
                rowIndex = i;
                break;
            }
        }

        AqiBreakpoint row = table[rowIndex];
        AqiBreakpoint slopeRow = double.IsPositiveInfinity(row.High) ? table[rowIndex - 1] : row;
        decimal slope = (slopeRow.IndexHigh - slopeRow.IndexLow) / ((decimal)slopeRow.High - (decimal)slopeRow.Low);
        decimal index = slope * (c - (decimal)row.Low) + row.IndexLow;
        // Decimal division leaves noise near 1e-26; clearing it keeps an exact half exact for the rounding.
        int rounded = (int)Math.Round(Math.Round(index, 9), MidpointRounding.AwayFromZero);
        return new AqiResult(rounded, row.Category, pollutant);
    }

    /// <exception cref="ArgumentOutOfRangeException">A negative, NaN or infinite concentration, or one above <see cref="MaxConcentration"/>.</exception>
    internal static void Validate(double concentration, string parameterName)
    {
        if (!double.IsFinite(concentration) || concentration < 0 || concentration > MaxConcentration)
        {
            throw new ArgumentOutOfRangeException(parameterName, concentration,
                "A concentration must be a finite number from 0 to 1 000 000.");
        }
    }

    /// <summary>The concentration truncated (toward zero) to a multiple of <paramref name="precision"/>.</summary>
    /// <remarks>In decimal, so 35.45 truncates to 35.4 and 9.1 stays 9.1 (binary doubles would turn either into its neighbour).</remarks>
    internal static decimal Truncate(double concentration, double precision)
    {
        decimal step = (decimal)precision;
        return Math.Floor((decimal)concentration / step) * step;
    }

    /// <summary>The category of the row whose index band holds <paramref name="index"/>; past the top row, the top row's category.</summary>
    internal static AqiCategory CategoryOf(IReadOnlyList<AqiBreakpoint> table, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        foreach (AqiBreakpoint row in table)
        {
            if (index <= row.IndexHigh)
            {
                return row.Category;
            }
        }

        return table[^1].Category;
    }
}
