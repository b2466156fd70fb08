using Microsoft.Extensions.Time.Testing;

namespace AirMonitor.Influx.Tests.Support;

/// <summary>A fake clock that also tells which timers code under test has started, so a test advances
/// time only once the code waits on it (otherwise the timer would start after the advance).</summary>
public sealed class TimerWatchingTimeProvider : FakeTimeProvider, IDisposable
{
    private readonly List<TimeSpan> _timers = [];
    private readonly SemaphoreSlim _timerCreated = new(0);

    public IReadOnlyList<TimeSpan> TimersCreated
    {
        get
        {
            lock (_timers)
            {
                return [.. _timers];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_timers)
        {
            _timers.Add(dueTime);
        }

        _timerCreated.Release();
        return timer;
    }

    /// <summary>Waits until a timer with this due time has been started (counting those started before).</summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime, int occurrence = 1)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (TimersCreated.Count(t => t == dueTime) < occurrence)
        {
            await _timerCreated.WaitAsync(timeout.Token);
        }
    }

    public void Dispose() => _timerCreated.Dispose();
}
