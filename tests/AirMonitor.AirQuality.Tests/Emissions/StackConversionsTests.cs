using AirMonitor.AirQuality.Emissions;

namespace AirMonitor.AirQuality.Tests.Emissions;

// Expected numbers were computed by hand (python3) from the inputs written beside them; R = 8.314462618 J/(mol·K).
public class StackConversionsTests
{
    [Theory]
    // plant-cems.md §5 [C]: R·T/p = 22.41397 L/mol at 273.15 K, 101.325 kPa (Japan's m³N, 大気汚染防止法施行規則 第4条).
    [InlineData(273.15, 101.325, 22.413969545)]
    // Thailand's basis, 25 °C and 1 atm (DIW CEMS notice 2022): 24.4654 L/mol.
    [InlineData(298.15, 101.325, 24.465403697)]
    // The EU's 101.3 kPa (17. BImSchV §2(7)): 22.4195 L/mol, +0.025 %.
    [InlineData(273.15, 101.3, 22.419501126)]
    public void Molar_volume_is_RT_over_p(double kelvin, double kilopascals, double litresPerMole)
    {
        Assert.Equal(litresPerMole, StackConversions.MolarVolumeLitresPerMole(kelvin, kilopascals), 1e-8);
    }

    [Fact]
    public void Hundred_ppm_so2_at_0_c_and_1_atm_is_285_8_mg_per_m3()
    {
        // 100 ppm × 64.0638 g/mol (S 32.065 + 2 × O 15.9994) / 22.413970 L/mol = 285.8209 mg/m³.
        double mg = StackConversions.PpmToMilligramsPerCubicMetre(100, StackPollutants.So2MolarMass, 273.15, 101.325);

        Assert.Equal(285.82086, mg, 1e-4);
        Assert.Equal(285.8, Math.Round(mg, 1));
    }

    [Fact]
    public void Hundred_ppm_so2_at_thai_25_c_uses_the_24_465_molar_volume()
    {
        // 100 × 64.0638 / 24.465404 = 261.8547 mg/m³ (not 285.8: Thai mg/m³ is at 25 °C).
        Assert.Equal(261.85466, StackConversions.PpmToMilligramsPerCubicMetre(100, StackPollutants.So2MolarMass, 298.15, 101.325), 1e-4);
    }

    [Fact]
    public void Molar_masses_are_sums_of_iupac_atomic_weights()
    {
        // H 1.00794, C 12.0107, N 14.0067, O 15.9994, F 18.9984032, S 32.065, Cl 35.453.
        Assert.Equal(64.0638, StackPollutants.So2MolarMass, 1e-9);
        Assert.Equal(46.0055, StackPollutants.No2MolarMass, 1e-9);
        Assert.Equal(28.0101, StackPollutants.CoMolarMass, 1e-9);
        Assert.Equal(36.46094, StackPollutants.HclMolarMass, 1e-9);
        Assert.Equal(20.0063432, StackPollutants.HfMolarMass, 1e-9);
        Assert.Equal(17.03052, StackPollutants.Nh3MolarMass, 1e-9);
    }

    [Fact]
    public void A_normal_mass_concentration_restated_at_25_c_falls_by_273_15_over_298_15()
    {
        // 10 mg/m³N × 273.15/298.15 = 9.161496 mg/m³ at 25 °C, 1 atm.
        Assert.Equal(9.161496, StackConversions.MassConcentrationAtConditions(10, 273.15, 101.325, 298.15, 101.325), 1e-6);
    }

    [Fact]
    public void Wet_to_dry_divides_by_the_dry_fraction()
    {
        // C_dry = C_wet × 100/(100 − H2O): 40 at 20 % H2O → 50; O2 10.66 % wet at 18 % → 13.0 % dry.
        Assert.Equal(50, StackConversions.WetToDryConcentration(40, 20), 1e-12);
        Assert.Equal(13.0, StackConversions.WetToDryConcentration(10.66, 18), 1e-12);
        Assert.Equal(40, StackConversions.DryToWetConcentration(50, 20), 1e-12);
    }

    [Fact]
    public void Actual_flow_to_standard_dry_flow()
    {
        // plant-cems.md §5: Q_N,dry = Q_act × (T_ref/T_K) × (p/p_ref) × (1 − H2O/100).
        // 100 000 m³/h at 150 °C (423.15 K), 1000 hPa (100.0 kPa), 18 % H2O:
        //   EU (273.15 K, 101.3 kPa)   → 52 253.004 m³/h;  Japan (273.15 K, 101.325 kPa) → 52 240.112 m³/h.
        Assert.Equal(52_253.004, StackConversions.ActualToStandardDryFlowCubicMetresPerHour(100_000, 423.15, 100.0, 18, 273.15, 101.3), 1e-3);
        Assert.Equal(52_240.112, StackConversions.ActualToStandardDryFlowCubicMetresPerHour(100_000, 423.15, 100.0, 18, 273.15, 101.325), 1e-3);
    }

    [Fact]
    public void Normal_wet_flow_to_dry_and_back()
    {
        // 40 000 m³N/h wet at 20 % H2O → 32 000 m³N/h dry.
        Assert.Equal(32_000, StackConversions.WetToDryVolume(40_000, 20), 1e-9);
        Assert.Equal(40_000, StackConversions.DryToWetVolume(32_000, 20), 1e-9);
    }

    [Theory]
    // EN 17255-1 via the IET summary (plant-cems.md §1.2): mass = C × Q at the same conditions / 10⁶, 0 if either is negative.
    [InlineData(57.15, 52_253.0, 2.98626)]
    [InlineData(-0.4, 52_253.0, 0)]
    [InlineData(57.15, -10, 0)]
    [InlineData(0, 52_253.0, 0)]
    public void Mass_emission_is_concentration_times_flow_and_zero_for_a_negative_input(double mg, double flow, double kilogramsPerHour)
    {
        Assert.Equal(kilogramsPerHour, StackConversions.MassEmissionKilogramsPerHour(mg, flow), 1e-5);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(120)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void Moisture_outside_0_to_100_throws(double moisture)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StackConversions.WetToDryConcentration(10, moisture));
    }

    [Fact]
    public void Non_positive_temperature_or_pressure_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StackConversions.MolarVolumeLitresPerMole(0, 101.325));
        Assert.Throws<ArgumentOutOfRangeException>(() => StackConversions.MolarVolumeLitresPerMole(273.15, -1));
    }
}
