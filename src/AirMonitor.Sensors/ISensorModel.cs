namespace AirMonitor.Sensors;

/// <summary>
/// A device family as the edge's profiles name it. Each family folder has one; <see cref="SensorModels"/>
/// lists them, so adding a family is adding a folder and one line there.
/// </summary>
public interface ISensorModel
{
    /// <summary>The <c>model</c> values of a profile this family serves, lowercase (e.g. <c>pms5003</c>, <c>pms7003</c>).</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>The sensor on real hardware (I2C bus via System.Device.Gpio, or a serial port).</summary>
    /// <exception cref="ArgumentException">The connection lacks what this family needs (address, port, a calibration constant).</exception>
    ISensor Create(SensorConnection connection);

    /// <summary>The same driver over a simulated bus that answers with the datasheet's bytes for <paramref name="air"/>.</summary>
    ISensor CreateSimulated(SensorConnection connection, SimulatedAir air);
}

/// <summary>Where a sensor is attached and how it is calibrated, from a device profile.</summary>
/// <param name="Model">The profile's model name.</param>
/// <param name="I2cBus">The I2C bus number (Raspberry Pi: 1).</param>
/// <param name="Address">The 7-bit I2C address; null for the family's default.</param>
/// <param name="Port">The serial port (e.g. <c>/dev/ttyAMA0</c>) for UART sensors.</param>
/// <param name="Parameters">Family-specific settings and calibration constants (e.g. an ADS1115 channel, WE0, sensitivity).</param>
/// <param name="Analyser">A plant analyser's Modbus link and register map (<c>modbus-analyser</c>); null for every other family.</param>
public sealed record SensorConnection(
    string Model,
    int I2cBus = 1,
    int? Address = null,
    string? Port = null,
    IReadOnlyDictionary<string, string>? Parameters = null,
    ModbusAnalyser.AnalyserLink? Analyser = null)
{
    public string? Parameter(string name) => Parameters is not null && Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>A required numeric parameter.</summary>
    /// <exception cref="ArgumentException">Missing or not a number, naming the parameter.</exception>
    public double RequiredNumber(string name) =>
        double.TryParse(Parameter(name), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{Model}: parameter '{name}' is required and must be a number (is '{Parameter(name) ?? "missing"}')");
}

/// <summary>
/// The air a simulated sensor "measures": true values that simulated buses encode as the datasheet's bytes.
/// The edge's simulation changes them over time; tests set them directly.
/// </summary>
public sealed class SimulatedAir
{
    public double Pm1_0MicrogramsPerCubicMeter { get; set; } = 8.1;

    public double Pm2_5MicrogramsPerCubicMeter { get; set; } = 12.4;

    public double Pm4_0MicrogramsPerCubicMeter { get; set; } = 16.0;

    public double Pm10MicrogramsPerCubicMeter { get; set; } = 19.0;

    public double TemperatureCelsius { get; set; } = 25.0;

    public double HumidityPercent { get; set; } = 55.0;

    public double PressureHectopascals { get; set; } = 1008.0;

    public double Co2Ppm { get; set; } = 480;

    public double No2Ppb { get; set; } = 20;

    public double O3Ppb { get; set; } = 30;

    public double So2Ppb { get; set; } = 3;

    public double CoPpm { get; set; } = 0.4;

    /// <summary>Sensirion VOC raw signal (SRAW_VOC ticks) the SGP40 reports; about 30 000 in clean air.</summary>
    public double VocRawTicks { get; set; } = 30_000;

    /// <summary>MOX gas sensor resistance (BME680/688).</summary>
    public double GasResistanceOhms { get; set; } = 120_000;

    /// <summary>A 4–20 mA loop's current (a plant analyser's output).</summary>
    public double LoopCurrentMilliamps { get; set; } = 12;

    // A waste incinerator's stack after its gas cleaning, in each metric's canonical unit (docs/storage.md).
    public double StackSo2Ppm { get; set; } = 4;

    public double StackNoPpm { get; set; } = 38;

    public double StackNo2Ppm { get; set; } = 2;

    public double StackNoxPpm { get; set; } = 40;

    public double StackCoPpm { get; set; } = 6;

    public double StackCo2Percent { get; set; } = 8.5;

    public double StackH2oPercent { get; set; } = 17;

    public double StackO2Percent { get; set; } = 10.5;

    public double StackHclMilligramsPerCubicMeter { get; set; } = 3;

    public double StackHfMilligramsPerCubicMeter { get; set; } = 0.1;

    public double StackNh3MilligramsPerCubicMeter { get; set; } = 1.5;

    public double StackTocMilligramsPerCubicMeter { get; set; } = 0.8;

    public double StackHgMicrogramsPerCubicMeter { get; set; } = 1.2;

    public double StackDustMilligramsPerCubicMeter { get; set; } = 0.6;

    public double FlueTemperatureCelsius { get; set; } = 150;

    public double FluePressureHectopascals { get; set; } = 1005;

    public double FlowNormalCubicMetersPerHour { get; set; } = 60_000;

    public double FlowActualCubicMetersPerHour { get; set; } = 105_000;

    public double FurnaceTemperatureCelsius { get; set; } = 950;

    /// <summary>The plant's operating state its DCS reports (register or contacts).</summary>
    public ModbusAnalyser.PlantState PlantState { get; set; } = ModbusAnalyser.PlantState.Operating;

    /// <summary>The status a simulated analyser reports, encoded in each of its map's status sources.</summary>
    public ModbusAnalyser.AnalyserStatus AnalyserStatus { get; set; } = ModbusAnalyser.AnalyserStatus.Valid;
}
