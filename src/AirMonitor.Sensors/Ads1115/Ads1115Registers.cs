namespace AirMonitor.Sensors.Ads1115;

/// <summary>The ADS1115's pointer register values and config-word fields (datasheet SBAS444).</summary>
internal static class Ads1115Registers
{
    public const byte Conversion = 0x00;
    public const byte Config = 0x01;
    public const byte LowThreshold = 0x02;
    public const byte HighThreshold = 0x03;

    public const ushort ConfigReset = 0x8583;

    public const ushort OperationalStatus = 0x8000; // OS[15]: write 1 starts a single shot; reads 1 when idle
    public const int MultiplexerShift = 12; // MUX[14:12]
    public const int FullScaleShift = 9; // PGA[11:9]
    public const ushort SingleShotMode = 0x0100; // MODE[8]
    public const int DataRateShift = 5; // DR[7:5]
    public const ushort ComparatorDisabled = 0x0003; // COMP_QUE[1:0] = 11; COMP_MODE, COMP_POL, COMP_LAT left 0
}
