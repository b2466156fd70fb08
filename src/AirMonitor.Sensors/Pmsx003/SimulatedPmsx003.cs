using System.Buffers.Binary;
using AirMonitor.Sensors.Simulation;

namespace AirMonitor.Sensors.Pmsx003;

/// <summary>
/// A PMS5003/7003/A003 on a simulated serial line: encodes <see cref="SimulatedAir"/> into datasheet data frames,
/// streams one whenever the driver waits in active mode, answers the read command in passive mode, and answers
/// mode and sleep commands as the sensor does. Asleep, it answers only the wake command.
/// </summary>
public sealed class SimulatedPmsx003(SimulatedAir air, TimeSpan readTimeout) : SimulatedSerialStream(readTimeout)
{
    // µg/m³: up to here the CF=1 and atmospheric values are equal; above, CF=1 is the higher.
    private const double StandardEqualsAtmosphericUpTo = 30;

    public SimulatedPmsx003(SimulatedAir air)
        : this(air, TimeSpan.FromSeconds(1))
    {
    }

    /// <summary>Active after power-up, as the sensor.</summary>
    public Pmsx003Mode Mode { get; private set; } = Pmsx003Mode.Active;

    public bool IsAsleep { get; set; }

    /// <summary>When set, the next data frame goes out with a wrong checksum.</summary>
    public bool CorruptNextFrame { get; set; }

    /// <summary>The data frames sent so far.</summary>
    public int FramesSent { get; private set; }

    /// <summary>
    /// The CF=1 ("standard particle") value a Plantower sensor reports beside an atmospheric-environment value: equal up
    /// to 30 µg/m³, and 1.5 × atmospheric − 15 above, so that the CF=1/atmospheric ratio rises from 1 towards 1.5 in
    /// heavy smoke. An approximation of what PurpleAir's PMS5003 data show; Plantower does not publish the algorithms.
    /// </summary>
    public static double StandardParticleMicrogramsPerCubicMeter(double atmosphericMicrogramsPerCubicMeter) =>
        atmosphericMicrogramsPerCubicMeter <= StandardEqualsAtmosphericUpTo
            ? atmosphericMicrogramsPerCubicMeter
            : (1.5 * atmosphericMicrogramsPerCubicMeter) - 15;

    /// <summary>
    /// The frame of <paramref name="air"/>: atmospheric PM is the air's, CF=1 PM follows from it
    /// (<see cref="StandardParticleMicrogramsPerCubicMeter"/>), both rounded to the sensor's whole µg/m³. Particle counts
    /// are 0 (not modelled).
    /// </summary>
    internal static Pmsx003Measurement MeasurementOf(SimulatedAir air)
    {
        var pm1 = air.Pm1_0MicrogramsPerCubicMeter;
        var pm25 = air.Pm2_5MicrogramsPerCubicMeter;
        var pm10 = air.Pm10MicrogramsPerCubicMeter;
        return new Pmsx003Measurement(
            Standard(pm1), Standard(pm25), Standard(pm10), WholeMicrograms(pm1), WholeMicrograms(pm25), WholeMicrograms(pm10), 0, 0, 0, 0, 0, 0, 0);
    }

    /// <summary>The next data frame, corrupted if <paramref name="corrupt"/>.</summary>
    internal static byte[] FrameOf(SimulatedAir air, bool corrupt)
    {
        var frame = Pmsx003Frame.Encode(MeasurementOf(air));
        if (corrupt)
        {
            frame[^1] ^= 0xFF;
        }

        return frame;
    }

    protected override void OnWrite(ReadOnlySpan<byte> written)
    {
        // The sensor ignores whatever is not a well-formed command.
        if (written.Length != 7 || written[0] != Pmsx003Frame.Start1 || written[1] != Pmsx003Frame.Start2
            || BinaryPrimitives.ReadUInt16BigEndian(written[5..]) != Pmsx003Frame.Checksum(written[..5]))
        {
            return;
        }

        var (command, data) = (written[2], written[4]);
        if (command == Pmsx003Frame.SleepCommand && data == 1)
        {
            IsAsleep = false;
            return;
        }

        if (IsAsleep)
        {
            return;
        }

        switch (command)
        {
            case Pmsx003Frame.SetModeCommand:
                Mode = data == 0 ? Pmsx003Mode.Passive : Pmsx003Mode.Active;
                Enqueue(Pmsx003Frame.Acknowledgement(command, data));
                break;
            case Pmsx003Frame.ReadCommand when Mode == Pmsx003Mode.Passive:
                SendFrame();
                break;
            case Pmsx003Frame.SleepCommand:
                IsAsleep = true;
                Enqueue(Pmsx003Frame.Acknowledgement(command, data));
                break;
        }
    }

    protected override void OnReadWaiting()
    {
        if (!IsAsleep && Mode == Pmsx003Mode.Active)
        {
            SendFrame();
        }
    }

    private void SendFrame()
    {
        Enqueue(FrameOf(air, CorruptNextFrame));
        CorruptNextFrame = false;
        FramesSent++;
    }

    private static ushort Standard(double atmospheric) => WholeMicrograms(StandardParticleMicrogramsPerCubicMeter(atmospheric));

    private static ushort WholeMicrograms(double value) =>
        (ushort)Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), 0, ushort.MaxValue);
}

/// <summary>A PMSA003I on a simulated I2C bus: every read is the 32-byte data frame of <see cref="SimulatedAir"/>.</summary>
public sealed class SimulatedPmsa003i(SimulatedAir air, int address = Pmsa003i.DefaultI2cAddress) : SimulatedI2cDevice(address)
{
    /// <summary>When set, the next frame read has a wrong checksum.</summary>
    public bool CorruptNextFrame { get; set; }

    protected override void OnWrite(ReadOnlySpan<byte> buffer)
    {
    }

    protected override void OnRead(Span<byte> buffer)
    {
        var frame = SimulatedPmsx003.FrameOf(air, CorruptNextFrame);
        CorruptNextFrame = false;
        buffer.Clear();
        frame.AsSpan(0, Math.Min(frame.Length, buffer.Length)).CopyTo(buffer);
    }
}
