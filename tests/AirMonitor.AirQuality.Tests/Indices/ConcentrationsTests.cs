using AirMonitor.AirQuality.Indices;

namespace AirMonitor.AirQuality.Tests.Indices;

public class ConcentrationsTests
{
    [Theory]
    // The emergency and standard thresholds land exactly on the ppm constants they are compared with.
    [InlineData(120, JapanOx.AdvisoryPpm)]
    [InlineData(240, JapanOx.WarningPpm)]
    [InlineData(400, JapanOx.SeriousWarningPpm)]
    [InlineData(60, JapanOx.StandardPpm)]
    [InlineData(40, JapanSo2.DailyStandardPpm)]
    [InlineData(100, JapanSo2.HourlyStandardPpm)]
    [InlineData(143, 0.143)]
    [InlineData(0, 0)]
    public void Ppb_converts_to_ppm_by_a_thousand(double ppb, double ppm)
    {
        Assert.Equal(ppm, Concentrations.PartsPerBillionToPartsPerMillion(ppb));
    }

    [Theory]
    [InlineData(100, JapanSpm.DailyStandardMilligramsPerCubicMeter)]
    [InlineData(200, JapanSpm.HourlyStandardMilligramsPerCubicMeter)]
    [InlineData(35, 0.035)]
    public void Micrograms_convert_to_milligrams_by_a_thousand(double micrograms, double milligrams)
    {
        Assert.Equal(milligrams, Concentrations.MicrogramsToMilligramsPerCubicMeter(micrograms));
    }
}
