using AirMonitor.Sensors.Simulation;

namespace AirMonitor.Sensors.Sps30;

/// <summary>
/// An SPS30 in software: answers with <see cref="SimulatedAir"/>'s PM as float words, keeps the datasheet's modes
/// (idle, measuring, sleeping) and NACKs what the real part would: start while measuring, an integer output format,
/// any command but wake-up while asleep, and the first wake-up.
/// </summary>
public sealed class SimulatedSps30 : SimulatedSensirionDevice
{
    // Plausible, not physics: ambient aerosol of ~0.55 µm typical size gives roughly 6.5 particles/cm³ per µg/m³.
    private const double ParticlesPerCubicCentimeterPerMicrogram = 6.5;
    private const double TypicalParticleSizeMicrometers = 0.55;

    private readonly SimulatedAir _air;
    private bool _interfaceAwake = true;

    public SimulatedSps30(SimulatedAir air, int address = Sps30.DefaultI2cAddress)
        : base(address)
    {
        ArgumentNullException.ThrowIfNull(air);
        _air = air;
        Respond(Sps30Command.ReadDataReadyFlag, () => [(ushort)(IsMeasuring && DataReady ? 1 : 0)]);
        Respond(Sps30Command.ReadMeasuredValues, MeasuredValues);
        Respond(Sps30Command.ReadSerialNumber, () => AsciiWords(SerialNumber, Sps30Command.SerialNumberWords));
    }

    public bool IsMeasuring { get; private set; }

    public bool IsSleeping { get; private set; }

    public string SerialNumber { get; set; } = "SIMSPS30000001";

    protected override void OnCommand(SensirionCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (IsSleeping && command.Command != Sps30Command.WakeUp)
        {
            throw new IOException("SPS30 asleep: only wake-up is acknowledged");
        }

        switch (command.Command)
        {
            case Sps30Command.StartMeasurement when IsMeasuring || command.Arguments is not [Sps30Command.FloatOutputFormat]:
                throw new IOException("SPS30: start measurement is accepted in idle mode with the float format only (simulated)");
            case Sps30Command.StartMeasurement:
                IsMeasuring = true;
                break;
            case Sps30Command.StopMeasurement:
                IsMeasuring = false;
                break;
            case Sps30Command.Sleep:
                IsSleeping = true;
                _interfaceAwake = false;
                break;
            case Sps30Command.WakeUp when !_interfaceAwake:
                _interfaceAwake = true;
                throw new IOException("SPS30: the first wake-up only wakes the interface (NACK)");
            case Sps30Command.WakeUp:
                IsSleeping = false;
                break;
            case Sps30Command.Reset:
                IsMeasuring = false;
                break;
        }
    }

    private ushort[] MeasuredValues()
    {
        if (!IsMeasuring)
        {
            throw new IOException("SPS30: no measured values in idle mode (NACK)");
        }

        var nc1 = _air.Pm1_0MicrogramsPerCubicMeter * ParticlesPerCubicCentimeterPerMicrogram;
        double[] values =
        [
            _air.Pm1_0MicrogramsPerCubicMeter,
            _air.Pm2_5MicrogramsPerCubicMeter,
            _air.Pm4_0MicrogramsPerCubicMeter,
            _air.Pm10MicrogramsPerCubicMeter,
            0.85 * nc1,
            nc1,
            _air.Pm2_5MicrogramsPerCubicMeter * ParticlesPerCubicCentimeterPerMicrogram,
            _air.Pm4_0MicrogramsPerCubicMeter * ParticlesPerCubicCentimeterPerMicrogram,
            _air.Pm10MicrogramsPerCubicMeter * ParticlesPerCubicCentimeterPerMicrogram,
            TypicalParticleSizeMicrometers,
        ];
        return FloatWords(values);
    }

    /// <summary>Each value as a big-endian IEEE-754 float in two words, as the SPS30 sends it.</summary>
    internal static ushort[] FloatWords(params ReadOnlySpan<double> values)
    {
        var words = new ushort[2 * values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var bits = BitConverter.SingleToUInt32Bits((float)values[i]);
            words[2 * i] = (ushort)(bits >> 16);
            words[(2 * i) + 1] = (ushort)bits;
        }

        return words;
    }
}
