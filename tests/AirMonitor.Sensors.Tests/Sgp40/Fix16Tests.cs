using AirMonitor.Sensors.Sgp40;

namespace AirMonitor.Sensors.Tests.Sgp40;

public sealed class Fix16Tests
{
    [Fact]
    public void Conversion_rounds_half_away_from_zero_like_the_F16_macro()
    {
        Assert.Equal(0x0001_0000, Fix16.FromDouble(1).Raw);
        Assert.Equal(0x8000, Fix16.FromDouble(0.5).Raw);
        Assert.Equal(655, Fix16.FromDouble(0.01).Raw); // 655.36
        Assert.Equal(-426, Fix16.FromDouble(-0.0065).Raw); // −425.984
        Assert.Equal(-3, Fix16.FromInt(-3).ToInt32());
        Assert.Equal(-2, Fix16.FromDouble(-2.9).ToInt32());
    }

    [Fact]
    public void Multiply_and_divide_round_to_nearest()
    {
        Assert.Equal(Fix16.FromDouble(2.25), Fix16.FromDouble(1.5) * Fix16.FromDouble(1.5));
        Assert.Equal(Fix16.FromDouble(-2.25), Fix16.FromDouble(-1.5) * Fix16.FromDouble(1.5));
        Assert.Equal(21845, (Fix16.One / Fix16.FromInt(3)).Raw); // 21 845.33
        Assert.Equal(43691, (Fix16.FromInt(2) / Fix16.FromInt(3)).Raw); // 43 690.67
        Assert.Equal(-43691, (Fix16.FromInt(-2) / Fix16.FromInt(3)).Raw);
    }

    [Fact]
    public void Overflow_and_division_by_zero_give_the_minimum_value()
    {
        Assert.Equal(int.MinValue, (Fix16.FromInt(200) * Fix16.FromInt(200)).Raw);
        Assert.Equal(int.MinValue, (Fix16.One / Fix16.Zero).Raw);
    }

    [Theory]
    [InlineData(2.0, 1.41421356)]
    [InlineData(64.0, 8.0)]
    [InlineData(0.25, 0.5)]
    [InlineData(30000.0, 173.20508)]
    public void Square_root_is_within_one_step(double x, double expected) =>
        Assert.InRange(Fix16.Sqrt(Fix16.FromDouble(x)).Raw, (expected * 65536) - 1, (expected * 65536) + 1);

    [Theory]
    [InlineData(1.0)]
    [InlineData(-1.0)]
    [InlineData(2.5)]
    [InlineData(-4.2)]
    [InlineData(0.001)]
    public void Exp_is_within_the_tables_0_2_percent(double x)
    {
        var actual = Fix16.Exp(Fix16.FromDouble(x)).Raw / 65536.0;

        Assert.InRange(actual, Math.Exp(x) * 0.998, Math.Exp(x) * 1.002);
    }

    [Fact]
    public void Exp_saturates_outside_its_range()
    {
        Assert.Equal(int.MaxValue, Fix16.Exp(Fix16.FromInt(11)).Raw);
        Assert.Equal(0, Fix16.Exp(Fix16.FromInt(-12)).Raw);
    }
}
