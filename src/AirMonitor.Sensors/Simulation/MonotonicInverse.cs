namespace AirMonitor.Sensors.Simulation;

/// <summary>
/// Finds the raw ADC code a compensation formula maps to a wanted value: simulated Bosch sensors encode the air
/// this way, so the driver's own compensation reads it back.
/// </summary>
internal static class MonotonicInverse
{
    /// <summary>The code in [<paramref name="min"/>, <paramref name="max"/>] whose value is nearest <paramref name="target"/>; <paramref name="compensate"/> must be monotonic.</summary>
    public static int Solve(Func<int, double> compensate, double target, int min, int max)
    {
        var increasing = compensate(max) >= compensate(min);
        int low = min, high = max;
        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            if ((compensate(middle) < target) == increasing)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return Math.Abs(compensate(low) - target) <= Math.Abs(compensate(high) - target) ? low : high;
    }
}
