using AirMonitor.Sensors.Simulation;

namespace AirMonitor.Sensors.Sgp40;

/// <summary>
/// An SGP40 in software: answers the measure command with <see cref="SimulatedAir.VocRawTicks"/>, the self-test with
/// the pass (or, when <see cref="SelfTestFails"/>, the fail) pattern, and keeps track of the heater.
/// </summary>
public sealed class SimulatedSgp40 : SimulatedSensirionDevice
{
    public SimulatedSgp40(SimulatedAir air, int address = Sgp40.DefaultI2cAddress)
        : base(address)
    {
        ArgumentNullException.ThrowIfNull(air);
        Respond(Sgp40Command.MeasureRawSignal, () => [(ushort)Math.Clamp(Math.Round(air.VocRawTicks), 0, ushort.MaxValue)]);
        Respond(Sgp40Command.ExecuteSelfTest, () => [SelfTestFails ? Sgp40Command.SelfTestFailed : Sgp40Command.SelfTestPassed]);
        Respond(Sgp40Command.GetSerialNumber, () => [(ushort)(SerialNumber >> 32), (ushort)(SerialNumber >> 16), (ushort)SerialNumber]);
    }

    /// <summary>Whether the hotplate is on: from the first raw measurement until heater off.</summary>
    public bool HeaterOn { get; private set; }

    /// <summary>The humidity and temperature words of the last measure command.</summary>
    public (ushort HumidityTicks, ushort TemperatureTicks)? LastCompensation { get; private set; }

    public bool SelfTestFails { get; set; }

    public ulong SerialNumber { get; set; } = 0x0000_0A5B_3C21;

    protected override void OnCommand(SensirionCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        switch (command.Command)
        {
            case Sgp40Command.MeasureRawSignal when command.Arguments.Count == 2:
                HeaterOn = true;
                LastCompensation = (command.Arguments[0], command.Arguments[1]);
                break;
            case Sgp40Command.MeasureRawSignal:
                throw new IOException($"SGP40: measure takes 2 argument words, got {command.Arguments.Count} (NACK)");
            case Sgp40Command.TurnHeaterOff:
                HeaterOn = false;
                break;
        }
    }
}
