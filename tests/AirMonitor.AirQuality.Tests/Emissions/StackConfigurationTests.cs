using AirMonitor.Core.Stations;
using System.Security.Cryptography;
using System.Text;
using AirMonitor.AirQuality.Emissions;

namespace AirMonitor.AirQuality.Tests.Emissions;

public class StackConfigurationTests
{
    private static StackConfiguration Eu() => new()
    {
        Regime = EmissionRegimes.EuWasteIncineration,
        Pollutants = [StackPollutant.So2, StackPollutant.Dust],
        MeasuredBasisOverrides = new Dictionary<StackPollutant, GasBasis> { [StackPollutant.Dust] = GasBasis.Wet },
    };

    [Fact]
    public void Equal_configurations_built_separately_have_the_same_fingerprint_and_are_equal()
    {
        StackConfiguration a = Eu();
        StackConfiguration b = Eu() with { Pollutants = [StackPollutant.Dust, StackPollutant.So2] }; // order does not matter

        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Matches("^[0-9a-f]{12}$", a.Fingerprint);
    }

    [Fact]
    public void Fingerprint_is_the_first_12_hex_of_sha256_of_the_canonical_text()
    {
        StackConfiguration a = Eu();
        string expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(a.CanonicalText)))[..12];

        Assert.Equal(expected, a.Fingerprint);
    }

    [Fact]
    public void Canonical_text_lists_the_effective_settings()
    {
        string text = Eu().CanonicalText;

        Assert.Equal(
            "stack-standardisation/v1\n" +
            "reference_temperature_k=273.15\n" +
            "reference_pressure_kpa=101.3\n" +
            "reference_basis=dry\n" +
            "reference_o2_percent=11\n" +
            "o2_constant_percent=21\n" +
            "o2_cap_percent=none\n" +
            "abated_corrected_only_above_reference_o2=true\n" +
            "pollutants=so2,dust\n" +
            "o2_corrected=so2,dust\n" +
            "abated=so2,dust\n" +
            "measured_basis=dry\n" +
            "measured_basis_overrides=dust:wet\n" +
            "o2_measured_basis=dry\n" +
            "moisture=stack_h2o\n" +
            "flow=flow_actual:actual_wet\n" +
            "nox=stack_nox\n",
            text);
    }

    [Fact]
    public void A_changed_reference_o2_changes_the_fingerprint()
    {
        StackConfiguration a = Eu();
        StackConfiguration b = a with { ReferenceO2PercentOverride = 6 };

        Assert.NotEqual(a.Fingerprint, b.Fingerprint);
        Assert.NotEqual(a, b);
        Assert.Contains("reference_o2_percent=6\n", b.CanonicalText, StringComparison.Ordinal);
    }

    [Fact]
    public void An_override_equal_to_the_regime_value_changes_nothing()
    {
        Assert.Equal(Eu().Fingerprint, (Eu() with { ReferenceO2PercentOverride = 11 }).Fingerprint);
    }

    [Fact]
    public void Each_setting_that_changes_a_number_changes_the_fingerprint()
    {
        StackConfiguration a = Eu();
        StackConfiguration[] variants =
        [
            a with { Regime = EmissionRegimes.JapanWasteIncinerator },
            a with { ReferenceTemperatureKelvinOverride = 298.15 },
            a with { ReferencePressureKilopascalsOverride = 101.325 },
            a with { MeasuredBasis = GasBasis.Wet },
            a with { MeasuredBasisOverrides = new Dictionary<StackPollutant, GasBasis>() },
            a with { O2MeasuredBasis = GasBasis.Wet },
            a with { FixedMoisturePercent = 12.5 },
            a with { O2CorrectedPollutants = [StackPollutant.So2] },
            a with { AbatedPollutants = [] },
            a with { FlowBasis = FlowBasis.NormalDry },
            a with { Pollutants = [StackPollutant.So2, StackPollutant.Dust, StackPollutant.Nox] },
            a with { Pollutants = [StackPollutant.So2, StackPollutant.Dust, StackPollutant.Nox], NoxSource = NoxSource.NoPlusNo2 },
        ];

        string[] fingerprints = [a.Fingerprint, .. variants.Select(v => v.Fingerprint)];
        Assert.Equal(fingerprints.Length, fingerprints.Distinct().Count());
    }

    [Fact]
    public void Names_and_sources_do_not_enter_the_fingerprint()
    {
        EmissionRegime renamed = EmissionRegimes.EuWasteIncineration with { Name = "my permit", Source = "permit 2024/17" };

        Assert.Equal(Eu().Fingerprint, (Eu() with { Regime = renamed }).Fingerprint);
    }

    [Fact]
    public void Defaults_correct_every_pollutant_and_abate_those_cleaning_removes()
    {
        var config = new StackConfiguration { Regime = EmissionRegimes.EuWasteIncineration };

        Assert.All(StackPollutants.AllPollutants, p => Assert.True(config.IsO2Corrected(p)));
        Assert.Equal(
            [StackPollutant.So2, StackPollutant.Nox, StackPollutant.Hcl, StackPollutant.Hf, StackPollutant.Dust, StackPollutant.Hg],
            StackPollutants.AllPollutants.Where(config.IsAbated));
    }
}
