using System.Runtime.CompilerServices;
using AirMonitor.Core.Contract;

namespace AirMonitor.Cli.Simulation;

/// <summary>
/// An ambient device whose outbox held its last hours when the run began: its generator's readings every
/// <paramref name="step"/> from <paramref name="from"/> up to now, sent first, one message per hour (an hour of
/// one-minute readings is 180–240 samples, under <see cref="ReadingBatch.MaxSamples"/>, which also bounds a message);
/// then the generator's live readings. An <see cref="OxEpisode"/> is laid over both.
/// </summary>
public sealed class AmbientBacklog(string device, IDeviceReadings generator, DateTimeOffset from, TimeSpan step, OxEpisode? episode, TimeProvider? time = null)
    : IDeviceReadings
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async IAsyncEnumerable<IReadOnlyList<Sample>> BacklogAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var message = new List<Sample>();
        var hourEnd = OxEpisode.HourOf(from).AddHours(1);

        // Up to the moment the backlog is done, so the live readings follow it without a gap.
        for (var at = from; at < _time.GetUtcNow(); at += step)
        {
            var samples = await NextAsync(at.ToUnixTimeMilliseconds(), cancellationToken);
            if (message.Count > 0 && (at >= hourEnd || message.Count + samples.Count > ReadingBatch.MaxSamples))
            {
                yield return message;
                message = [];
            }

            while (at >= hourEnd)
            {
                hourEnd = hourEnd.AddHours(1);
            }

            message.AddRange(samples);
        }

        if (message.Count > 0)
        {
            yield return message;
        }
    }

    public async ValueTask<IReadOnlyList<Sample>> NextAsync(long ts, CancellationToken cancellationToken)
    {
        var samples = await generator.NextAsync(ts, cancellationToken);
        return episode is null ? samples : episode.LayOver(device, samples);
    }
}
