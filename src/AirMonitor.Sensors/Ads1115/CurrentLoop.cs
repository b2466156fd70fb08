using System.Globalization;
using AirMonitor.Core.Metrics;

namespace AirMonitor.Sensors.Ads1115;

/// <summary>
/// A 4–20 mA loop read as the voltage across a shunt: I = V / R, value = min + (I − 4)/16 · (max − min).
/// Currents outside NAMUR NE43's measuring band (3.8…20.5 mA) are faults, not values.
/// </summary>
public sealed record CurrentLoop(int Channel, double ShuntOhms, string Metric, double RangeMin, double RangeMax)
{
    public const double DefaultShuntOhms = 150.0;

    /// <summary>NE43: below 3.8 mA the loop is broken or the transmitter failed.</summary>
    public const double MinimumMilliamps = 3.8;

    /// <summary>NE43: above 20.5 mA the transmitter is over range or failed.</summary>
    public const double MaximumMilliamps = 20.5;

    public double Milliamps(double volts) => volts / ShuntOhms * 1000.0;

    /// <summary>The measured value for a loop current, scaled linearly from 4 mA (<see cref="RangeMin"/>) to 20 mA (<see cref="RangeMax"/>).</summary>
    public double Value(double milliamps) => RangeMin + ((milliamps - 4.0) / 16.0 * (RangeMax - RangeMin));

    /// <summary>The smallest PGA range that holds 20.5 mA across the shunt (150 Ω: 3.075 V → ±4.096 V).</summary>
    public Ads1115FullScale FullScale
    {
        get
        {
            var volts = MaximumMilliamps / 1000.0 * ShuntOhms;
            return Enum.GetValues<Ads1115FullScale>().Where(f => f.Volts() >= volts).OrderBy(f => f.Volts()).DefaultIfEmpty(Ads1115FullScale.PlusMinus6_144Volts).First();
        }
    }

    /// <summary>The loop a profile describes: <c>channel</c> (0–3), <c>shunt_ohms</c> (default 150), <c>metric</c>, <c>range_min</c>, <c>range_max</c>.</summary>
    /// <exception cref="ArgumentException">A parameter is missing or invalid, naming the model and the parameter.</exception>
    public static CurrentLoop FromParameters(SensorConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var metric = connection.Parameter("metric");
        if (metric is null || !MetricVocabulary.TryGet(metric, out _))
        {
            throw new ArgumentException($"{connection.Model}: parameter 'metric' must be a metric of the vocabulary, e.g. o2 or flow (is '{metric ?? "missing"}')");
        }

        var shunt = connection.Parameter("shunt_ohms") is null ? DefaultShuntOhms : connection.RequiredNumber("shunt_ohms");
        if (!(shunt > 0) || !double.IsFinite(shunt))
        {
            throw new ArgumentException($"{connection.Model}: parameter 'shunt_ohms' must be positive (is '{shunt.ToString(CultureInfo.InvariantCulture)}')");
        }

        var rangeMin = connection.RequiredNumber("range_min");
        var rangeMax = connection.RequiredNumber("range_max");
        if (!(rangeMax > rangeMin))
        {
            throw new ArgumentException($"{connection.Model}: parameter 'range_max' must be above 'range_min' ({rangeMax.ToString(CultureInfo.InvariantCulture)} ≤ {rangeMin.ToString(CultureInfo.InvariantCulture)})");
        }

        return new CurrentLoop(Ads1115Scale.ChannelParameter(connection, "channel"), shunt, metric, rangeMin, rangeMax);
    }
}
