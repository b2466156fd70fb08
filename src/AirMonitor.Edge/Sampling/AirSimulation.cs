using AirMonitor.Sensors;

namespace AirMonitor.Edge.Sampling;

/// <summary>
/// For a simulated profile: moves the simulated air through a day (rush-hour PM and NO2 peaks, a warm afternoon,
/// humid nights) with a little noise, so the simulated buses report something worth looking at.
/// </summary>
internal sealed class AirSimulation(EdgeDevice device, TimeProvider time) : BackgroundService
{
    private readonly Random _random = new(device.Id.GetHashCode(StringComparison.Ordinal));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var air = device.Air!;
        while (!stoppingToken.IsCancellationRequested)
        {
            var hour = time.GetLocalNow().TimeOfDay.TotalHours;
            var rush = Math.Exp(-Math.Pow(hour - 8, 2) / 4) + (0.8 * Math.Exp(-Math.Pow(hour - 19, 2) / 5));
            var daily = Math.Sin((hour - 9) / 24 * 2 * Math.PI);
            var pm25 = 14 * (0.6 + (0.8 * rush)) * (1 + Noise(0.1));
            air.Pm2_5MicrogramsPerCubicMeter = pm25;
            air.Pm1_0MicrogramsPerCubicMeter = pm25 * 0.7;
            air.Pm4_0MicrogramsPerCubicMeter = pm25 * 1.3;
            air.Pm10MicrogramsPerCubicMeter = pm25 * 1.6;
            air.No2Ppb = 20 * (0.6 + (0.8 * rush)) * (1 + Noise(0.1));
            air.TemperatureCelsius = 20 + (5 * daily) + Noise(0.2);
            air.HumidityPercent = Math.Clamp(60 - (12 * daily) + Noise(1), 5, 100);
            air.Co2Ppm = 430 + (60 * rush) + Noise(5);
            await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private double Noise(double scale) => (_random.NextDouble() * 2 - 1) * scale;
}
