using AirMonitor.AirQuality.Alerts;
using AirMonitor.Core.Stations;

namespace AirMonitor.AirQuality.Tests.Alerts;

/// <summary>An alert rule's validation, its windows per metric, quiet hours, scope, and the built-in rule sets.</summary>
public sealed class AlertRuleTests
{
    [Fact]
    public void A_complete_rule_has_no_problem()
    {
        Assert.Empty(Valid().Validate());
    }

    [Theory]
    [InlineData("")]
    [InlineData("PM-High")]
    [InlineData("pm high")]
    [InlineData("pm.high")]
    public void A_bad_name_is_reported_with_the_allowed_form(string name)
    {
        var rule = Valid();
        rule.Name = name;

        Assert.Equal([$"rule name '{name}' must be 1–64 of [a-z0-9_-]"], rule.Validate());
    }

    [Fact]
    public void A_name_of_64_characters_is_valid_and_65_is_not()
    {
        var rule = Valid();
        rule.Name = new string('a', 64);
        Assert.Empty(rule.Validate());

        rule.Name = new string('a', 65);
        Assert.Equal([$"rule name '{rule.Name}' must be 1–64 of [a-z0-9_-]"], rule.Validate());
    }

    [Fact]
    public void An_unknown_metric_is_reported_with_the_known_ones()
    {
        var rule = Valid();
        rule.Metric = "pm25";

        Assert.Equal(["rule 'pm-test': metric 'pm25' is not one of pm2_5, pm10, spm, o3, ox, no, no2, nox, so2, co, aqi_us, aqi_th"], rule.Validate());
    }

    [Fact]
    public void An_unknown_window_is_reported_with_the_known_ones()
    {
        var rule = Valid();
        rule.Window = "2h";

        Assert.Equal(["rule 'pm-test': window '2h' is not one of latest, 1h, 24h, 8h, nowcast, daily, morning, afternoon"], rule.Validate());
    }

    [Theory]
    [InlineData("aqi_th", "1h", "rule 'pm-test': metric aqi_th has no 1h window (it has 24h)")]
    [InlineData("aqi_th", "daily", "rule 'pm-test': metric aqi_th has no daily window (it has 24h)")]
    [InlineData("aqi_us", "24h", "rule 'pm-test': metric aqi_us has no 24h window (it has nowcast, daily)")]
    [InlineData("aqi_us", "latest", "rule 'pm-test': metric aqi_us has no latest window (it has nowcast, daily)")]
    public void A_window_the_metric_does_not_have_is_reported_with_the_ones_it_has(string metric, string window, string expected)
    {
        var rule = Valid();
        rule.Metric = metric;
        rule.Window = window;

        Assert.Equal([expected], rule.Validate());
    }

    [Theory]
    [InlineData("pm2_5", "latest,1h,24h,nowcast,daily,morning,afternoon")]
    [InlineData("pm10", "latest,1h,24h,nowcast,daily,morning,afternoon")]
    [InlineData("aqi_us", "nowcast,daily")]
    [InlineData("aqi_th", "24h")]
    [InlineData("o3", "latest,1h,8h,daily")]
    [InlineData("co", "latest,1h,8h,daily")]
    [InlineData("so2", "latest,1h,24h,daily")]
    [InlineData("no2", "latest,1h,daily")]
    [InlineData("ox", "latest,1h,daily")]
    [InlineData("spm", "latest,1h,daily")]
    public void Each_metric_allows_exactly_its_windows(string metric, string windows)
    {
        var expected = windows.Split(',');

        Assert.Equal(expected, AlertMetrics.WindowsOf(metric).Select(w => w.ConfigName()));
        foreach (var name in AlertWindows.AllNames)
        {
            Assert.True(AlertWindows.TryParse(name, out var window));
            Assert.Equal(expected.Contains(name), AlertMetrics.Allows(metric, window));
            var rule = Valid();
            rule.Metric = metric;
            rule.Window = name;
            Assert.Equal(expected.Contains(name), !rule.Validate().Any());
        }
    }

    [Fact]
    public void An_unknown_metric_has_no_window()
    {
        // CO2 is measured but judged by no standard the derivation means; humidity and the CF=1 channel are no pollutants.
        Assert.Empty(AlertMetrics.WindowsOf("co2"));
        Assert.False(AlertMetrics.Allows("co2", AlertWindow.Hour));
        Assert.Empty(AlertMetrics.WindowsOf("humidity"));
        Assert.Empty(AlertMetrics.WindowsOf("pm2_5_cf1"));
    }

    [Fact]
    public void Window_config_names_round_trip_and_day_windows_are_the_three_daily_ones()
    {
        Assert.All(Enum.GetValues<AlertWindow>(), w =>
        {
            Assert.True(AlertWindows.TryParse(w.ConfigName(), out var parsed));
            Assert.Equal(w, parsed);
        });
        Assert.False(AlertWindows.TryParse("2h", out _));
        Assert.False(AlertWindows.TryParse(null, out _));
        Assert.Equal(
            [AlertWindow.Daily, AlertWindow.MorningTest, AlertWindow.AfternoonTest],
            Enum.GetValues<AlertWindow>().Where(w => w.IsDayWindow()));
    }

    [Fact]
    public void ParsedWindow_of_an_unknown_window_names_the_rule()
    {
        var rule = Valid();
        rule.Window = "2h";

        var error = Assert.Throws<InvalidOperationException>(() => rule.ParsedWindow);
        Assert.Equal("rule 'pm-test': unknown window '2h'", error.Message);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void A_threshold_that_is_not_a_number_is_required(double threshold)
    {
        var rule = Valid();
        rule.Threshold = threshold;

        Assert.Equal(["rule 'pm-test': threshold is required"], rule.Validate());
    }

    [Fact]
    public void An_unset_threshold_is_required()
    {
        var rule = new AlertRule { Name = "pm-test", Metric = "pm2_5", Window = "1h" };

        Assert.Equal(["rule 'pm-test': threshold is required"], rule.Validate());
    }

    [Fact]
    public void A_clear_above_the_threshold_is_reported_with_both_numbers()
    {
        var rule = Valid();
        rule.Threshold = 37.5;
        rule.Clear = 40.25;

        Assert.Equal(["rule 'pm-test': clear 40.25 must be at or below the threshold 37.5"], rule.Validate());
    }

    [Fact]
    public void A_clear_that_is_not_a_number_is_reported()
    {
        var rule = Valid();
        rule.Clear = double.NaN;

        Assert.Equal(["rule 'pm-test': clear NaN must be at or below the threshold 50"], rule.Validate());
    }

    [Fact]
    public void A_clear_at_the_threshold_is_valid_and_an_unset_clear_is_the_threshold()
    {
        var rule = Valid();
        Assert.Equal(50, rule.ClearThreshold);

        rule.Clear = 50;
        Assert.Empty(rule.Validate());

        rule.Clear = 45;
        Assert.Equal(45, rule.ClearThreshold);
    }

    [Fact]
    public void A_negative_min_duration_is_reported()
    {
        var rule = Valid();
        rule.MinDuration = TimeSpan.FromMinutes(-1);

        Assert.Equal(["rule 'pm-test': min duration -00:01:00 is negative"], rule.Validate());
    }

    [Fact]
    public void An_undefined_severity_is_reported()
    {
        var rule = Valid();
        rule.Severity = (AlertSeverity)7;

        Assert.Equal(["rule 'pm-test': severity 7 is not info, warning or critical"], rule.Validate());
    }

    [Theory]
    [InlineData("22-06")]
    [InlineData("22:00")]
    [InlineData("25:00-06:00")]
    [InlineData("22:00-06:00-08:00")]
    [InlineData("")]
    public void Quiet_hours_not_in_HH_mm_HH_mm_are_reported(string quiet)
    {
        var rule = Valid();
        rule.QuietHours = quiet;

        Assert.Equal([$"rule 'pm-test': quiet hours '{quiet}' are not HH:mm-HH:mm"], rule.Validate());
    }

    [Fact]
    public void An_unknown_time_zone_is_reported_with_an_example()
    {
        var rule = Valid();
        rule.TimeZone = "Mars/Olympus_Mons";

        Assert.Equal(["rule 'pm-test': time zone 'Mars/Olympus_Mons' is unknown (use an IANA name such as Asia/Bangkok)"], rule.Validate());
    }

    [Fact]
    public void Every_problem_of_a_rule_is_reported_in_one_pass()
    {
        var rule = new AlertRule
        {
            Name = "Bad", Metric = "aqi_th", Window = "1h", Threshold = 100, Clear = 120, MinDuration = TimeSpan.FromHours(-1),
            QuietHours = "night", TimeZone = "Nowhere",
        };

        Assert.Equal(
            [
                "rule name 'Bad' must be 1–64 of [a-z0-9_-]",
                "rule 'Bad': metric aqi_th has no 1h window (it has 24h)",
                "rule 'Bad': clear 120 must be at or below the threshold 100",
                "rule 'Bad': min duration -01:00:00 is negative",
                "rule 'Bad': quiet hours 'night' are not HH:mm-HH:mm",
                "rule 'Bad': time zone 'Nowhere' is unknown (use an IANA name such as Asia/Bangkok)",
            ],
            rule.Validate());
    }

    /// <summary>Bangkok is UTC+7 all year: 22:00 local is 15:00 UTC, 06:00 local is 23:00 UTC the day before.</summary>
    [Theory]
    [InlineData("2026-01-10T14:59:00Z", false)] // 21:59 local
    [InlineData("2026-01-10T15:00:00Z", true)] // 22:00
    [InlineData("2026-01-10T17:00:00Z", true)] // 00:00
    [InlineData("2026-01-10T22:59:00Z", true)] // 05:59 on the 11th
    [InlineData("2026-01-10T23:00:00Z", false)] // 06:00
    [InlineData("2026-01-11T05:00:00Z", false)] // 12:00
    public void Quiet_hours_across_midnight_are_taken_in_the_rule_time_zone(string utc, bool quiet)
    {
        var rule = Valid();
        rule.QuietHours = "22:00-06:00";
        rule.TimeZone = "Asia/Bangkok";

        Assert.Equal(quiet, rule.IsQuiet(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Quiet_hours_within_a_day_include_the_start_and_exclude_the_end()
    {
        var rule = Valid();
        rule.QuietHours = " 12:00 - 13:30 ";
        rule.TimeZone = "Asia/Tokyo";
        var noonTokyo = new DateTimeOffset(2026, 1, 10, 3, 0, 0, TimeSpan.Zero);

        Assert.Empty(rule.Validate());
        Assert.False(rule.IsQuiet(noonTokyo.AddMinutes(-1)));
        Assert.True(rule.IsQuiet(noonTokyo));
        Assert.True(rule.IsQuiet(noonTokyo.AddMinutes(89)));
        Assert.False(rule.IsQuiet(noonTokyo.AddMinutes(90)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("06:00-06:00")]
    [InlineData("not hours")]
    public void Without_usable_quiet_hours_no_time_is_quiet(string? quiet)
    {
        var rule = Valid();
        rule.QuietHours = quiet;
        rule.TimeZone = "Asia/Bangkok";
        var start = new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);

        Assert.All(Enumerable.Range(0, 24 * 4), quarter => Assert.False(rule.IsQuiet(start.AddMinutes(15 * quarter))));
    }

    [Fact]
    public void An_empty_scope_watches_every_station_even_an_unregistered_one()
    {
        var scope = new AlertScope();

        Assert.True(scope.Matches("bkk-dindaeng", StationKind.Roadside, "bangkok", "Din Daeng"));
        Assert.True(scope.Matches("unregistered", null, null, null));
    }

    [Fact]
    public void A_station_must_be_in_every_non_empty_list()
    {
        var scope = new AlertScope { Kinds = ["roadside", "plant"], Cities = ["bangkok"], Districts = ["Din Daeng"] };

        Assert.True(scope.Matches("bkk-dindaeng", StationKind.Roadside, "bangkok", "Din Daeng"));
        Assert.True(scope.Matches("bkk-plant", StationKind.Plant, "bangkok", "Din Daeng"));
        Assert.False(scope.Matches("bkk-park", StationKind.Ambient, "bangkok", "Din Daeng"));
        Assert.False(scope.Matches("yok-road", StationKind.Roadside, "yokohama", "Din Daeng"));
        Assert.False(scope.Matches("bkk-other", StationKind.Roadside, "bangkok", "Pathum Wan"));
    }

    [Fact]
    public void Cities_and_districts_match_ignoring_case_and_stations_exactly()
    {
        var places = new AlertScope { Cities = ["Bangkok"], Districts = ["din daeng"] };
        var stations = new AlertScope { Stations = ["bkk-dindaeng"] };

        Assert.True(places.Matches("bkk-dindaeng", StationKind.Roadside, "BANGKOK", "Din Daeng"));
        Assert.True(stations.Matches("bkk-dindaeng", null, null, null));
        Assert.False(stations.Matches("BKK-DINDAENG", StationKind.Roadside, "bangkok", "Din Daeng"));
    }

    [Fact]
    public void An_unregistered_station_matches_only_scopes_without_kind_city_or_district()
    {
        Assert.False(new AlertScope { Kinds = ["ambient"] }.Matches("unregistered", null, null, null));
        Assert.False(new AlertScope { Cities = ["bangkok"] }.Matches("unregistered", null, null, null));
        Assert.False(new AlertScope { Districts = ["Naka"] }.Matches("unregistered", null, null, null));
        Assert.True(new AlertScope { Stations = ["unregistered"] }.Matches("unregistered", null, null, null));
    }

    [Fact]
    public void A_rule_watches_what_its_scope_matches()
    {
        var rule = Valid();
        rule.Scope = new AlertScope { Cities = ["yokohama"] };

        Assert.True(rule.Watches("yok-naka", StationKind.Ambient, "yokohama", "Naka"));
        Assert.False(rule.Watches("bkk-dindaeng", StationKind.Roadside, "bangkok", "Din Daeng"));
    }

    public static TheoryData<string> RuleSetNames() => [.. DefaultRuleSets.Names];

    [Theory]
    [MemberData(nameof(RuleSetNames))]
    public void Every_built_in_rule_validates_and_names_its_source(string set)
    {
        var rules = DefaultRuleSets.Get(set);

        Assert.NotEmpty(rules);
        Assert.All(rules, rule =>
        {
            Assert.Empty(rule.Validate());
            Assert.False(string.IsNullOrWhiteSpace(rule.Source), $"{rule.Name} has no source");
            Assert.Contains(set, rule.Scope.Cities);
        });
    }

    [Fact]
    public void Built_in_rule_names_are_unique_across_all_sets()
    {
        var names = DefaultRuleSets.Names.SelectMany(DefaultRuleSets.Get).Select(r => r.Name).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Bangkok_watches_the_Thai_24h_standard_and_the_Thai_AQI_orange_and_red()
    {
        var rules = DefaultRuleSets.Get(DefaultRuleSets.Bangkok);

        Assert.Equal(
            [
                ("th-pm25-24h-standard", "pm2_5", "24h", 37.5, 35.0, AlertSeverity.Warning),
                ("th-aqi-orange", "aqi_th", "24h", 100.0, 95.0, AlertSeverity.Warning),
                ("th-aqi-red", "aqi_th", "24h", 200.0, 190.0, AlertSeverity.Critical),
            ],
            rules.Select(r => (r.Name, r.Metric, r.Window, r.Threshold, r.ClearThreshold, r.Severity)));
        Assert.All(rules, r => Assert.Equal("Asia/Bangkok", r.TimeZone));
    }

    [Fact]
    public void Yokohama_watches_the_Japanese_daily_standard_and_the_advisory_tests()
    {
        var rules = DefaultRuleSets.Get(DefaultRuleSets.Yokohama);

        Assert.Equal(
            [
                ("jp-pm25-daily-standard", "pm2_5", "daily", 35.0, AlertSeverity.Warning),
                ("jp-pm25-advisory-daily", "pm2_5", "daily", 70.0, AlertSeverity.Critical),
                ("jp-pm25-advisory-morning", "pm2_5", "morning", 85.0, AlertSeverity.Critical),
                ("jp-pm25-advisory-afternoon", "pm2_5", "afternoon", 80.0, AlertSeverity.Critical),

                // The 1973 and 1978 notices' numbers in the vocabulary's units: 0.06 ppm = 60 ppb, 0.10 mg/m³ = 100 µg/m³.
                ("jp-ox-hour-standard", "ox", "1h", 60.0, AlertSeverity.Warning),
                ("jp-no2-daily-standard", "no2", "daily", 60.0, AlertSeverity.Warning),
                ("jp-so2-daily-standard", "so2", "daily", 40.0, AlertSeverity.Warning),
                ("jp-so2-hour-standard", "so2", "1h", 100.0, AlertSeverity.Warning),
                ("jp-spm-daily-standard", "spm", "daily", 100.0, AlertSeverity.Warning),
                ("jp-spm-hour-standard", "spm", "1h", 200.0, AlertSeverity.Warning),
                ("jp-co-daily-standard", "co", "daily", 10.0, AlertSeverity.Warning),
                ("jp-co-8h-standard", "co", "8h", 20.0, AlertSeverity.Warning),
            ],
            rules.Select(r => (r.Name, r.Metric, r.Window, r.Threshold, r.Severity)));
        Assert.All(rules, r => Assert.Equal("Asia/Tokyo", r.TimeZone));
        Assert.All(rules, r => Assert.Empty(r.Validate()));

        // Photochemical oxidants are judged in the daytime only: the hours ending 06:00 to 20:00 JST.
        var ox = rules.Single(r => r.Name == "jp-ox-hour-standard");
        var tokyo = TimeSpan.FromHours(9);
        Assert.False(ox.IsQuiet(new DateTimeOffset(2026, 7, 1, 6, 0, 0, tokyo)));
        Assert.False(ox.IsQuiet(new DateTimeOffset(2026, 7, 1, 20, 0, 0, tokyo)));
        Assert.True(ox.IsQuiet(new DateTimeOffset(2026, 7, 1, 21, 0, 0, tokyo)));
        Assert.True(ox.IsQuiet(new DateTimeOffset(2026, 7, 1, 5, 0, 0, tokyo)));
    }

    [Fact]
    public void An_unknown_rule_set_is_refused_naming_the_known_ones()
    {
        Assert.False(DefaultRuleSets.Exists("tokyo"));
        Assert.False(DefaultRuleSets.Exists("Bangkok"));
        var error = Assert.Throws<ArgumentException>(() => DefaultRuleSets.Get("tokyo"));
        Assert.StartsWith("unknown rule set 'tokyo' (known: bangkok, yokohama)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_get_gives_new_rules_so_a_change_to_one_does_not_leak()
    {
        DefaultRuleSets.Get(DefaultRuleSets.Bangkok)[0].Threshold = 1;

        Assert.Equal(37.5, DefaultRuleSets.Get(DefaultRuleSets.Bangkok)[0].Threshold);
    }

    private static AlertRule Valid() => new() { Name = "pm-test", Metric = "pm2_5", Window = "1h", Threshold = 50 };
}
