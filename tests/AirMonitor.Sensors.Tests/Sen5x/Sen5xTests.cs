using AirMonitor.Sensors.Sen5x;
using AirMonitor.Sensors.Simulation;
using Sen5xDriver = AirMonitor.Sensors.Sen5x.Sen5x;

namespace AirMonitor.Sensors.Tests.Sen5x;

public sealed class Sen5xTests : IDisposable
{
    // Datasheet layout, each word followed by its CRC-8: PM 81, 124, 160, 190 (÷10 µg/m³); RH 5500 (÷100 %);
    // T −1000 (÷200 °C); VOC index 1000 (÷10); NOx index 10 (÷10).
    private static readonly byte[] MeasuredValuesBytes =
    [
        0x00, 0x51, 0xCE, 0x00, 0x7C, 0x04, 0x00, 0xA0, 0x7D, 0x00, 0xBE, 0x21,
        0x15, 0x7C, 0x1D, 0xFC, 0x18, 0xD7, 0x03, 0xE8, 0xD4, 0x00, 0x0A, 0x5A,
    ];

    private readonly SimulatedSensirionDevice _device = new(Sen5xDriver.DefaultI2cAddress);
    private readonly List<TimeSpan> _waits = [];

    public Sen5xTests()
    {
        _device.RespondBytes(0x0202, 0x00, 0x01, 0xB0);
        _device.RespondBytes(0x03C4, MeasuredValuesBytes);
    }

    [Theory]
    [InlineData("start", new byte[] { 0x00, 0x21 }, 50)]
    [InlineData("stop", new byte[] { 0x01, 0x04 }, 200)]
    [InlineData("fan cleaning", new byte[] { 0x56, 0x07 }, 20)]
    [InlineData("reset", new byte[] { 0xD3, 0x04 }, 100)]
    public void Commands_without_answer_are_the_datasheet_bytes_and_waits(string command, byte[] expected, int waitMilliseconds)
    {
        var sen5x = Driver(Sen5xVariant.Sen55);
        Action send = command switch
        {
            "start" => sen5x.StartMeasurement,
            "stop" => sen5x.StopMeasurement,
            "fan cleaning" => sen5x.StartFanCleaning,
            _ => sen5x.Reset,
        };

        send();

        Assert.Equal(expected, _device.Writes.Single());
        Assert.Equal([TimeSpan.FromMilliseconds(waitMilliseconds)], _waits);
    }

    [Fact]
    public void Measured_values_decode_with_the_datasheet_scale_factors_including_a_negative_temperature()
    {
        var sen5x = Driver(Sen5xVariant.Sen55);

        Assert.True(sen5x.TryReadMeasurement(out var measurement, out var fault));

        Assert.Null(fault);
        Assert.Equal(new Sen5xMeasurement(8.1, 12.4, 16.0, 19.0, 55.0, -5.0, 100.0, 1.0), measurement);
        Assert.Equal([[0x02, 0x02], [0x03, 0xC4]], _device.Writes);
        Assert.Equal([TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20)], _waits);
    }

    [Fact]
    public void No_value_codes_leave_those_values_absent_and_keep_the_others()
    {
        _device.Respond(0x03C4, () => [81, 0xFFFF, 160, 190, 0x7FFF, 5000, 0x7FFF, 10]);
        var sen5x = Driver(Sen5xVariant.Sen55);

        Assert.True(sen5x.TryReadMeasurement(out var measurement, out _));

        Assert.Equal(new Sen5xMeasurement(8.1, null, 16.0, 19.0, null, 25.0, null, 1.0), measurement);
    }

    [Fact]
    public void Only_no_value_codes_is_a_no_value_fault()
    {
        _device.Respond(0x03C4, () => [0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0x7FFF, 0x7FFF, 0x7FFF, 0x7FFF]);
        var sen5x = Driver(Sen5xVariant.Sen55);

        Assert.False(sen5x.TryReadMeasurement(out var measurement, out var fault));

        Assert.Null(measurement);
        Assert.Equal(SensorFault.NoValue, fault);
    }

    [Fact]
    public void Sen54_reports_no_nox_and_sen50_only_pm_whatever_the_words_say()
    {
        Assert.True(Driver(Sen5xVariant.Sen54).TryReadMeasurement(out var sen54, out _));
        Assert.True(Driver(Sen5xVariant.Sen50).TryReadMeasurement(out var sen50, out _));

        Assert.Equal(new Sen5xMeasurement(8.1, 12.4, 16.0, 19.0, 55.0, -5.0, 100.0, null), sen54);
        Assert.Equal(new Sen5xMeasurement(8.1, 12.4, 16.0, 19.0, null, null, null, null), sen50);
    }

    [Theory]
    [InlineData(0x0001, true)]
    [InlineData(0x0000, false)]
    [InlineData(0x0100, false)]
    public void Data_ready_is_the_flag_in_the_low_byte(int word, bool ready)
    {
        _device.Respond(0x0202, () => [(ushort)word]);
        var sen5x = Driver(Sen5xVariant.Sen55);

        Assert.True(sen5x.TryReadDataReady(out var isReady));
        Assert.Equal(ready, isReady);
    }

    [Fact]
    public void A_clear_data_ready_flag_is_not_ready_and_the_values_are_not_read()
    {
        _device.Respond(0x0202, () => [0x0000]);
        var sen5x = Driver(Sen5xVariant.Sen55);

        Assert.False(sen5x.TryReadMeasurement(out _, out var fault));

        Assert.Equal(SensorFault.NotReady, fault);
        Assert.DoesNotContain((ushort)0x03C4, _device.CommandsReceived);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(7)]
    public void A_crc_mismatch_in_any_measured_word_gives_no_value(int word)
    {
        // The data-ready answer comes first: it arms the corruption of the measured values read after it.
        _device.Respond(0x0202, () =>
        {
            _device.CorruptNextCrc(word);
            return [0x0001];
        });
        var sen5x = Driver(Sen5xVariant.Sen55);

        Assert.False(sen5x.TryReadMeasurement(out var measurement, out var fault));

        Assert.Null(measurement);
        Assert.Equal(SensorFault.CrcError, fault);
    }

    [Fact]
    public void Product_name_names_the_variant()
    {
        var device = new SimulatedSen5x(new SimulatedAir(), Sen5xVariant.Sen54);
        using var sen5x = new Sen5xDriver(device, Sen5xVariant.Sen55) { Wait = _ => { } };

        Assert.True(sen5x.TryReadProductName(out var name));

        Assert.Equal("SEN54", name);
        Assert.True(Sen5xDriver.TryParseVariant(name, out var variant));
        Assert.Equal(Sen5xVariant.Sen54, variant);
        Assert.Equal([0xD0, 0x14], device.Writes.Single());
    }

    [Theory]
    [InlineData("sen50", Sen5xVariant.Sen50)]
    [InlineData("SEN55", Sen5xVariant.Sen55)]
    public void Variant_parses_from_product_name_or_profile_model(string name, Sen5xVariant expected)
    {
        Assert.True(Sen5xDriver.TryParseVariant(name, out var variant));
        Assert.Equal(expected, variant);
    }

    [Theory]
    [InlineData("sen56")]
    [InlineData("2")]
    [InlineData("")]
    public void Other_names_are_not_a_variant(string name) => Assert.False(Sen5xDriver.TryParseVariant(name, out _));

    [Fact]
    public void Serial_number_is_the_ascii_up_to_the_first_nul()
    {
        var device = new SimulatedSen5x(new SimulatedAir(), Sen5xVariant.Sen55) { SerialNumber = "A1B2C3D4E5F60718" };
        using var sen5x = new Sen5xDriver(device, Sen5xVariant.Sen55) { Wait = _ => { } };

        Assert.True(sen5x.TryReadSerialNumber(out var serial));

        Assert.Equal("A1B2C3D4E5F60718", serial);
    }

    [Fact]
    public void Device_status_is_the_two_words_as_one_register()
    {
        _device.Respond(0xD206, () => [0x0020, 0x0010]);
        var sen5x = Driver(Sen5xVariant.Sen55);

        Assert.True(sen5x.TryReadDeviceStatus(out var status));

        Assert.Equal(0x0020_0010u, status);
    }

    [Fact]
    public void Dispose_stops_measuring_then_disposes_the_bus()
    {
        var sen5x = Driver(Sen5xVariant.Sen55);

        sen5x.Dispose();

        Assert.Equal([0x01, 0x04], _device.Writes.Single());
        Assert.Equal([TimeSpan.FromMilliseconds(200)], _waits);
        Assert.True(_device.IsDisposed);
        Assert.Throws<ObjectDisposedException>(sen5x.StartMeasurement);
    }

    private Sen5xDriver Driver(Sen5xVariant variant) => new(_device, variant) { Wait = _waits.Add };

    public void Dispose() => _device.Dispose();
}
