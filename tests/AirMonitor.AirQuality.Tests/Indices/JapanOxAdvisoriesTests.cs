using AirMonitor.AirQuality.Indices;

namespace AirMonitor.AirQuality.Tests.Indices;

public class JapanOxAdvisoriesTests
{
    private static readonly DateOnly Day = new(2010, 8, 30);

    private static OxAdvisories Kanagawa(int minStations = 1) => new(
        [
            new OxRegion(KanagawaOxRegions.Yokohama, ["totsuka", "aoba"]),
            new OxRegion(KanagawaOxRegions.Yokosuka, ["yokosuka-west"]),
        ],
        minStations);

    private static OxHourReadings Hour(int label, params (string Station, double? Ppb)[] values) =>
        new(Day, label, values.ToDictionary(v => v.Station, v => v.Ppb));

    [Fact]
    public void Yokohama_30_Aug_2010_issued_at_13_peaked_at_15_and_lifted_at_16()
    {
        // Kanagawa's release of 30 Aug 2010 (光化学大気汚染緊急時措置の発令状況): 横浜 注意報 issued 13:20 on 戸塚区汲沢小学校
        // 0.125 ppm at 13:00, highest 青葉区総合庁舎 0.143 at 15:00, lifted 16:20. The 12 h and 16 h values are made up.
        OxAdvisories advisories = Kanagawa();

        Assert.Empty(advisories.Advance(Hour(12, ("totsuka", 110), ("aoba", 100))));
        OxAdvisoryEvent issued = Assert.Single(advisories.Advance(Hour(13, ("totsuka", 125), ("aoba", 118))));
        Assert.Empty(advisories.Advance(Hour(14, ("totsuka", 130), ("aoba", 135))));
        Assert.Empty(advisories.Advance(Hour(15, ("totsuka", 128), ("aoba", 143))));
        OxAdvisoryEvent lifted = Assert.Single(advisories.Advance(Hour(16, ("totsuka", 100), ("aoba", 110))));

        Assert.Equal(("横浜", OxAdvisoryChange.Issued, OxAlertLevel.Advisory, OxAlertLevel.None, Day, 13),
            (issued.Region, issued.Change, issued.Level, issued.PreviousLevel, issued.Day, issued.HourLabel));
        Assert.Equal([new OxStationReading("totsuka", 0.125)], issued.Stations);
        Assert.Equal(OxAdvisoryChange.Lifted, lifted.Change);
        Assert.Equal(OxAlertLevel.None, lifted.Level);
        Assert.Equal(16, lifted.HourLabel);
        Assert.Equal([new OxStationReading("aoba", 0.110), new OxStationReading("totsuka", 0.100)], lifted.Stations);

        OxAdvisoryEpisode episode = Assert.Single(advisories.DaySummary(Day));
        Assert.Equal(new OxAdvisoryEpisode("横浜", Day, 13, new OxStationReading("totsuka", 0.125), OxAlertLevel.Advisory,
            new OxStationReading("aoba", 0.143), Day, 15, Day, 16), episode);
        Assert.False(episode.InForce);
    }

    [Fact]
    public void Exactly_0_120_ppm_issues()
    {
        // Same release: 横須賀 注意報 issued 13:20 on 横須賀市西行政センター 0.120 ppm at 13:00 (the "or more" boundary).
        OxAdvisories advisories = Kanagawa();

        Assert.Empty(advisories.Advance(Hour(12, ("yokosuka-west", 119))));
        OxAdvisoryEvent issued = Assert.Single(advisories.Advance(Hour(13, ("yokosuka-west", 120))));

        Assert.Equal(KanagawaOxRegions.Yokosuka, issued.Region);
        Assert.Equal(OxAdvisoryChange.Issued, issued.Change);
        Assert.Equal(OxAlertLevel.Advisory, advisories.LevelOf(KanagawaOxRegions.Yokosuka));
    }

    [Fact]
    public void Advisory_raised_to_warning_lowered_back_then_lifted()
    {
        OxAdvisories advisories = Kanagawa();

        OxAdvisoryEvent issued = Assert.Single(advisories.Advance(Hour(12, ("totsuka", 150), ("aoba", 90))));
        OxAdvisoryEvent raised = Assert.Single(advisories.Advance(Hour(13, ("totsuka", 239), ("aoba", 240))));
        OxAdvisoryEvent lowered = Assert.Single(advisories.Advance(Hour(14, ("totsuka", 200), ("aoba", 130))));
        OxAdvisoryEvent lifted = Assert.Single(advisories.Advance(Hour(15, ("totsuka", 119), ("aoba", 80))));

        Assert.Equal((OxAdvisoryChange.Issued, OxAlertLevel.Advisory), (issued.Change, issued.Level));
        Assert.Equal((OxAdvisoryChange.Raised, OxAlertLevel.Warning, OxAlertLevel.Advisory), (raised.Change, raised.Level, raised.PreviousLevel));
        Assert.Equal([new OxStationReading("aoba", 0.24)], raised.Stations);
        Assert.Equal((OxAdvisoryChange.Lowered, OxAlertLevel.Advisory), (lowered.Change, lowered.Level));
        Assert.Equal([new OxStationReading("totsuka", 0.2), new OxStationReading("aoba", 0.13)], lowered.Stations);
        Assert.Equal(OxAdvisoryChange.Lifted, lifted.Change);
        Assert.Equal(OxAlertLevel.Advisory, lifted.PreviousLevel);

        OxAdvisoryEpisode episode = Assert.Single(advisories.Episodes);
        Assert.Equal(OxAlertLevel.Warning, episode.MaxLevel);
        Assert.Equal(new OxStationReading("aoba", 0.24), episode.Max);
        Assert.Equal(13, episode.MaxHourLabel);
        Assert.Equal(15, episode.LiftedHourLabel);
    }

    [Fact]
    public void Serious_warning_can_be_issued_directly_and_steps_down_to_the_level_still_met()
    {
        OxAdvisories advisories = Kanagawa();

        OxAdvisoryEvent issued = Assert.Single(advisories.Advance(Hour(13, ("yokosuka-west", 400))));
        OxAdvisoryEvent lowered = Assert.Single(advisories.Advance(Hour(14, ("yokosuka-west", 150))));

        Assert.Equal((OxAdvisoryChange.Issued, OxAlertLevel.SeriousWarning), (issued.Change, issued.Level));
        Assert.Equal((OxAdvisoryChange.Lowered, OxAlertLevel.Advisory, OxAlertLevel.SeriousWarning),
            (lowered.Change, lowered.Level, lowered.PreviousLevel));
    }

    [Fact]
    public void Regions_are_independent()
    {
        OxAdvisories advisories = Kanagawa();

        OxAdvisoryEvent yokosuka = Assert.Single(advisories.Advance(Hour(13, ("totsuka", 100), ("yokosuka-west", 130))));
        IReadOnlyList<OxAdvisoryEvent> next = advisories.Advance(Hour(14, ("totsuka", 125), ("yokosuka-west", 131)));

        Assert.Equal(KanagawaOxRegions.Yokosuka, yokosuka.Region);
        OxAdvisoryEvent yokohama = Assert.Single(next);
        Assert.Equal((KanagawaOxRegions.Yokohama, OxAdvisoryChange.Issued), (yokohama.Region, yokohama.Change));
        Assert.Equal(OxAlertLevel.Advisory, advisories.LevelOf(KanagawaOxRegions.Yokosuka));
        Assert.Equal(2, advisories.DaySummary(Day).Count);
    }

    [Fact]
    public void Station_in_no_region_is_ignored()
    {
        OxAdvisories advisories = Kanagawa();

        Assert.Empty(advisories.Advance(Hour(13, ("kawasaki-saiwai", 300), ("totsuka", 100))));
        Assert.Equal(OxAlertLevel.None, advisories.LevelOf(KanagawaOxRegions.Yokohama));
    }

    [Fact]
    public void Missing_hours_neither_issue_nor_lift()
    {
        OxAdvisories advisories = Kanagawa();
        Assert.Single(advisories.Advance(Hour(13, ("totsuka", 130))));

        // 14 h: every Yokohama station missing (null or absent); 15 h not fed at all: the advisory stays.
        Assert.Empty(advisories.Advance(Hour(14, ("totsuka", null), ("yokosuka-west", 50))));
        Assert.Equal(OxAlertLevel.Advisory, advisories.LevelOf(KanagawaOxRegions.Yokohama));

        // 16 h: only aoba reports, below 0.12: the reporting stations decide, and the advisory is lifted.
        OxAdvisoryEvent lifted = Assert.Single(advisories.Advance(Hour(16, ("aoba", 90))));
        Assert.Equal(OxAdvisoryChange.Lifted, lifted.Change);
        Assert.Equal(16, advisories.Episodes[0].LiftedHourLabel);
    }

    [Fact]
    public void Weather_not_expected_to_let_it_continue_holds_issue_and_lift()
    {
        OxAdvisories advisories = Kanagawa();
        Dictionary<string, bool> lapses = new() { [KanagawaOxRegions.Yokohama] = false };

        // Above 0.12, but the weather is not expected to keep it there: no issue.
        Assert.Empty(advisories.Advance(Hour(12, ("totsuka", 130)) with { ConditionPersistsByRegion = lapses }));
        Assert.Single(advisories.Advance(Hour(13, ("totsuka", 250))));
        Assert.Equal(OxAlertLevel.Warning, advisories.LevelOf(KanagawaOxRegions.Yokohama));

        // Below 0.12 while pollution is expected to continue: the warning switches to an advisory (別表第2 警報 解除基準 1).
        OxAdvisoryEvent lowered = Assert.Single(advisories.Advance(Hour(14, ("totsuka", 100)) with { ConditionPersistsByRegion = lapses }));
        Assert.Equal((OxAdvisoryChange.Lowered, OxAlertLevel.Advisory), (lowered.Change, lowered.Level));

        // Still below, still not expected to stay below: the advisory stays; then it is expected to stay below: lifted.
        Assert.Empty(advisories.Advance(Hour(15, ("totsuka", 100)) with { ConditionPersistsByRegion = lapses }));
        Assert.Equal(OxAdvisoryChange.Lifted, Assert.Single(advisories.Advance(Hour(16, ("totsuka", 100)))).Change);
    }

    [Fact]
    public void Region_issued_twice_in_a_day_has_two_episodes()
    {
        OxAdvisories advisories = Kanagawa();
        advisories.Advance(Hour(12, ("yokosuka-west", 125)));
        advisories.Advance(Hour(13, ("yokosuka-west", 110)));
        advisories.Advance(Hour(15, ("yokosuka-west", 122)));

        IReadOnlyList<OxAdvisoryEpisode> summary = advisories.DaySummary(Day);

        Assert.Equal([12, 15], summary.Select(e => e.IssuedHourLabel));
        Assert.Equal([13, (int?)null], summary.Select(e => e.LiftedHourLabel));
        Assert.Empty(advisories.DaySummary(Day.AddDays(1)));
    }

    [Fact]
    public void With_two_stations_required_one_station_does_not_issue()
    {
        OxAdvisories advisories = Kanagawa(minStations: 2);

        Assert.Empty(advisories.Advance(Hour(13, ("totsuka", 130), ("aoba", 119))));
        OxAdvisoryEvent issued = Assert.Single(advisories.Advance(Hour(14, ("totsuka", 130), ("aoba", 121))));

        Assert.Equal([new OxStationReading("totsuka", 0.13), new OxStationReading("aoba", 0.121)], issued.Stations);
    }

    [Fact]
    public void Hours_out_of_order_throw()
    {
        OxAdvisories advisories = Kanagawa();
        advisories.Advance(Hour(13, ("totsuka", 50)));

        Assert.Throws<ArgumentException>(() => advisories.Advance(Hour(13, ("totsuka", 50))));
        Assert.Throws<ArgumentException>(() => advisories.Advance(Hour(12, ("totsuka", 50))));
        Assert.Empty(advisories.Advance(new OxHourReadings(Day.AddDays(1), 1, new Dictionary<string, double?>())));
    }

    [Fact]
    public void Station_in_two_regions_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new OxAdvisories(
            [new OxRegion("横浜", ["a"]), new OxRegion("川崎", ["a"])]));
    }

    [Fact]
    public void Kanagawa_region_names_are_the_seven_confirmed()
    {
        Assert.Equal(["横浜", "川崎", "相模原", "横須賀", "湘南", "県央", "西湘"], KanagawaOxRegions.Names);
    }
}
