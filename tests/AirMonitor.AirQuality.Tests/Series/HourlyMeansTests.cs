using AirMonitor.AirQuality.Series;

namespace AirMonitor.AirQuality.Tests.Series;

/// <summary>Sensor hours from stored readings (capture, flags, stuck sensors) and the station hour from its sensors.</summary>
public sealed class HourlyMeansTests
{
    private const long HourMs = HourlyMeans.HourMs;
    private const long TenSecondsMs = 10_000;

    // 2026-01-10 00:00 UTC: an hour start.
    private static readonly long H0 = new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public void An_hour_starts_at_the_whole_hour_at_or_before_the_time()
    {
        Assert.Equal(H0, HourlyMeans.HourOf(H0));
        Assert.Equal(H0, HourlyMeans.HourOf(H0 + HourMs - 1));
        Assert.Equal(H0 + HourMs, HourlyMeans.HourOf(H0 + HourMs));
        Assert.Equal(-HourMs, HourlyMeans.HourOf(-1));
    }

    [Fact]
    public void A_full_hour_at_10_seconds_is_captured_whole()
    {
        // 360 readings · 10 s = 3600 s = 1 h.
        var hour = Assert.Single(HourlyMeans.Sensors(Every10s(360, pm2_5: 12)));

        Assert.Equal(1.0, hour.Capture);
        Assert.Equal(360, hour.Samples);
        Assert.Equal(0, hour.Flagged);
        Assert.Equal(H0, hour.HourStartMs);
        Assert.Equal(("dev-01", "pms5003"), (hour.Device, hour.Sensor));
        Assert.True(hour.IsValid);
    }

    [Fact]
    public void Half_an_hour_at_10_seconds_is_half_captured_and_not_valid()
    {
        // 180 · 10 s = 1800 s = 0.5 h.
        var hour = Assert.Single(HourlyMeans.Sensors(Every10s(180, pm2_5: 12)));

        Assert.Equal(0.5, hour.Capture);
        Assert.False(hour.IsValid);
    }

    [Fact]
    public void Three_quarters_of_an_hour_is_just_valid()
    {
        // 270 · 10 s = 2700 s = 0.75 h, the minimum.
        var hour = Assert.Single(HourlyMeans.Sensors(Every10s(270, pm2_5: 12)));

        Assert.Equal(0.75, hour.Capture);
        Assert.True(hour.IsValid);
    }

    [Fact]
    public void Flagged_readings_do_not_count_toward_capture_or_the_means()
    {
        // 360 readings, the first 100 warming up with a wild value: 260 valid · 10 s = 2600 s = 0.7222 h, under 0.75.
        var readings = Every10s(360, pm2_5: 12).Select((r, i) => i < 100 ? r with { Values = r.Values.With(Ambient.Pm2_5, 500), Flags = "warmup" } : r).ToList();

        var hour = Assert.Single(HourlyMeans.Sensors(readings));

        Assert.Equal(2600.0 / 3600, hour.Capture, 12);
        Assert.Equal(260, hour.Samples);
        Assert.Equal(100, hour.Flagged);
        Assert.Equal(0, hour.FlaggedFaulty);
        Assert.Equal(12, hour.Means[Ambient.Pm2_5]);
        Assert.False(hour.IsValid);
    }

    [Fact]
    public void A_single_reading_has_no_interval_and_captures_nothing()
    {
        var hour = Assert.Single(HourlyMeans.Sensors([Reading(H0 + 5_000, pm2_5: 12)]));

        Assert.Equal(0, hour.Capture);
        Assert.Equal(1, hour.Samples);
        Assert.Equal(12, hour.Means[Ambient.Pm2_5]);
    }

    [Fact]
    public void Two_readings_an_hour_apart_are_a_sensor_that_dropped_out_not_an_hourly_one()
    {
        // The 59-minute gap stands for at most 5 minutes: 2 · 5 / 60.
        var hour = Assert.Single(HourlyMeans.Sensors([Reading(H0, pm2_5: 12), Reading(H0 + (59 * 60_000), pm2_5: 14)]));

        Assert.Equal(10.0 / 60, hour.Capture, 12);
        Assert.False(hour.IsValid);
    }

    [Fact]
    public void Capture_is_at_most_one()
    {
        // A 2-min sensor (0, 2, … 58 min) with one more reading at 59 min: median gap 2 min; 31 · 2 min = 62 min → 1.
        long[] minutes = [.. Enumerable.Range(0, 30).Select(i => 2L * i), 59];

        var hour = Assert.Single(HourlyMeans.Sensors(minutes.Select(m => Reading(H0 + (m * 60_000), pm2_5: 12))));

        Assert.Equal(1.0, hour.Capture);
    }

    [Fact]
    public void Capture_uses_the_median_gap_so_an_outage_does_not_stretch_the_interval()
    {
        // 100 readings at 10 s (0…990 s), then one at 59 min: gaps 99 × 10 s and one of 2550 s → median 10 s;
        // 101 · 10 s = 1010 s = 0.28056 h.
        var readings = Every10s(100, pm2_5: 12).Append(Reading(H0 + (59 * 60_000), pm2_5: 12));

        var hour = Assert.Single(HourlyMeans.Sensors(readings));

        Assert.Equal(1010.0 / 3600, hour.Capture, 12);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("rh_high", true)]
    [InlineData("warmup", false)]
    [InlineData("crc_error", false)]
    [InlineData("out_of_range", false)]
    [InlineData("stuck", false)]
    [InlineData("firmware_2027", false)]
    [InlineData("rh_high,warmup", false)]
    [InlineData("rh_high,rh_high", true)]
    public void Only_rh_high_leaves_a_reading_valid(string? flags, bool valid)
    {
        Assert.Equal(valid, Reading(H0, pm2_5: 12, flags: flags).IsValid);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("rh_high", false)]
    [InlineData("warmup", false)]
    [InlineData("firmware_2027", false)]
    [InlineData("crc_error", true)]
    [InlineData("out_of_range", true)]
    [InlineData("stuck", true)]
    [InlineData("warmup,crc_error", true)]
    public void Crc_errors_out_of_range_and_stuck_readings_are_faults(string? flags, bool faulty)
    {
        Assert.Equal(faulty, Reading(H0, pm2_5: 12, flags: flags).IsFlaggedFaulty);
    }

    [Fact]
    public void Faulty_and_other_flagged_readings_are_counted_apart()
    {
        string?[] flags = [null, "rh_high", "crc_error", "warmup", "out_of_range", "stuck", "firmware_2027", null];
        var readings = flags.Select((f, i) => Reading(H0 + (i * TenSecondsMs), pm2_5: 10 + i, flags: f));

        var hour = Assert.Single(HourlyMeans.Sensors(readings));

        Assert.Equal(3, hour.Samples);
        Assert.Equal(5, hour.Flagged);
        Assert.Equal(3, hour.FlaggedFaulty);
        // The valid readings carry 10, 11 and 17: (10 + 11 + 17)/3 = 12.667.
        Assert.Equal(38.0 / 3, hour.Means[Ambient.Pm2_5]!.Value, 12);
    }

    [Fact]
    public void Twenty_nine_equal_readings_are_not_stuck()
    {
        Assert.False(Assert.Single(HourlyMeans.Sensors(Every10s(29, pm2_5: 7))).Stuck);
    }

    [Fact]
    public void Thirty_equal_readings_are_stuck()
    {
        Assert.True(Assert.Single(HourlyMeans.Sensors(Every10s(30, pm2_5: 7))).Stuck);
    }

    [Fact]
    public void One_different_reading_in_thirty_is_not_stuck()
    {
        var readings = Every10s(30, pm2_5: 7).Select((r, i) => i == 17 ? r with { Values = r.Values.With(Ambient.Pm2_5, 7.1) } : r);

        Assert.False(Assert.Single(HourlyMeans.Sensors(readings)).Stuck);
    }

    [Fact]
    public void Only_valid_readings_with_a_PM2_5_value_count_toward_stuck()
    {
        // 31 equal readings, one warming up and one without PM2.5: 29 count.
        var readings = Every10s(31, pm2_5: 7).Select((r, i) => i switch
        {
            0 => r with { Flags = "warmup" },
            1 => r with { Values = r.Values.With(Ambient.Pm2_5, null) },
            _ => r,
        });

        Assert.False(Assert.Single(HourlyMeans.Sensors(readings)).Stuck);
    }

    [Fact]
    public void Sensor_hours_are_split_by_hour_device_and_sensor()
    {
        RawReading[] readings =
        [
            Reading(H0 + HourMs - 10_000, pm2_5: 1),
            Reading(H0 + HourMs, pm2_5: 2),
            Reading(H0 + HourMs + 10_000, pm2_5: 4),
            Reading(H0 + HourMs, pm2_5: 8) with { Sensor = "sps30" },
            Reading(H0 + HourMs, pm2_5: 16) with { Device = "dev-02" },
        ];

        var hours = HourlyMeans.Sensors(readings)
            .OrderBy(h => h.HourStartMs).ThenBy(h => h.Device, StringComparer.Ordinal).ThenBy(h => h.Sensor, StringComparer.Ordinal)
            .ToList();

        Assert.Equal(
            [
                (H0, "dev-01", "pms5003", 1.0),
                (H0 + HourMs, "dev-01", "pms5003", 3.0),
                (H0 + HourMs, "dev-01", "sps30", 8.0),
                (H0 + HourMs, "dev-02", "pms5003", 16.0),
            ],
            hours.Select(h => (h.HourStartMs, h.Device, h.Sensor, h.Means[Ambient.Pm2_5]!.Value)));
    }

    [Fact]
    public void Sensor_means_are_of_each_metric_where_present()
    {
        RawReading[] readings =
        [
            new(H0, "dev-01", "pms5003", Values(10, 14, 20, null), null),
            new(H0 + TenSecondsMs, "dev-01", "pms5003", Values(12, 16, null, 60), null),
            new(H0 + (2 * TenSecondsMs), "dev-01", "pms5003", Values(null, null, 26, 70), "rh_high"),
        ];

        var hour = Assert.Single(HourlyMeans.Sensors(readings));

        Assert.Equal(Values(11.0, 15.0, 23.0, 65.0), hour.Means);
        Assert.True(hour.MeasuresPm);
    }

    [Fact]
    public void A_station_hour_averages_its_valid_PM_sensors()
    {
        var hour = HourlyMeans.Station(H0, [Pm("a", 1.0, pm2_5: 10, pm10: 30), Pm("b", 0.8, pm2_5: 20, pm10: 50)]);

        Assert.Equal(Hour(1.0, 15, 40, null, 2), hour);
    }

    [Fact]
    public void A_sensor_under_75_percent_capture_is_left_out()
    {
        var hour = HourlyMeans.Station(H0, [Pm("a", 0.75, pm2_5: 10, pm10: 30), Pm("b", 0.74, pm2_5: 90, pm10: 150)]);

        // The station's capture is its best PM sensor's.
        Assert.Equal(Hour(0.75, 10, 30, null, 1), hour);
    }

    [Fact]
    public void A_station_without_a_valid_PM_sensor_has_no_PM()
    {
        var hour = HourlyMeans.Station(H0, [Pm("a", 0.5, pm2_5: 10, pm10: 30), Climate(1.0, humidity: 60)]);

        Assert.Equal(Hour(0.5, null, null, 60, 0), hour);
    }

    [Fact]
    public void A_station_with_only_a_climate_sensor_has_no_capture()
    {
        Assert.Equal(Hour(0, null, null, 55, 0), HourlyMeans.Station(H0, [Climate(1.0, humidity: 55)]));
    }

    [Fact]
    public void Corrected_PM2_5_of_a_Plantower_uses_its_atmospheric_mean_and_the_station_humidity()
    {
        // EPA (Fire and Smoke Map, x = CF=ATM), x < 30: 0.524·25 − 0.0862·50 + 5.75 = 13.1 − 4.31 + 5.75 = 14.54; the raw 25 is kept.
        var hour = HourlyMeans.Station(H0, [Pm("a", 1.0, pm2_5: 25, pm10: 30, cf1: 20), Climate(1.0, humidity: 50)]);

        Assert.Equal(25, hour[Ambient.Pm2_5]);
        Assert.Equal(50, hour[Ambient.Humidity]);
        Assert.Equal(14.54, hour.Pm2_5Corrected!.Value, 10);
    }

    [Fact]
    public void Corrected_PM2_5_is_the_mean_of_each_sensor_corrected()
    {
        // RH = (40 + 60)/2 = 50; 0.524·12 − 4.31 + 5.75 = 7.728 and 0.524·22 − 4.31 + 5.75 = 12.968; mean 10.348.
        var hour = HourlyMeans.Station(H0,
        [
            Pm("a", 1.0, pm2_5: 12, pm10: 20, cf1: 10) with { Means = Values(12, 10, 20, 40) },
            Pm("b", 1.0, pm2_5: 22, pm10: 30, cf1: 20) with { Means = Values(22, 20, 30, 60) },
        ]);

        Assert.Equal(50, hour[Ambient.Humidity]);
        Assert.Equal(10.348, hour.Pm2_5Corrected!.Value, 10);
    }

    [Fact]
    public void Humidity_above_100_percent_is_clamped_before_the_correction()
    {
        // A humidity sensor over-reading 104 %: RH taken as 100; 0.524·25 − 8.62 + 5.75 = 10.23.
        var hour = HourlyMeans.Station(H0, [Pm("a", 1.0, pm2_5: 25, pm10: 30, cf1: 20), Climate(1.0, humidity: 104)]);

        Assert.Equal(104, hour[Ambient.Humidity]);
        Assert.Equal(10.23, hour.Pm2_5Corrected!.Value, 10);
    }

    [Fact]
    public void No_correction_without_humidity_or_without_cf1()
    {
        Assert.Null(HourlyMeans.Station(H0, [Pm("a", 1.0, pm2_5: 25, pm10: 30, cf1: 20)]).Pm2_5Corrected);
        Assert.Null(HourlyMeans.Station(H0, [Pm("a", 1.0, pm2_5: 25, pm10: 30), Climate(1.0, humidity: 50)]).Pm2_5Corrected);
    }

    [Fact]
    public void Humidity_of_a_climate_sensor_under_75_percent_capture_is_left_out()
    {
        var hour = HourlyMeans.Station(H0, [Pm("a", 1.0, pm2_5: 25, pm10: 30, cf1: 20), Climate(0.5, humidity: 90)]);

        Assert.Null(hour[Ambient.Humidity]);
        Assert.Null(hour.Pm2_5Corrected);
    }

    [Fact]
    public void A_device_marked_for_correction_gives_the_indices_its_corrected_PM2_5_and_the_raw_stays_beside_it()
    {
        // EPA, x = CF=ATM < 30: 0.524·25 − 0.0862·50 + 5.75 = 14.54 replaces the raw 25.
        var hour = HourlyMeans.Station(H0, [Pm("pms5003", 1.0, pm2_5: 25, pm10: 30, cf1: 20), Climate(1.0, humidity: 50)], new HashSet<string> { "dev-01" });

        Assert.Equal(14.54, hour[Ambient.Pm2_5]!.Value, 10);
        Assert.Equal(25, hour.Pm2_5Raw);
        Assert.Equal(14.54, hour.Pm2_5Corrected!.Value, 10);
        Assert.Equal((1, 1), (hour.PmSensors, hour.CorrectedPmSensors));
    }

    [Fact]
    public void A_reference_monitor_beside_a_corrected_low_cost_sensor_is_averaged_with_its_corrected_value()
    {
        // Reference 20 (raw, not marked) and the low-cost sensor's 14.54 (25 at its own RH 50): (20 + 14.54)/2 = 17.27.
        var hour = HourlyMeans.Station(H0,
        [
            Pm("bam1020", 1.0, pm2_5: 20, pm10: 30, device: "ref-01"),
            Pm("pms5003", 1.0, pm2_5: 25, pm10: 34, cf1: 20, device: "pa-01"),
            Climate(1.0, humidity: 50, device: "pa-01"),
        ], new HashSet<string> { "pa-01" });

        Assert.Equal(17.27, hour[Ambient.Pm2_5]!.Value, 10);
        Assert.Equal(22.5, hour.Pm2_5Raw);
        Assert.Equal(32, hour[Ambient.Pm10]);
        Assert.Equal((2, 1), (hour.PmSensors, hour.CorrectedPmSensors));
    }

    [Fact]
    public void A_corrected_device_takes_its_own_humidity_before_the_station_mean()
    {
        // pa-01 reads RH 40, another device 80 (station mean 60): 0.524·25 − 0.0862·40 + 5.75 = 15.402, not 11.954.
        var hour = HourlyMeans.Station(H0,
        [
            Pm("pms5003", 1.0, pm2_5: 25, pm10: 30, cf1: 20, device: "pa-01"),
            Climate(1.0, humidity: 40, device: "pa-01"),
            Climate(1.0, humidity: 80, device: "met-01"),
        ], new HashSet<string> { "pa-01" });

        Assert.Equal(60, hour[Ambient.Humidity]);
        Assert.Equal(15.402, hour[Ambient.Pm2_5]!.Value, 10);
    }

    [Fact]
    public void A_corrected_device_without_humidity_gives_no_PM2_5_rather_than_its_raw_value()
    {
        var hour = HourlyMeans.Station(H0, [Pm("pms5003", 1.0, pm2_5: 25, pm10: 30, cf1: 20)], new HashSet<string> { "dev-01" });

        Assert.Null(hour[Ambient.Pm2_5]);
        Assert.Equal(25, hour.Pm2_5Raw);
        Assert.Equal(30, hour[Ambient.Pm10]);
    }

    [Fact]
    public void Gases_are_averaged_over_the_valid_sensors_that_measure_them()
    {
        // Two gas analysers: O3 40 and 50 → 45; NO2 only on the first (30); the third under 75 % capture is left out.
        SensorHour Gas(string sensor, double capture, double? o3, double? no2) =>
            new("dev-01", sensor, H0, 360, 0, 0, capture, AmbientValues.Of((Ambient.O3, o3), (Ambient.No2, no2)), false);

        var hour = HourlyMeans.Station(H0, [Gas("a", 1.0, 40, 30), Gas("b", 0.8, 50, null), Gas("c", 0.5, 400, 400)]);

        Assert.Equal((45, 30), (hour[Ambient.O3], hour[Ambient.No2]));
        Assert.Null(hour[Ambient.Pm2_5]);
        Assert.Equal((0, 0), (hour.Capture, hour.PmSensors));
    }

    [Fact]
    public void Readings_through_to_a_station_hour()
    {
        // Two PM sensors for a whole hour at 10 s (12 and 18 → 15) and a third sensor reporting for 20 minutes only.
        var readings = Every10s(360, pm2_5: 12)
            .Concat(Every10s(360, pm2_5: 18).Select(r => r with { Sensor = "sps30" }))
            .Concat(Every10s(120, pm2_5: 90).Select(r => r with { Device = "dev-02" }))
            .ToList();

        var sensors = HourlyMeans.Sensors(readings).ToList();
        var hour = HourlyMeans.Station(H0, sensors);

        Assert.Equal(Hour(1.0, 15, null, null, 2), hour);
    }

    private static RawReading Reading(long ts, double? pm2_5, string? flags = null) =>
        new(ts, "dev-01", "pms5003", Values(pm2_5, null, null, null), flags);

    private static IEnumerable<RawReading> Every10s(int count, double pm2_5) =>
        Enumerable.Range(0, count).Select(i => Reading(H0 + (i * TenSecondsMs), pm2_5));

    private static SensorHour Pm(string sensor, double capture, double pm2_5, double pm10, double? cf1 = null, string device = "dev-01") =>
        new(device, sensor, H0, 360, 0, 0, capture, Values(pm2_5, cf1, pm10, null), false);

    private static SensorHour Climate(double capture, double humidity, string device = "dev-01") =>
        new(device, "bme280", H0, 360, 0, 0, capture, Values(null, null, null, humidity), false);

    private static AmbientValues Values(double? pm2_5, double? cf1, double? pm10, double? humidity) =>
        AmbientValues.Of((Ambient.Pm2_5, pm2_5), (Ambient.Pm2_5Cf1, cf1), (Ambient.Pm10, pm10), (Ambient.Humidity, humidity));

    /// <summary>A station hour without correction: the indices' PM2.5 is the raw mean.</summary>
    private static StationHour Hour(double capture, double? pm2_5, double? pm10, double? humidity, int pmSensors) =>
        new(H0, capture, Values(pm2_5, null, pm10, humidity), pm2_5, null, pmSensors, 0);
}
