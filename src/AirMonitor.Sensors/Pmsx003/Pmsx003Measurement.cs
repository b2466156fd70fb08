namespace AirMonitor.Sensors.Pmsx003;

/// <summary>
/// One Plantower data frame (PMS5003 datasheet, appendix I). "Standard" is the datasheet's CF=1 (factory standard
/// particle) value; "Atmospheric" its "under atmospheric environment" value, the one for ambient air. Particle counts
/// are of particles above the size, per 0.1 L (a decilitre) of air.
/// </summary>
/// <param name="Pm1_0StandardMicrogramsPerCubicMeter">Data 1: PM1.0, CF=1.</param>
/// <param name="Pm2_5StandardMicrogramsPerCubicMeter">Data 2: PM2.5, CF=1 — the input of the US EPA correction for PurpleAir-type sensors.</param>
/// <param name="Pm10StandardMicrogramsPerCubicMeter">Data 3: PM10, CF=1.</param>
/// <param name="Pm1_0AtmosphericMicrogramsPerCubicMeter">Data 4: PM1.0, atmospheric environment.</param>
/// <param name="Pm2_5AtmosphericMicrogramsPerCubicMeter">Data 5: PM2.5, atmospheric environment.</param>
/// <param name="Pm10AtmosphericMicrogramsPerCubicMeter">Data 6: PM10, atmospheric environment.</param>
/// <param name="ParticlesAbove0_3MicrometersPerDeciliter">Data 7.</param>
/// <param name="ParticlesAbove0_5MicrometersPerDeciliter">Data 8.</param>
/// <param name="ParticlesAbove1_0MicrometersPerDeciliter">Data 9.</param>
/// <param name="ParticlesAbove2_5MicrometersPerDeciliter">Data 10.</param>
/// <param name="ParticlesAbove5_0MicrometersPerDeciliter">Data 11.</param>
/// <param name="ParticlesAbove10MicrometersPerDeciliter">Data 12.</param>
/// <param name="Reserved">Data 13, reserved (often read as firmware version and error code: unverified, so not decoded).</param>
public sealed record Pmsx003Measurement(
    ushort Pm1_0StandardMicrogramsPerCubicMeter,
    ushort Pm2_5StandardMicrogramsPerCubicMeter,
    ushort Pm10StandardMicrogramsPerCubicMeter,
    ushort Pm1_0AtmosphericMicrogramsPerCubicMeter,
    ushort Pm2_5AtmosphericMicrogramsPerCubicMeter,
    ushort Pm10AtmosphericMicrogramsPerCubicMeter,
    ushort ParticlesAbove0_3MicrometersPerDeciliter,
    ushort ParticlesAbove0_5MicrometersPerDeciliter,
    ushort ParticlesAbove1_0MicrometersPerDeciliter,
    ushort ParticlesAbove2_5MicrometersPerDeciliter,
    ushort ParticlesAbove5_0MicrometersPerDeciliter,
    ushort ParticlesAbove10MicrometersPerDeciliter,
    ushort Reserved);

/// <summary>How the sensor sends data frames.</summary>
public enum Pmsx003Mode
{
    /// <summary>One frame per read command.</summary>
    Passive,

    /// <summary>Frames stream on their own (every 200 ms to 2.3 s); the mode after power-up.</summary>
    Active,
}
