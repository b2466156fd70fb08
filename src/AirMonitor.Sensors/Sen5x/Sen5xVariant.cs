namespace AirMonitor.Sensors.Sen5x;

/// <summary>Which SEN5x: what it measures besides PM.</summary>
public enum Sen5xVariant
{
    /// <summary>PM only.</summary>
    Sen50,

    /// <summary>PM, RH, T, VOC index.</summary>
    Sen54,

    /// <summary>PM, RH, T, VOC index, NOx index.</summary>
    Sen55,
}
