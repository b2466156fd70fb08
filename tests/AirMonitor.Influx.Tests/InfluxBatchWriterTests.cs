using System.Net;
using AirMonitor.Influx.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace AirMonitor.Influx.Tests;

public sealed class InfluxBatchWriterTests(InfluxServerFixture influx) : IClassFixture<InfluxServerFixture>
{
    private static readonly TimeSpan LongInterval = TimeSpan.FromHours(1);

    /// <summary>A group as one message of a device produces: <paramref name="count"/> points, one second apart.</summary>
    private static InfluxPoint[] Group(string device, int count, long start = 1_700_000_000_000, FieldValue? value = null) =>
        Enumerable.Range(0, count)
            .Select(i => new InfluxPoint("air", [new("device", device)], [new("pm25", value ?? (FieldValue)(i + 0.5))], start + (i * 1000)))
            .ToArray();

    private static InfluxBatchWriter Writer(InfluxWriteClient client, InfluxOptions options, TimeProvider time) =>
        new(client, options, time, NullLogger<InfluxBatchWriter>.Instance);

    private static async Task<Task> Enqueue(InfluxBatchWriter writer, InfluxPoint[] points) => await writer.EnqueueAsync(points);

    [Fact]
    public async Task Batches_are_whole_groups_up_to_the_batch_size_and_a_larger_group_goes_alone()
    {
        var db = await influx.CreateDatabaseAsync();
        using var handler = new FaultInjectingHandler(_ => null);
        using var http = new HttpClient(handler);
        using var time = new TimerWatchingTimeProvider();
        var options = influx.Options(db, o => (o.BatchSize, o.FlushInterval) = (10, LongInterval));
        await using var writer = Writer(new InfluxWriteClient(http, options), options, time);

        var tasks = new List<Task>
        {
            await Enqueue(writer, Group("a", 4)),
            await Enqueue(writer, Group("b", 4)),
            await Enqueue(writer, Group("c", 4)), // 12 queued >= 10: a+b go (c does not fit whole)
            await Enqueue(writer, Group("big", 25)), // c + big = 29 queued: c goes, then big alone
        };
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([8, 4, 25], handler.Requests.Select(r => r.Lines.Length));
        Assert.Equal(37, await influx.CountAsync(db, "air", "pm25"));
        Assert.Equal(0, writer.BufferedPoints);
    }

    [Fact]
    public async Task With_two_concurrent_writes_a_second_batch_is_sent_while_the_first_is_in_flight()
    {
        var db = await influx.CreateDatabaseAsync();
        using var secondArrived = new ManualResetEventSlim();
        var firstSawSecond = false;
        using var handler = new FaultInjectingHandler(r =>
        {
            if (r.Index == 0)
            {
                // hold the first write until the second one is on the wire
                firstSawSecond = secondArrived.Wait(TimeSpan.FromSeconds(30));
            }
            else
            {
                secondArrived.Set();
            }

            return null;
        });
        using var http = new HttpClient(handler);
        using var time = new TimerWatchingTimeProvider();
        var options = influx.Options(db, o => (o.BatchSize, o.FlushInterval, o.MaxConcurrentWrites) = (4, LongInterval, 2));
        await using var writer = Writer(new InfluxWriteClient(http, options), options, time);

        var first = await Enqueue(writer, Group("a", 4));
        var second = await Enqueue(writer, Group("b", 4));
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(firstSawSecond);
        Assert.Equal(2, handler.ForwardedWrites.Count);
        Assert.Equal(8, await influx.CountAsync(db, "air", "pm25"));
    }

    [Fact]
    public async Task Points_below_the_batch_size_are_sent_when_the_flush_interval_has_passed()
    {
        var db = await influx.CreateDatabaseAsync();
        using var time = new TimerWatchingTimeProvider();
        var interval = TimeSpan.FromSeconds(1);
        var options = influx.Options(db, o => (o.BatchSize, o.FlushInterval) = (100, interval));
        await using var writer = Writer(new InfluxWriteClient(influx.Http, options), options, time);

        var stored = await Enqueue(writer, Group("a", 3));
        await time.WaitForTimerAsync(interval);
        Assert.False(stored.IsCompleted);
        time.Advance(interval);
        await stored.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3, await influx.CountAsync(db, "air", "pm25"));
    }

    [Fact]
    public async Task Rejected_group_faults_alone_while_every_other_group_of_the_batch_is_stored()
    {
        var db = await influx.CreateDatabaseAsync();
        var client = new InfluxWriteClient(influx.Http, influx.Options(db));
        await client.WriteAsync(Group("seed", 1, start: 1000)); // pm25 is a float field from now on
        using var handler = new FaultInjectingHandler(_ => null);
        using var http = new HttpClient(handler);
        using var time = new TimerWatchingTimeProvider();
        var options = influx.Options(db, o => (o.BatchSize, o.FlushInterval) = (1000, LongInterval));
        await using var writer = Writer(new InfluxWriteClient(http, options), options, time);

        var groups = Enumerable.Range(0, 7).Select(i => i == 4 ? Group("bad", 3, value: 7L) : Group("g" + i, 3)).ToList();
        var tasks = new List<Task>();
        foreach (var group in groups)
        {
            tasks.Add(await Enqueue(writer, group));
        }

        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(21, handler.Requests[0].Lines.Length); // one batch first
        var failed = Assert.Single(tasks, t => t.IsFaulted);
        Assert.Same(tasks[4], failed);
        var e = Assert.IsType<InfluxWriteException>(failed.Exception!.InnerException);
        Assert.Equal(400, e.StatusCode);
        Assert.All(tasks.Where(t => t != failed), t => Assert.True(t.IsCompletedSuccessfully));
        var series = await influx.ReadAllAsync(db, "air");
        Assert.Equal(
            ["g0", "g1", "g2", "g3", "g5", "g6", "seed"],
            series.Select(s => s.Tags["device"]).Order(StringComparer.Ordinal));
        Assert.All(series.Where(s => s.Tags["device"] != "seed"), s => Assert.Equal([0.5, 1.5, 2.5], s.GetDoubles("pm25")));
    }

    [Fact]
    public async Task Retryable_failures_are_retried_after_retry_after_and_the_points_are_stored_once()
    {
        var db = await influx.CreateDatabaseAsync();
        var failures = 2;
        using var handler = new FaultInjectingHandler(_ => Interlocked.Decrement(ref failures) >= 0
            ? FaultInjectingHandler.Answer(HttpStatusCode.ServiceUnavailable, "{\"error\":\"overloaded\"}", r => r.Headers.RetryAfter = new(TimeSpan.FromSeconds(5)))
            : null);
        using var http = new HttpClient(handler);
        using var time = new TimerWatchingTimeProvider();
        var options = influx.Options(db, o => (o.BatchSize, o.FlushInterval) = (5, LongInterval));
        await using var writer = Writer(new InfluxWriteClient(http, options), options, time);
        var retryAfter = TimeSpan.FromSeconds(5);

        var stored = await Enqueue(writer, Group("a", 5));
        await time.WaitForTimerAsync(retryAfter);
        time.Advance(retryAfter - TimeSpan.FromMilliseconds(1));
        Assert.Single(handler.Requests); // still waiting: 1 ms of the Retry-After is left
        time.Advance(TimeSpan.FromMilliseconds(1));
        await handler.WaitForRequestsAsync(2);
        await time.WaitForTimerAsync(retryAfter, occurrence: 2);
        Assert.Equal(2, handler.Requests.Count);
        time.Advance(retryAfter);
        await stored.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([false, false, true], handler.Requests.Select(r => r.Forwarded));
        Assert.Single(handler.ForwardedWrites);
        var series = Assert.Single(await influx.ReadAllAsync(db, "air"));
        Assert.Equal([0.5, 1.5, 2.5, 3.5, 4.5], series.GetDoubles("pm25"));
    }

    [Fact]
    public async Task Rate_limited_write_429_is_retried_until_stored()
    {
        var db = await influx.CreateDatabaseAsync();
        var failures = 1;
        using var handler = new FaultInjectingHandler(_ => Interlocked.Decrement(ref failures) >= 0
            ? FaultInjectingHandler.Answer(HttpStatusCode.TooManyRequests, null, r => r.Headers.RetryAfter = new(TimeSpan.FromSeconds(2)))
            : null);
        using var http = new HttpClient(handler);
        using var time = new TimerWatchingTimeProvider();
        var options = influx.Options(db, o => (o.BatchSize, o.FlushInterval) = (2, LongInterval));
        await using var writer = Writer(new InfluxWriteClient(http, options), options, time);

        var stored = await Enqueue(writer, Group("a", 2));
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(2));
        await stored.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([false, true], handler.Requests.Select(r => r.Forwarded));
        Assert.Equal(2, await influx.CountAsync(db, "air", "pm25"));
    }

    [Fact]
    public async Task Enqueue_waits_while_the_buffer_is_full_until_a_flush_frees_space()
    {
        var db = await influx.CreateDatabaseAsync();
        using var time = new TimerWatchingTimeProvider();
        var options = influx.Options(db, o => (o.BatchSize, o.MaxBufferedPoints, o.FlushInterval) = (10, 10, LongInterval));
        await using var writer = Writer(new InfluxWriteClient(influx.Http, options), options, time);

        var first = writer.EnqueueAsync(Group("a", 6));
        Assert.True(first.IsCompletedSuccessfully);
        var firstStored = await first;
        var second = writer.EnqueueAsync(Group("b", 6));
        var third = writer.EnqueueAsync(Group("c", 1)); // fits, but must not overtake the waiting group
        Assert.False(second.IsCompleted);
        Assert.False(third.IsCompleted);
        Assert.Equal(6, writer.BufferedPoints);

        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var secondStored = await second.AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        var thirdStored = await third.AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(firstStored.IsCompletedSuccessfully);
        Assert.Equal(7, writer.BufferedPoints);

        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(secondStored.IsCompletedSuccessfully);
        Assert.True(thirdStored.IsCompletedSuccessfully);
        Assert.Equal(13, await influx.CountAsync(db, "air", "pm25"));
    }

    [Fact]
    public async Task Cancelling_a_wait_for_space_buffers_nothing()
    {
        var db = await influx.CreateDatabaseAsync();
        using var time = new TimerWatchingTimeProvider();
        var options = influx.Options(db, o => (o.BatchSize, o.MaxBufferedPoints, o.FlushInterval) = (5, 5, LongInterval));
        await using var writer = Writer(new InfluxWriteClient(influx.Http, options), options, time);
        using var cancel = new CancellationTokenSource();

        var first = await Enqueue(writer, Group("a", 4));
        var waiting = writer.EnqueueAsync(Group("b", 4), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.AsTask());
        Assert.Equal(4, writer.BufferedPoints);
        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(first.IsCompletedSuccessfully);
        var series = Assert.Single(await influx.ReadAllAsync(db, "air"));
        Assert.Equal("a", series.Tags["device"]);
    }

    [Fact]
    public async Task Dispose_stores_what_is_buffered_and_then_refuses_new_groups()
    {
        var db = await influx.CreateDatabaseAsync();
        using var time = new TimerWatchingTimeProvider();
        var options = influx.Options(db, o => (o.BatchSize, o.FlushInterval) = (100, LongInterval));
        var writer = Writer(new InfluxWriteClient(influx.Http, options), options, time);

        var stored = await Enqueue(writer, Group("a", 3));
        await writer.DisposeAsync();

        Assert.True(stored.IsCompletedSuccessfully);
        Assert.Equal(3, await influx.CountAsync(db, "air", "pm25"));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await writer.EnqueueAsync(Group("b", 1)));
    }

    [Fact]
    public async Task Dispose_faults_groups_not_stored_by_the_deadline_and_producers_still_waiting_for_space()
    {
        var db = await influx.CreateDatabaseAsync();
        using var handler = new FaultInjectingHandler(_ => FaultInjectingHandler.Answer(HttpStatusCode.ServiceUnavailable));
        using var http = new HttpClient(handler);
        var options = influx.Options(db, o => (o.BatchSize, o.MaxBufferedPoints, o.FlushInterval, o.RetryInitialDelay, o.RetryMaxDelay, o.ShutdownTimeout) =
            (2, 2, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(300)));
        var writer = Writer(new InfluxWriteClient(http, options), options, TimeProvider.System);

        var buffered = await Enqueue(writer, Group("a", 2));
        var waiting = writer.EnqueueAsync(Group("b", 2));
        await handler.WaitForRequestsAsync(2);
        await writer.DisposeAsync();

        var notStored = await Assert.ThrowsAsync<OperationCanceledException>(() => buffered);
        Assert.Contains("disposed before InfluxDB stored this group", notStored.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.AsTask());
        Assert.Equal(0, await influx.CountAsync(db, "air", "pm25"));
    }

    [Fact]
    public async Task Invalid_point_is_refused_at_enqueue_and_nothing_of_its_group_is_buffered()
    {
        var db = await influx.CreateDatabaseAsync();
        using var time = new TimerWatchingTimeProvider();
        var options = influx.Options(db, o => o.FlushInterval = LongInterval);
        await using var writer = Writer(new InfluxWriteClient(influx.Http, options), options, time);

        var e = await Assert.ThrowsAsync<ArgumentException>(async () => await writer.EnqueueAsync([.. Group("a", 2), new InfluxPoint("air", [new("device", "x\ny")], [new("pm25", 1.0)], 1)]));

        Assert.Contains("Tag 'device' value contains a line break", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, writer.BufferedPoints);
    }
}
