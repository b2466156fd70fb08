using AirMonitor.Sensors.Simulation;
using AirMonitor.Sensors.Sps30;
using Sps30Driver = AirMonitor.Sensors.Sps30.Sps30;

namespace AirMonitor.Sensors.Tests.Sps30;

public sealed class Sps30Tests : IDisposable
{
    // Datasheet layout: 10 big-endian floats, each word followed by its CRC-8. Values 8.5, 12.25, 16, 19.5 µg/m³;
    // 50, 60, 62.5, 63, 63.25 #/cm³; 0.5 µm.
    private static readonly byte[] MeasuredValuesBytes =
    [
        0x41, 0x08, 0x45, 0x00, 0x00, 0x81, 0x41, 0x44, 0x05, 0x00, 0x00, 0x81, 0x41, 0x80, 0x86, 0x00, 0x00, 0x81,
        0x41, 0x9C, 0xB8, 0x00, 0x00, 0x81, 0x42, 0x48, 0x55, 0x00, 0x00, 0x81, 0x42, 0x70, 0x29, 0x00, 0x00, 0x81,
        0x42, 0x7A, 0xF2, 0x00, 0x00, 0x81, 0x42, 0x7C, 0x54, 0x00, 0x00, 0x81, 0x42, 0x7D, 0x65, 0x00, 0x00, 0x81,
        0x3F, 0x00, 0xAA, 0x00, 0x00, 0x81,
    ];

    private readonly SimulatedSensirionDevice _device = new(Sps30Driver.DefaultI2cAddress);
    private readonly List<TimeSpan> _waits = [];
    private readonly Sps30Driver _sps30;

    public Sps30Tests()
    {
        _sps30 = new Sps30Driver(_device) { Wait = _waits.Add };
        _device.RespondBytes(0x0202, 0x00, 0x01, 0xB0);
        _device.RespondBytes(0x0300, MeasuredValuesBytes);
    }

    [Fact]
    public void Start_measurement_sends_0010_with_the_float_format_argument_and_its_crc_then_waits_20_ms()
    {
        _sps30.StartMeasurement();

        Assert.Equal([0x00, 0x10, 0x03, 0x00, 0xAC], _device.Writes.Single());
        Assert.Equal([TimeSpan.FromMilliseconds(20)], _waits);
    }

    [Theory]
    [InlineData("stop", new byte[] { 0x01, 0x04 }, 20)]
    [InlineData("sleep", new byte[] { 0x10, 0x01 }, 5)]
    [InlineData("fan cleaning", new byte[] { 0x56, 0x07 }, 5)]
    [InlineData("reset", new byte[] { 0xD3, 0x04 }, 100)]
    public void Commands_without_answer_are_the_datasheet_bytes_and_waits(string command, byte[] expected, int waitMilliseconds)
    {
        Action send = command switch
        {
            "stop" => _sps30.StopMeasurement,
            "sleep" => _sps30.Sleep,
            "fan cleaning" => _sps30.StartFanCleaning,
            _ => _sps30.Reset,
        };

        send();

        Assert.Equal(expected, _device.Writes.Single());
        Assert.Equal([TimeSpan.FromMilliseconds(waitMilliseconds)], _waits);
    }

    [Fact]
    public void Measured_values_decode_the_ten_floats_in_datasheet_order()
    {
        Assert.True(_sps30.TryReadMeasurement(out var measurement, out var fault));

        Assert.Null(fault);
        Assert.Equal(new Sps30Measurement(8.5, 12.25, 16.0, 19.5, 50.0, 60.0, 62.5, 63.0, 63.25, 0.5), measurement);
        Assert.Equal([[0x02, 0x02], [0x03, 0x00]], _device.Writes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(19)]
    public void A_crc_mismatch_in_any_measured_word_gives_no_value(int word)
    {
        // The data-ready answer comes first: it arms the corruption of the measured values read after it.
        _device.Respond(0x0202, () =>
        {
            _device.CorruptNextCrc(word);
            return [0x0001];
        });

        Assert.False(_sps30.TryReadMeasurement(out var measurement, out var fault));

        Assert.Null(measurement);
        Assert.Equal(SensorFault.CrcError, fault);
    }

    [Fact]
    public void A_crc_mismatch_in_the_data_ready_word_gives_no_value_and_the_values_are_not_read()
    {
        _device.CorruptNextCrc();

        Assert.False(_sps30.TryReadMeasurement(out var measurement, out var fault));

        Assert.Null(measurement);
        Assert.Equal(SensorFault.CrcError, fault);
        Assert.DoesNotContain((ushort)0x0300, _device.CommandsReceived);
    }

    [Fact]
    public void A_clear_data_ready_flag_is_not_ready_and_the_values_are_not_read()
    {
        _device.RespondBytes(0x0202, 0x00, 0x00, 0x81);

        Assert.False(_sps30.TryReadMeasurement(out var measurement, out var fault));

        Assert.Null(measurement);
        Assert.Equal(SensorFault.NotReady, fault);
        Assert.DoesNotContain((ushort)0x0300, _device.CommandsReceived);
    }

    [Fact]
    public void Wake_up_is_sent_twice_and_the_unacknowledged_first_one_is_tolerated()
    {
        var device = new SimulatedSps30(new SimulatedAir());
        using var sps30 = new Sps30Driver(device) { Wait = _ => { } };
        sps30.Sleep();

        sps30.WakeUp();

        Assert.False(device.IsSleeping);
        Assert.Equal([[0x10, 0x01], [0x11, 0x03], [0x11, 0x03]], device.Writes);
    }

    [Fact]
    public void Serial_number_is_the_ascii_up_to_the_first_nul()
    {
        var device = new SimulatedSps30(new SimulatedAir()) { SerialNumber = "9C3B1F2E0A7D4E21" };
        using var sps30 = new Sps30Driver(device) { Wait = _ => { } };

        Assert.True(sps30.TryReadSerialNumber(out var serial));

        Assert.Equal("9C3B1F2E0A7D4E21", serial);
        Assert.Equal([0xD0, 0x33], device.Writes.Single());
    }

    [Fact]
    public void Dispose_stops_measuring_then_disposes_the_bus()
    {
        _sps30.Dispose();

        Assert.Equal([0x01, 0x04], _device.Writes.Single());
        Assert.True(_device.IsDisposed);
        Assert.Throws<ObjectDisposedException>(_sps30.StartMeasurement);
    }

    [Fact]
    public void Dispose_releases_the_bus_even_when_the_stop_is_not_acknowledged()
    {
        var device = new SimulatedSps30(new SimulatedAir());
        var sps30 = new Sps30Driver(device) { Wait = _ => { } };
        sps30.Sleep();

        sps30.Dispose();

        Assert.True(device.IsDisposed);
    }

    public void Dispose() => _sps30.Dispose();
}
