using AirMonitor.AirQuality.Emissions;

namespace AirMonitor.AirQuality.Tests.Emissions;

public class O2NormalisationTests
{
    private static readonly EmissionRegime Japan = EmissionRegimes.JapanWasteIncinerator;
    private static readonly EmissionRegime Eu = EmissionRegimes.EuWasteIncineration;

    [Fact]
    public void Japanese_worked_example_on_12_cs_50_os_15_gives_75()
    {
        // eic.or.jp Q&A 10179: C = (21 − On)/(21 − Os) × Cs, On 12, Cs 50, Os 15 → 9/6 × 50 = 75.
        double? c = O2Normalisation.Normalise(50, 15, Japan, abatedByGasCleaning: true, out StandardisationFailure failure);

        Assert.Equal(StandardisationFailure.None, failure);
        Assert.Equal(75, c!.Value, 1e-12);
    }

    [Fact]
    public void Japanese_measured_o2_above_20_is_computed_with_20()
    {
        // eic.or.jp Q&A 10179: "Os が 20 % を超える場合は 20 で計算". Os 20.5 → (21 − 12)/(21 − 20) × 50 = 450.
        O2Factor f = O2Normalisation.Factor(20.5, Japan, abatedByGasCleaning: false, out _)!.Value;

        Assert.Equal(9, f.Factor, 1e-12);
        Assert.Equal(20, f.EffectiveMeasuredO2Percent);
        Assert.Equal(450, O2Normalisation.Normalise(50, 20.5, Japan, false, out _)!.Value, 1e-12);
    }

    [Fact]
    public void Japanese_factor_applies_below_the_reference_too()
    {
        // No 17. BImSchV-style exception in the Japanese rule: Os 8 → (21 − 12)/(21 − 8) × 50 = 34.615.
        Assert.Equal(34.615385, O2Normalisation.Normalise(50, 8, Japan, abatedByGasCleaning: true, out _)!.Value, 1e-6);
    }

    [Fact]
    public void Eu_abated_pollutant_below_the_reference_o2_is_not_corrected()
    {
        // 17. BImSchV §17(1): convert "only for times when measured O2 is above the reference". O2 8 % < 11 %: the factor
        // (21 − 11)/(21 − 8) = 0.769 is not applied to an abated pollutant; the value stays as measured.
        O2Factor f = O2Normalisation.Factor(8, Eu, abatedByGasCleaning: true, out StandardisationFailure failure)!.Value;

        Assert.Equal(StandardisationFailure.None, failure);
        Assert.Equal(O2Treatment.KeptBelowReference, f.Treatment);
        Assert.Equal(1, f.Factor);
        Assert.Equal(40, O2Normalisation.Normalise(40, 8, Eu, abatedByGasCleaning: true, out _));
    }

    [Fact]
    public void Eu_pollutant_not_abated_is_corrected_below_the_reference()
    {
        // CO is not reduced by gas cleaning: O2 8 % → 10/13 × 40 = 30.769.
        O2Factor f = O2Normalisation.Factor(8, Eu, abatedByGasCleaning: false, out _)!.Value;

        Assert.Equal(O2Treatment.Normalised, f.Treatment);
        Assert.Equal(30.769231, 40 * f.Factor, 1e-6);
    }

    [Fact]
    public void Eu_abated_pollutant_above_the_reference_is_corrected()
    {
        // O2 15 % > 11 %: (21 − 11)/(21 − 15) × 20 = 33.333.
        Assert.Equal(33.333333, O2Normalisation.Normalise(20, 15, Eu, abatedByGasCleaning: true, out _)!.Value, 1e-6);
    }

    [Theory]
    // 21 − 21 = 0: division by zero; above 21 the factor would be negative. No standardised value exists.
    [InlineData(21.0)]
    [InlineData(21.4)]
    public void Eu_measured_o2_at_or_above_21_gives_no_value_and_says_why(double o2)
    {
        double? c = O2Normalisation.Normalise(20, o2, Eu, abatedByGasCleaning: false, out StandardisationFailure failure);

        Assert.Null(c);
        Assert.Equal(StandardisationFailure.O2AtOrAboveNormalisationConstant, failure);
    }

    [Fact]
    public void Japanese_o2_of_21_is_capped_to_20_and_still_gives_a_value()
    {
        // The cap comes first: Os 21 → 20, factor 9.
        Assert.Equal(9, O2Normalisation.Factor(21, Japan, false, out _)!.Value.Factor, 1e-12);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Negative_or_nan_o2_gives_no_value(double o2)
    {
        Assert.Null(O2Normalisation.Factor(o2, Eu, false, out StandardisationFailure failure));
        Assert.Equal(StandardisationFailure.O2OutOfRange, failure);
    }

    [Fact]
    public void Thai_regime_normalises_to_7_percent()
    {
        // (21 − 7)/(21 − 10) × 100 = 127.2727.
        Assert.Equal(127.272727, O2Normalisation.Normalise(100, 10, EmissionRegimes.ThailandCems, true, out _)!.Value, 1e-6);
    }

    [Fact]
    public void Built_in_regimes_are_valid_and_a_bad_custom_one_throws()
    {
        foreach (EmissionRegime regime in EmissionRegimes.All)
        {
            regime.Validate();
        }

        var custom = new EmissionRegime("custom", 273.15, 101.325, GasBasis.Dry, 6, 21, null, false, "permit");
        custom.Validate();
        Assert.Throws<ArgumentOutOfRangeException>(() => (custom with { ReferenceO2Percent = 21 }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (custom with { ReferenceTemperatureKelvin = 0 }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (custom with { MeasuredO2CapPercent = 22 }).Validate());
    }
}
