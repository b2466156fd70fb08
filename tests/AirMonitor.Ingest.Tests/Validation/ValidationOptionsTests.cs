using AirMonitor.Ingest.Validation;

namespace AirMonitor.Ingest.Tests.Validation;

public class ValidationOptionsTests
{
    [Fact]
    public void Defaults_are_256_KiB_5_minutes_and_30_days()
    {
        var options = new ValidationOptions();

        Assert.Equal(262_144, options.MaxPayloadBytes);
        Assert.Equal(TimeSpan.FromMinutes(5), options.FutureTolerance);
        Assert.Equal(TimeSpan.FromDays(30), options.MaxAge);
        Assert.Equal("Validation", ValidationOptions.Section);
    }

    [Fact]
    public void Devices_without_a_declaration_may_write_16_sensors_and_10000_devices_are_remembered()
    {
        var options = new ValidationOptions();

        Assert.Equal(16, options.MaxSensorsPerDevice);
        Assert.Equal(10_000, options.MaxTrackedDevices);
    }

    [Theory]
    [InlineData(0, 10_000, "Validation:MaxSensorsPerDevice 0 is outside 1..1000")]
    [InlineData(1001, 10_000, "Validation:MaxSensorsPerDevice 1001 is outside 1..1000")]
    [InlineData(16, 0, "Validation:MaxTrackedDevices 0 is outside 1..1000000")]
    [InlineData(16, 1_000_001, "Validation:MaxTrackedDevices 1000001 is outside 1..1000000")]
    public void Sensor_cap_or_device_memory_outside_its_range_is_reported(int sensors, int devices, string message)
    {
        var options = new ValidationOptions { MaxSensorsPerDevice = sensors, MaxTrackedDevices = devices };

        Assert.Equal([message], options.Validate());
    }

    [Fact]
    public void Sensor_cap_and_device_memory_at_their_limits_are_valid()
    {
        Assert.Empty(new ValidationOptions { MaxSensorsPerDevice = 1, MaxTrackedDevices = 1 }.Validate());
        Assert.Empty(new ValidationOptions { MaxSensorsPerDevice = 1000, MaxTrackedDevices = 1_000_000 }.Validate());
    }

    [Fact]
    public void Defaults_are_valid()
    {
        Assert.Empty(new ValidationOptions().Validate());
    }

    [Fact]
    public void Smallest_allowed_values_are_valid()
    {
        var options = new ValidationOptions { MaxPayloadBytes = 1024, FutureTolerance = TimeSpan.Zero, MaxAge = TimeSpan.FromTicks(1) };

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Payload_limit_below_1024_is_reported()
    {
        var options = new ValidationOptions { MaxPayloadBytes = 1023 };

        Assert.Equal(["Validation:MaxPayloadBytes 1023 is below 1024"], options.Validate());
    }

    [Theory]
    [InlineData(-1, "Validation:FutureTolerance -00:00:01 is outside 0..1 day")]
    [InlineData(86_401, "Validation:FutureTolerance 1.00:00:01 is outside 0..1 day")]
    public void Future_tolerance_outside_its_range_is_reported(int seconds, string message)
    {
        var options = new ValidationOptions { FutureTolerance = TimeSpan.FromSeconds(seconds) };

        Assert.Equal([message], options.Validate());
    }

    [Fact]
    public void A_max_age_so_large_that_now_minus_it_overflows_fails_at_start_instead_of_on_every_message()
    {
        var options = new ValidationOptions { MaxAge = TimeSpan.MaxValue };

        Assert.Equal([$"Validation:MaxAge {TimeSpan.MaxValue} is outside 0..3650 days"], options.Validate());
    }

    [Theory]
    [InlineData(0, "Validation:MaxAge 00:00:00 is outside 0..3650 days")]
    [InlineData(-86_400, "Validation:MaxAge -1.00:00:00 is outside 0..3650 days")]
    public void Max_age_that_is_not_positive_is_reported(int seconds, string message)
    {
        var options = new ValidationOptions { MaxAge = TimeSpan.FromSeconds(seconds) };

        Assert.Equal([message], options.Validate());
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = new ValidationOptions { MaxPayloadBytes = 0, FutureTolerance = TimeSpan.FromMinutes(-5), MaxAge = TimeSpan.Zero, MaxSensorsPerDevice = 0, MaxTrackedDevices = 0 };

        Assert.Equal(
            [
                "Validation:MaxPayloadBytes 0 is below 1024",
                "Validation:MaxSensorsPerDevice 0 is outside 1..1000",
                "Validation:MaxTrackedDevices 0 is outside 1..1000000",
                "Validation:FutureTolerance -00:05:00 is outside 0..1 day",
                "Validation:MaxAge 00:00:00 is outside 0..3650 days",
            ],
            options.Validate());
    }
}
