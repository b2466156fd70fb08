using AirMonitor.Sensors.Simulation;

namespace AirMonitor.Sensors.Sen5x;

/// <summary>
/// A SEN5x in software: answers with <see cref="SimulatedAir"/> in the datasheet's scaled words, and with the
/// "no value" codes for what its variant does not measure (SEN50: RH, T, VOC, NOx; SEN54: NOx).
/// </summary>
public sealed class SimulatedSen5x : SimulatedSensirionDevice
{
    private readonly SimulatedAir _air;

    public SimulatedSen5x(SimulatedAir air, Sen5xVariant variant, int address = Sen5x.DefaultI2cAddress)
        : base(address)
    {
        ArgumentNullException.ThrowIfNull(air);
        _air = air;
        Variant = variant;
        Respond(Sen5xCommand.ReadDataReadyFlag, () => [(ushort)(IsMeasuring && DataReady ? 0x0001 : 0x0000)]);
        Respond(Sen5xCommand.ReadMeasuredValues, MeasuredValues);
        Respond(Sen5xCommand.ReadProductName, () => AsciiWords(Variant.ToString().ToUpperInvariant(), Sen5xCommand.TextWords));
        Respond(Sen5xCommand.ReadSerialNumber, () => AsciiWords(SerialNumber, Sen5xCommand.TextWords));
        Respond(Sen5xCommand.ReadDeviceStatus, () => [0x0000, 0x0000]);
    }

    public Sen5xVariant Variant { get; }

    public bool IsMeasuring { get; private set; }

    public string SerialNumber { get; set; } = "SIMSEN5X000001";

    /// <summary>The VOC index the device reports (SimulatedAir has raw ticks, not the index); 100 is the average of the past day.</summary>
    public double VocIndex { get; set; } = 100;

    /// <summary>The NOx index the device reports; 1 is clean air.</summary>
    public double NoxIndex { get; set; } = 1;

    protected override void OnCommand(SensirionCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        IsMeasuring = command.Command switch
        {
            Sen5xCommand.StartMeasurement => true,
            Sen5xCommand.StopMeasurement or Sen5xCommand.Reset => false,
            _ => IsMeasuring,
        };
    }

    private ushort[] MeasuredValues()
    {
        var climate = Variant != Sen5xVariant.Sen50;
        const ushort noSigned = (ushort)Sen5xCommand.NoSignedValue;
        return
        [
            Unsigned(_air.Pm1_0MicrogramsPerCubicMeter * 10),
            Unsigned(_air.Pm2_5MicrogramsPerCubicMeter * 10),
            Unsigned(_air.Pm4_0MicrogramsPerCubicMeter * 10),
            Unsigned(_air.Pm10MicrogramsPerCubicMeter * 10),
            climate ? Signed(_air.HumidityPercent * 100) : noSigned,
            climate ? Signed(_air.TemperatureCelsius * 200) : noSigned,
            climate ? Signed(VocIndex * 10) : noSigned,
            Variant == Sen5xVariant.Sen55 ? Signed(NoxIndex * 10) : noSigned,
        ];
    }

    // Clamped below the no-value codes: a real reading never collides with them.
    private static ushort Unsigned(double scaled) => (ushort)Math.Clamp(Math.Round(scaled), 0, Sen5xCommand.NoUnsignedValue - 1);

    private static ushort Signed(double scaled) => (ushort)(short)Math.Clamp(Math.Round(scaled), short.MinValue, Sen5xCommand.NoSignedValue - 1);
}
