namespace AirMonitor.Sensors.Tests.Pmsx003;

/// <summary>Data frames built by hand from the datasheet layout (appendix I), checksums summed by hand.</summary>
internal static class PlantowerFrames
{
    /// <summary>
    /// CF=1 PM 11/18/23, atmospheric PM 10/16/21, counts 1830/540/102/9/3/1 per 0.1 L, reserved 0x9700.
    /// Checksum: 42+4D+00+1C+0B+12+17+0A+10+15+07+26+02+1C+66+09+03+01+97 = 0x0263.
    /// </summary>
    public static readonly byte[] Indoor = Convert.FromHexString(
        "424D001C" + "000B" + "0012" + "0017" + "000A" + "0010" + "0015" + "0726" + "021C" + "0066" + "0009" + "0003" + "0001" + "9700" + "0263");

    /// <summary>
    /// CF=1 PM 35/42/48, atmospheric PM 25/30/34, counts 1024/500/100/20/5/2 per 0.1 L, reserved 0.
    /// Checksum: 42+4D+00+1C+23+2A+30+19+1E+22+04+00+01+F4+64+14+05+02 = 0x02F9.
    /// </summary>
    public static readonly byte[] Hazy = Convert.FromHexString(
        "424D001C" + "0023" + "002A" + "0030" + "0019" + "001E" + "0022" + "0400" + "01F4" + "0064" + "0014" + "0005" + "0002" + "0000" + "02F9");

    /// <summary>The answer to the passive-mode command: 42 4D 00 04 E1 00, checksum 0x0174.</summary>
    public static readonly byte[] PassiveModeAcknowledgement = Convert.FromHexString("424D0004E1000174");

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    public static byte[] With(byte[] frame, int index, byte value)
    {
        var copy = (byte[])frame.Clone();
        copy[index] = value;
        return copy;
    }
}
