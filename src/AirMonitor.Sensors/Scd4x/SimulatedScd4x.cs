using AirMonitor.Sensors.Simulation;

namespace AirMonitor.Sensors.Scd4x;

/// <summary>
/// An SCD4x in software: answers with <see cref="SimulatedAir"/>'s CO2, temperature and humidity in the datasheet's
/// words, and NACKs what the real part would: a read with no new data, and idle-only commands during periodic measurement.
/// </summary>
public sealed class SimulatedScd4x : SimulatedSensirionDevice
{
    // The upper 5 bits of the data-ready word are not the flag; set here so a driver that ignores the mask fails.
    private const ushort DataReadyUpperBits = 0x8000;
    private const ushort DataReadyFlagBits = 0x0006;

    private readonly SimulatedAir _air;
    private bool _singleShotPending;

    public SimulatedScd4x(SimulatedAir air, int address = Scd4x.DefaultI2cAddress)
        : base(address)
    {
        ArgumentNullException.ThrowIfNull(air);
        _air = air;
        Respond(Scd4xCommand.GetDataReadyStatus, () => [(ushort)(HasNewData ? DataReadyUpperBits | DataReadyFlagBits : DataReadyUpperBits)]);
        Respond(Scd4xCommand.ReadMeasurement, Measurement);
        Respond(Scd4xCommand.PerformForcedRecalibration, () => [RecalibrationAnswer]);
        Respond(Scd4xCommand.GetSerialNumber, () => [(ushort)(SerialNumber >> 32), (ushort)(SerialNumber >> 16), (ushort)SerialNumber]);
    }

    public Scd4xMeasurementMode? PeriodicMode { get; private set; }

    /// <summary>The last ambient pressure the driver set for compensation.</summary>
    public double? AmbientPressureHectopascals { get; private set; }

    public ulong SerialNumber { get; set; } = 0x0000_5C1D_4012;

    private ushort RecalibrationAnswer { get; set; }

    private bool HasNewData => DataReady && (PeriodicMode is not null || _singleShotPending);

    protected override void OnCommand(SensirionCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        switch (command.Command)
        {
            case Scd4xCommand.StopPeriodicMeasurement:
                PeriodicMode = null;
                break;
            case Scd4xCommand.SetAmbientPressure:
                AmbientPressureHectopascals = command.Arguments[0];
                break;
            case Scd4xCommand.GetDataReadyStatus or Scd4xCommand.ReadMeasurement:
                break;
            case var _ when PeriodicMode is not null:
                throw new IOException($"SCD4x: command 0x{command.Command:X4} is not accepted during periodic measurement (NACK)");
            case Scd4xCommand.StartPeriodicMeasurement:
                PeriodicMode = Scd4xMeasurementMode.Periodic;
                break;
            case Scd4xCommand.StartLowPowerPeriodicMeasurement:
                PeriodicMode = Scd4xMeasurementMode.LowPowerPeriodic;
                break;
            case Scd4xCommand.MeasureSingleShot:
                _singleShotPending = true;
                break;
            case Scd4xCommand.PerformForcedRecalibration:
                RecalibrationAnswer = (ushort)(Scd4xCommand.RecalibrationCorrectionOffset + (int)Math.Round(command.Arguments[0] - _air.Co2Ppm));
                break;
        }
    }

    private ushort[] Measurement()
    {
        if (!HasNewData)
        {
            throw new IOException("SCD4x: no new data in the buffer (NACK)");
        }

        _singleShotPending = false;
        return
        [
            Word(_air.Co2Ppm),
            Word((_air.TemperatureCelsius + 45) * 65535 / 175),
            Word(_air.HumidityPercent * 65535 / 100),
        ];
    }

    private static ushort Word(double value) => (ushort)Math.Clamp(Math.Round(value), 0, ushort.MaxValue);
}
