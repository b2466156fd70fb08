namespace AirMonitor.AirQuality.Emissions;

/// <summary>Share tests of the compliance rules ("at least 97 % … do not exceed"), exact at the boundary.</summary>
internal static class ComplianceShare
{
    /// <summary>Whether <paramref name="part"/> of <paramref name="whole"/> is at least <paramref name="share"/>; the tolerance keeps 97 of 100 at 0.97.</summary>
    public static bool AtLeast(int part, int whole, double share) => part >= share * whole - 1e-9;

    public static double? Of(int part, int whole) => whole == 0 ? null : (double)part / whole;
}
