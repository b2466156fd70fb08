using AirMonitor.Core.Contract;

namespace AirMonitor.Cli.Simulation;

/// <summary>
/// What a simulated device sends: the messages its outbox held before the run (sent first, oldest first, as a drained
/// backlog), then one message per sampling tick.
/// </summary>
public interface IDeviceReadings
{
    /// <summary>The backlog's messages, each a list of samples with past timestamps; none by default.</summary>
    IAsyncEnumerable<IReadOnlyList<Sample>> BacklogAsync(CancellationToken cancellationToken) => AsyncEnumerable.Empty<IReadOnlyList<Sample>>();

    /// <summary>The samples of one message taken at <paramref name="ts"/> (epoch ms).</summary>
    ValueTask<IReadOnlyList<Sample>> NextAsync(long ts, CancellationToken cancellationToken);
}
