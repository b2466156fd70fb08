namespace AirMonitor.AirQuality.Emissions;

/// <summary>Whether a gas volume or a concentration counts the flue gas's water vapour (wet) or not (dry).</summary>
public enum GasBasis
{
    Dry,
    Wet,
}

/// <summary>
/// The reference conditions a regime states its limits at: temperature, pressure, dry or wet gas, the reference O2 and how
/// the O2 normalisation E_S = (K − O_S)/(K − O_M) · E_M is applied (K = <see cref="O2NormalisationConstantPercent"/>).
/// A custom regime gives every value; the built-in ones are in <see cref="EmissionRegimes"/>.
/// </summary>
/// <param name="MeasuredO2CapPercent">Measured O2 above this is taken as this (Japan: 20); null for no cap.</param>
/// <param name="CorrectAbatedOnlyAboveReferenceO2">
/// For a pollutant abated by gas cleaning, the O2 normalisation applies only while measured O2 is above the reference
/// (17. BImSchV §17(1)): below it the factor would be &lt; 1 and is not applied. False: the factor applies both ways (Japan).
/// </param>
public sealed record EmissionRegime(
    string Name,
    double ReferenceTemperatureKelvin,
    double ReferencePressureKilopascals,
    GasBasis ReferenceBasis,
    double ReferenceO2Percent,
    double O2NormalisationConstantPercent,
    double? MeasuredO2CapPercent,
    bool CorrectAbatedOnlyAboveReferenceO2,
    string Source)
{
    /// <summary>Throws when the regime cannot give a standardised value for any input.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive or non-finite T or p, or O2 values outside 0 ≤ reference &lt; constant, cap in (reference, constant].</exception>
    public void Validate()
    {
        Positive(ReferenceTemperatureKelvin, nameof(ReferenceTemperatureKelvin));
        Positive(ReferencePressureKilopascals, nameof(ReferencePressureKilopascals));
        Positive(O2NormalisationConstantPercent, nameof(O2NormalisationConstantPercent));
        if (!double.IsFinite(ReferenceO2Percent) || ReferenceO2Percent < 0 || ReferenceO2Percent >= O2NormalisationConstantPercent)
        {
            throw new ArgumentOutOfRangeException(nameof(ReferenceO2Percent), ReferenceO2Percent,
                $"reference O2 must be at least 0 and below the normalisation constant {O2NormalisationConstantPercent}");
        }

        if (MeasuredO2CapPercent is double cap &&
            (!double.IsFinite(cap) || cap <= ReferenceO2Percent || cap > O2NormalisationConstantPercent))
        {
            throw new ArgumentOutOfRangeException(nameof(MeasuredO2CapPercent), cap,
                "the measured-O2 cap must lie above the reference O2 and at most at the normalisation constant");
        }
    }

    private static void Positive(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "must be a positive finite number");
        }
    }
}

/// <summary>The built-in regimes, each with its source. Limits are in <see cref="PermitLimitSets"/>.</summary>
public static class EmissionRegimes
{
    /// <summary>0 °C in kelvin: the temperature of the vocabulary's normal cubic metre (m³N).</summary>
    public const double NormalTemperatureKelvin = 273.15;

    /// <summary>1 atm in kPa: the pressure of the vocabulary's normal cubic metre (m³N).</summary>
    public const double NormalPressureKilopascals = 101.325;

    /// <summary>
    /// EU waste incineration (IED 2010/75/EU Annex VI): 273.15 K, 101.3 kPa, dry, 11 % O2, constant 21; abated pollutants
    /// are O2-corrected only while measured O2 is above 11 %.
    /// </summary>
    public static EmissionRegime EuWasteIncineration { get; } = new(
        "EU waste incineration (IED Annex VI)",
        ReferenceTemperatureKelvin: 273.15,
        ReferencePressureKilopascals: 101.3,
        GasBasis.Dry,
        ReferenceO2Percent: 11,
        O2NormalisationConstantPercent: 21,
        MeasuredO2CapPercent: null,
        CorrectAbatedOnlyAboveReferenceO2: true,
        "17. BImSchV §2(7) ('273,15 Kelvin … 101,3 Kilopascal … nach Abzug des Feuchtegehalts') and arrêté du 20 septembre " +
        "2002 art. 18 ('273 K, pour une pression de 101,3 kPa, avec une teneur en oxygène de 11 % sur gaz sec'), both " +
        "transposing IED Annex VI; O2 formula 17. BImSchV Anlage 5; 'only for times when measured O2 is above the reference' " +
        "17. BImSchV §17(1)");

    /// <summary>
    /// Japan, waste incinerators: 0 °C, 1 atm (101.325 kPa), dry, O2 12 %, constant 21, measured O2 above 20 % taken as 20;
    /// the factor applies both ways.
    /// </summary>
    public static EmissionRegime JapanWasteIncinerator { get; } = new(
        "Japan waste incinerator (大気汚染防止法)",
        ReferenceTemperatureKelvin: 273.15,
        ReferencePressureKilopascals: 101.325,
        GasBasis.Dry,
        ReferenceO2Percent: 12,
        O2NormalisationConstantPercent: 21,
        MeasuredO2CapPercent: 20,
        CorrectAbatedOnlyAboveReferenceO2: false,
        "大気汚染防止法施行規則 第4条 (0 °C, 1 atm, dry); C = (21 − On)/(21 − Os) × Cs with On = 12 for waste incinerators " +
        "and 'Os が 20 % を超える場合は 20 で計算' (eic.or.jp Q&A 10179); no exception below On found");

    /// <summary>
    /// Thailand, CEMS reporting to DIW's POMS: 25 °C, 1 atm, dry, 7 % O2. The constant 21 and the absence of a cap or a
    /// below-reference rule are this project's assumptions (not read in a Thai source).
    /// </summary>
    public static EmissionRegime ThailandCems { get; } = new(
        "Thailand CEMS (DIW)",
        ReferenceTemperatureKelvin: 298.15,
        ReferencePressureKilopascals: 101.325,
        GasBasis.Dry,
        ReferenceO2Percent: 7,
        O2NormalisationConstantPercent: 21,
        MeasuredO2CapPercent: null,
        CorrectAbatedOnlyAboveReferenceO2: false,
        "DIW CEMS notice of 10 June 2022 as summarised by ase-thai: '1 atm (760 mmHg), 25 °C, dry basis, 50 % excess air " +
        "or 7 % O2'; the constant 21 is assumed");

    /// <summary>The three built-in regimes.</summary>
    public static IReadOnlyList<EmissionRegime> All { get; } = [EuWasteIncineration, JapanWasteIncinerator, ThailandCems];
}
