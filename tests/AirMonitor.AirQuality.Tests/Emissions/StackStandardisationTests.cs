using AirMonitor.Core.Stations;
using AirMonitor.AirQuality.Emissions;

namespace AirMonitor.AirQuality.Tests.Emissions;

// Expected numbers computed by hand (python3) from the inputs written beside them.
public class StackStandardisationTests
{
    // An EU line: extractive cold-dry gas analysers (dry), an in-situ dust monitor and a zirconia O2 probe (both wet),
    // moisture measured, actual flow with flue T and p.
    private static readonly StackConfiguration EuLine = new()
    {
        Regime = EmissionRegimes.EuWasteIncineration,
        Pollutants = [StackPollutant.So2, StackPollutant.Co, StackPollutant.Dust, StackPollutant.Hg],
        MeasuredBasis = GasBasis.Dry,
        MeasuredBasisOverrides = new Dictionary<StackPollutant, GasBasis> { [StackPollutant.Dust] = GasBasis.Wet },
        O2MeasuredBasis = GasBasis.Wet,
        FlowBasis = FlowBasis.Actual,
    };

    private static Dictionary<string, double> EuSample() => new()
    {
        ["stack_so2"] = 20, // ppm dry
        ["stack_co"] = 10, // ppm dry
        ["stack_dust"] = 4, // mg/m³N wet
        ["stack_hg"] = 25, // µg/m³N dry
        ["o2"] = 10.66, // % wet → 10.66 × 100/82 = 13.0 % dry
        ["stack_h2o"] = 18,
        ["flue_temperature"] = 150, // °C → 423.15 K
        ["flue_pressure"] = 1000, // hPa absolute → 100.0 kPa
        ["flow_actual"] = 100_000, // m³/h
    };

    [Fact]
    public void Eu_sample_standardised_at_273_k_101_3_kpa_dry_11_percent()
    {
        // Regime: 273.15 K, 101.3 kPa (V_m 22.419501 L/mol), dry, 11 % O2 (17. BImSchV §2(7)).
        // O2 dry 13.0 > 11: factor (21 − 11)/(21 − 13) = 1.25 for abated and non-abated alike.
        // Flow: 100 000 × 273.15/423.15 × 100.0/101.3 × 0.82 = 52 253.004 m³/h.
        StackStandardisation result = StackStandardisation.Standardise(EuLine, EuSample());

        Assert.Equal(52_253.004, result.FlowCubicMetresPerHour.Value!.Value, 1e-3);

        // SO2: 20 ppm × 64.0638/22.419501 = 57.150067 mg/m³ dry at actual O2; × 1.25 = 71.437584; mass 57.150067 × 52 253.004/10⁶ = 2.986263 kg/h.
        PollutantStandardisation so2 = result.For(StackPollutant.So2)!;
        Assert.Equal(57.150067, so2.AtActualO2MilligramsPerCubicMetre.Value!.Value, 1e-6);
        Assert.Equal(71.437584, so2.StandardisedMilligramsPerCubicMetre.Value!.Value, 1e-6);
        Assert.Equal(2.986263, so2.MassKilogramsPerHour.Value!.Value, 1e-6);
        Assert.Equal(O2Treatment.Normalised, so2.O2!.Value.Treatment);

        // CO: 10 × 28.0101/22.419501 = 12.493632; × 1.25 = 15.617040; mass 0.652830 kg/h.
        PollutantStandardisation co = result.For(StackPollutant.Co)!;
        Assert.Equal(12.493632, co.AtActualO2MilligramsPerCubicMetre.Value!.Value, 1e-6);
        Assert.Equal(15.617040, co.StandardisedMilligramsPerCubicMetre.Value!.Value, 1e-6);
        Assert.Equal(0.652830, co.MassKilogramsPerHour.Value!.Value, 1e-6);

        // Dust: 4 mg/m³N wet × 101.3/101.325 (to the EU's 101.3 kPa) / 0.82 = 4.876845 dry; × 1.25 = 6.096057; mass 0.254830 kg/h.
        PollutantStandardisation dust = result.For(StackPollutant.Dust)!;
        Assert.Equal(4.876845, dust.AtActualO2MilligramsPerCubicMetre.Value!.Value, 1e-6);
        Assert.Equal(6.096057, dust.StandardisedMilligramsPerCubicMetre.Value!.Value, 1e-6);
        Assert.Equal(0.254830, dust.MassKilogramsPerHour.Value!.Value, 1e-6);

        // Hg: 25 µg/m³N dry = 0.025 mg × 101.3/101.325 = 0.0249938 mg/m³; × 1.25 = 0.0312423.
        PollutantStandardisation hg = result.For(StackPollutant.Hg)!;
        Assert.Equal(0.0249938, hg.AtActualO2MilligramsPerCubicMetre.Value!.Value, 1e-7);
        Assert.Equal(0.0312423, hg.StandardisedMilligramsPerCubicMetre.Value!.Value, 1e-7);

        Assert.Null(result.For(StackPollutant.Hcl));
        Assert.Equal(EuLine.Fingerprint, result.ConfigurationFingerprint);
        Assert.Equal(EuLine.CanonicalText, result.ConfigurationText);
    }

    [Fact]
    public void Eu_o2_below_the_reference_keeps_the_abated_so2_and_corrects_the_co()
    {
        // 17. BImSchV §17(1). O2 measured dry at 8 % (< 11 %): SO2 (abated) keeps 57.150067; CO (not abated) × 10/13 = 9.610486.
        StackConfiguration dryO2 = EuLine with { O2MeasuredBasis = GasBasis.Dry };
        Dictionary<string, double> sample = EuSample();
        sample["o2"] = 8;

        StackStandardisation result = StackStandardisation.Standardise(dryO2, sample);

        PollutantStandardisation so2 = result.For(StackPollutant.So2)!;
        Assert.Equal(O2Treatment.KeptBelowReference, so2.O2!.Value.Treatment);
        Assert.Equal(57.150067, so2.StandardisedMilligramsPerCubicMetre.Value!.Value, 1e-6);
        Assert.Equal(9.610486, result.For(StackPollutant.Co)!.StandardisedMilligramsPerCubicMetre.Value!.Value, 1e-6);
    }

    [Fact]
    public void Eu_o2_at_exactly_21_gives_no_standardised_value_but_keeps_the_mass()
    {
        // 21 − 21 = 0: no standardised value; the mass needs no O2 and is still given.
        StackConfiguration dryO2 = EuLine with { O2MeasuredBasis = GasBasis.Dry };
        Dictionary<string, double> sample = EuSample();
        sample["o2"] = 21;

        PollutantStandardisation so2 = StackStandardisation.Standardise(dryO2, sample).For(StackPollutant.So2)!;

        Assert.Null(so2.StandardisedMilligramsPerCubicMetre.Value);
        Assert.Equal(StandardisationFailure.O2AtOrAboveNormalisationConstant, so2.StandardisedMilligramsPerCubicMetre.Failure);
        Assert.Equal(2.986263, so2.MassKilogramsPerHour.Value!.Value, 1e-6);
    }

    [Fact]
    public void Missing_o2_fails_only_the_o2_corrected_values()
    {
        Dictionary<string, double> sample = EuSample();
        sample.Remove("o2");
        StackConfiguration coUncorrected = EuLine with { O2CorrectedPollutants = [StackPollutant.So2, StackPollutant.Dust, StackPollutant.Hg] };

        StackStandardisation result = StackStandardisation.Standardise(coUncorrected, sample);

        Assert.Equal(StandardisationFailure.MissingO2, result.For(StackPollutant.So2)!.StandardisedMilligramsPerCubicMetre.Failure);
        PollutantStandardisation co = result.For(StackPollutant.Co)!;
        Assert.Equal(O2Treatment.NotCorrected, co.O2!.Value.Treatment);
        Assert.Equal(12.493632, co.StandardisedMilligramsPerCubicMetre.Value!.Value, 1e-6);
    }

    [Fact]
    public void Missing_moisture_fails_what_needs_a_wet_dry_conversion()
    {
        // Dust (wet) and the actual flow need H2O; SO2 (dry) at actual O2 does not, but its O2 (wet) does.
        Dictionary<string, double> sample = EuSample();
        sample.Remove("stack_h2o");

        StackStandardisation result = StackStandardisation.Standardise(EuLine, sample);

        Assert.Equal(StandardisationFailure.MissingMoisture, result.FlowCubicMetresPerHour.Failure);
        Assert.Equal(StandardisationFailure.MissingMoisture, result.For(StackPollutant.Dust)!.AtActualO2MilligramsPerCubicMetre.Failure);
        PollutantStandardisation so2 = result.For(StackPollutant.So2)!;
        Assert.Equal(57.150067, so2.AtActualO2MilligramsPerCubicMetre.Value!.Value, 1e-6);
        Assert.Equal(StandardisationFailure.MissingMoisture, so2.StandardisedMilligramsPerCubicMetre.Failure);
        Assert.Equal(StandardisationFailure.MissingMoisture, so2.MassKilogramsPerHour.Failure);
    }

    [Theory]
    [InlineData("flue_temperature", StandardisationFailure.MissingFlueTemperature)]
    [InlineData("flue_pressure", StandardisationFailure.MissingFluePressure)]
    [InlineData("flow_actual", StandardisationFailure.MissingFlow)]
    public void Actual_flow_without_its_inputs_gives_no_flow_and_no_mass(string removed, StandardisationFailure reason)
    {
        Dictionary<string, double> sample = EuSample();
        sample.Remove(removed);

        StackStandardisation result = StackStandardisation.Standardise(EuLine, sample);

        Assert.Equal(reason, result.FlowCubicMetresPerHour.Failure);
        Assert.Equal(reason, result.For(StackPollutant.So2)!.MassKilogramsPerHour.Failure);
        Assert.True(result.For(StackPollutant.So2)!.StandardisedMilligramsPerCubicMetre.HasValue);
    }

    [Fact]
    public void Negative_concentration_is_kept_but_its_mass_is_zero()
    {
        // EN 17255-1 (IET summary): mass 0 when either short-term value is negative; the concentration itself is reported.
        Dictionary<string, double> sample = EuSample();
        sample["stack_so2"] = -0.5;

        PollutantStandardisation so2 = StackStandardisation.Standardise(EuLine, sample).For(StackPollutant.So2)!;

        Assert.True(so2.AtActualO2MilligramsPerCubicMetre.Value < 0);
        Assert.Equal(0, so2.MassKilogramsPerHour.Value);
    }

    [Fact]
    public void Missing_or_nan_concentration_says_so()
    {
        Dictionary<string, double> sample = EuSample();
        sample.Remove("stack_co");
        sample["stack_dust"] = double.NaN;

        StackStandardisation result = StackStandardisation.Standardise(EuLine, sample);

        Assert.Equal(StandardisationFailure.MissingConcentration, result.For(StackPollutant.Co)!.StandardisedMilligramsPerCubicMetre.Failure);
        Assert.Equal(StandardisationFailure.MissingConcentration, result.For(StackPollutant.Co)!.MassKilogramsPerHour.Failure);
        Assert.Equal(StandardisationFailure.InvalidConcentration, result.For(StackPollutant.Dust)!.AtActualO2MilligramsPerCubicMetre.Failure);
    }

    [Fact]
    public void Japanese_nox_as_no2_from_no_plus_no2_with_normal_wet_flow_and_fixed_moisture()
    {
        // 17. BImSchV "angegeben als Stickstoffdioxid" / Japan's NOx: NO 120 ppm + NO2 30 ppm = 150 ppm as NO2.
        // At 0 °C, 101.325 kPa: 150 × 46.0055/22.413970 = 307.880538 mg/m³N; O2 15 % dry → × 9/6 = 461.820807.
        // Flow: 40 000 m³N/h wet × (1 − 20/100) = 32 000 m³N/h dry; mass 307.880538 × 32 000/10⁶ = 9.852177 kg/h.
        var config = new StackConfiguration
        {
            Regime = EmissionRegimes.JapanWasteIncinerator,
            Pollutants = [StackPollutant.Nox],
            NoxSource = NoxSource.NoPlusNo2,
            FixedMoisturePercent = 20,
            FlowBasis = FlowBasis.NormalWet,
        };
        var sample = new Dictionary<string, double>
        {
            ["stack_no"] = 120,
            ["stack_no2"] = 30,
            ["stack_nox"] = 999, // ignored: the configuration sums NO and NO2
            ["o2"] = 15,
            ["flow"] = 40_000,
        };

        StackStandardisation result = StackStandardisation.Standardise(config, sample);
        PollutantStandardisation nox = result.For(StackPollutant.Nox)!;

        Assert.Equal(32_000, result.FlowCubicMetresPerHour.Value!.Value, 1e-9);
        Assert.Equal(307.880538, nox.AtActualO2MilligramsPerCubicMetre.Value!.Value, 1e-6);
        Assert.Equal(461.820807, nox.StandardisedMilligramsPerCubicMetre.Value!.Value, 1e-6);
        Assert.Equal(9.852177, nox.MassKilogramsPerHour.Value!.Value, 1e-6);

        sample.Remove("stack_no2");
        Assert.Equal(StandardisationFailure.MissingConcentration,
            StackStandardisation.Standardise(config, sample).For(StackPollutant.Nox)!.AtActualO2MilligramsPerCubicMetre.Failure);
    }

    [Fact]
    public void Nox_channel_in_ppm_is_taken_as_no2()
    {
        // stack_nox 150 ppm → 150 × 46.0055/22.413970 = 307.880538 mg/m³N (Japan regime, nothing else to convert).
        var config = new StackConfiguration
        {
            Regime = EmissionRegimes.JapanWasteIncinerator,
            Pollutants = [StackPollutant.Nox],
            O2CorrectedPollutants = [],
            FlowBasis = FlowBasis.NormalDry,
        };

        PollutantStandardisation nox = StackStandardisation.Standardise(config, new Dictionary<string, double> { ["stack_nox"] = 150 }).For(StackPollutant.Nox)!;

        Assert.Equal(307.880538, nox.StandardisedMilligramsPerCubicMetre.Value!.Value, 1e-6);
        Assert.Equal(StandardisationFailure.MissingFlow, nox.MassKilogramsPerHour.Failure);
    }

    [Fact]
    public void Thai_sample_is_stated_at_25_c()
    {
        // DIW CEMS basis: 25 °C, 1 atm, dry, 7 % O2. SO2 100 ppm dry → 100 × 64.0638/24.465404 = 261.854661; O2 10 → × 14/11 = 333.269569.
        // Dust 10 mg/m³N dry → × 273.15/298.15 = 9.161496; × 14/11 = 11.660086.
        // Flow 50 000 m³N/h dry → × 298.15/273.15 = 54 576.240 m³/h at 25 °C; SO2 mass 261.854661 × 54 576.240/10⁶ = 14.291043 kg/h.
        var config = new StackConfiguration
        {
            Regime = EmissionRegimes.ThailandCems,
            Pollutants = [StackPollutant.So2, StackPollutant.Dust],
            FlowBasis = FlowBasis.NormalDry,
        };
        var sample = new Dictionary<string, double> { ["stack_so2"] = 100, ["stack_dust"] = 10, ["o2"] = 10, ["flow"] = 50_000 };

        StackStandardisation result = StackStandardisation.Standardise(config, sample);

        Assert.Equal(54_576.240, result.FlowCubicMetresPerHour.Value!.Value, 1e-3);
        Assert.Equal(333.269569, result.For(StackPollutant.So2)!.StandardisedMilligramsPerCubicMetre.Value!.Value, 1e-6);
        Assert.Equal(14.291043, result.For(StackPollutant.So2)!.MassKilogramsPerHour.Value!.Value, 1e-6);
        Assert.Equal(9.161496, result.For(StackPollutant.Dust)!.AtActualO2MilligramsPerCubicMetre.Value!.Value, 1e-6);
        Assert.Equal(11.660086, result.For(StackPollutant.Dust)!.StandardisedMilligramsPerCubicMetre.Value!.Value, 1e-6);
    }

    [Fact]
    public void Reference_o2_override_changes_the_standardised_value()
    {
        // An EU permit at 6 % O2 instead of 11: SO2 57.150067 × (21 − 6)/(21 − 13) = 107.156376.
        StackStandardisation result = StackStandardisation.Standardise(EuLine with { ReferenceO2PercentOverride = 6 }, EuSample());

        Assert.Equal(6, result.Regime.ReferenceO2Percent);
        Assert.Equal(107.156376, result.For(StackPollutant.So2)!.StandardisedMilligramsPerCubicMetre.Value!.Value, 1e-6);
    }

    [Fact]
    public void Moisture_of_100_percent_or_more_is_a_reason_not_an_exception()
    {
        Dictionary<string, double> sample = EuSample();
        sample["stack_h2o"] = 100;

        StackStandardisation result = StackStandardisation.Standardise(EuLine, sample);

        Assert.Equal(StandardisationFailure.MoistureOutOfRange, result.FlowCubicMetresPerHour.Failure);
        Assert.Equal(StandardisationFailure.MoistureOutOfRange, result.For(StackPollutant.Dust)!.AtActualO2MilligramsPerCubicMetre.Failure);
    }

    [Fact]
    public void An_invalid_configuration_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            StackStandardisation.Standardise(EuLine with { ReferenceO2PercentOverride = 21 }, EuSample()));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            StackStandardisation.Standardise(EuLine with { FixedMoisturePercent = 100 }, EuSample()));
    }
}
