using static AirMonitor.Cli.Bench.ReportText;

namespace AirMonitor.Cli.Bench;

/// <summary>
/// 1,000 devices at a fixed total rate for a minute: the ingest well below its limit, and the latency each message sees
/// from its publish to its device's ack. The rate, unless given, is half the drain rate of this run, but no more than half
/// the broker limit of this run: where the ingest drains faster than Mosquitto delivers to a subscriber that stores
/// nothing (as on two cores), half the drain rate would measure the broker's and the generator's overload, not a load
/// the path carries.
/// </summary>
internal static class SteadyPhase
{
    public const string Database = "airmon_bench_steady";

    public static Task<PhaseReport> RunAsync(BenchRun run, CancellationToken cancellationToken)
    {
        var options = run.Options;
        var (rate, source) = options.SteadyRate is { } given ? (given, "--steady-rate")
            : run.DrainRate is { } drain && run.BrokerRate is { } broker && broker < drain
                ? (broker / 2, $"half the broker limit of this run, {N(broker)} msg/s, which is below its drain rate, {N(drain)} msg/s")
            : run.DrainRate is { } onlyDrain ? (onlyDrain / 2, $"half the drain rate of this run, {N(onlyDrain)} msg/s")
            : (BenchOptions.FallbackSteadyRate, "no drain rate measured in this run and no --steady-rate given: the fallback");
        var perDevice = Math.Max(1, (int)Math.Round(rate * options.SteadyDuration.TotalSeconds / options.SteadyDevices));
        return PacedPhase.RunAsync(
            run,
            new PacedLoad(BenchPhase.Steady, Database, options.SteadyDevices, rate, perDevice, source),
            $"a fixed total rate for {F(options.SteadyDuration.TotalSeconds, 0)} s",
            cancellationToken);
    }
}
