namespace AirMonitor.Sensors.Sgp40;

/// <summary>The SGP40's built-in self-test of hotplate and MOX material.</summary>
public enum Sgp40SelfTestResult
{
    /// <summary>Answer 0xD400: all tests passed.</summary>
    Passed,

    /// <summary>Answer 0x4B00: one or more tests failed.</summary>
    Failed,
}
