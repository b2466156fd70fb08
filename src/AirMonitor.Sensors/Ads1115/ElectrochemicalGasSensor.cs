namespace AirMonitor.Sensors.Ads1115;

/// <summary>
/// An electrochemical cell (Alphasense ISB/AFE) read through an ADS1115: working and auxiliary electrode,
/// one single-shot conversion each, and the cell's concentration in ppb (ppm for CO).
/// </summary>
public sealed class ElectrochemicalGasSensor(Ads1115Device adc, ElectrochemicalCell cell, Ads1115FullScale fullScale = Ads1115FullScale.PlusMinus4_096Volts) : ISensor
{
    public const string ModelName = "ads1115-electrochem";

    public Ads1115Device Adc { get; } = adc ?? throw new ArgumentNullException(nameof(adc));

    public ElectrochemicalCell Cell { get; } = cell ?? throw new ArgumentNullException(nameof(cell));

    public string Model => ModelName;

    /// <summary>None set: our reference gives no stabilisation time for the cells (see the README).</summary>
    public TimeSpan WarmUp => TimeSpan.Zero;

    /// <summary>Nothing to start: each read is two single-shot conversions.</summary>
    public void Start()
    {
    }

    public SensorReading Read()
    {
        try
        {
            if (!Adc.TryConvert(Ads1115Scale.SingleEnded(Cell.WorkingChannel), fullScale, Ads1115DataRate.Sps128, out var working)
                || !Adc.TryConvert(Ads1115Scale.SingleEnded(Cell.AuxiliaryChannel), fullScale, Ads1115DataRate.Sps128, out var auxiliary))
            {
                return SensorReading.Failed(SensorFault.NotReady, $"{ModelName}: conversion did not complete");
            }

            return SensorReading.Of(new Dictionary<string, double>
            {
                [Cell.Metric] = Cell.Concentration(working.Millivolts, auxiliary.Millivolts),
            });
        }
        catch (IOException e)
        {
            return SensorReading.Failed(SensorFault.BusError, $"{ModelName}: {e.Message}");
        }
    }

    public void Dispose() => Adc.Dispose();
}
