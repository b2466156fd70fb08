namespace AirMonitor.Testing;

/// <summary>Waiting in tests for something a running system will do.</summary>
public static class Poll
{
    /// <summary>Checks <paramref name="condition"/> every 50 ms; fails naming <paramref name="what"/> if it does not hold within <paramref name="timeout"/>.</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, what);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(50);
        }
    }
}
