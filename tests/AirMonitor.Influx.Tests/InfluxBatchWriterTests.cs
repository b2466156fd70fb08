using System.Net;
using AirMonitor.Influx.Tests.Support;
using AirMonitor.Testing;
using AirMonitor.Testing.Servers;
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

    /// <summary>A writer on the database, through <paramref name="handler"/> (straight to the server when null), on a fake clock unless <paramref name="clock"/> is given.</summary>
    private WriterUnderTest Start(string db, Action<InfluxOptions> configure, HttpMessageHandler? handler = null, TimeProvider? clock = null) =>
        new(influx.Options(db, configure), new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: handler is null), clock);

    /// <summary>A new database whose <c>pm25</c> field is a float (one point of device "seed"): an integer pm25 is answered 400.</summary>
    private async Task<string> DatabaseWithFloatPm25Async()
    {
        var db = await influx.CreateDatabaseAsync();
        await new InfluxWriteClient(influx.Http, influx.Options(db)).WriteAsync(Group("seed", 1, start: 1000));
        return db;
    }

    /// <summary>Completes when every group is stored; throws the first failure otherwise.</summary>
    private static Task AllStored(params InfluxGroup[] groups) => Task.WhenAll(groups.Select(g => g.StoredAsync())).WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>A batch writer with its HTTP client and clock; disposing it disposes the writer (again, if a test did).</summary>
    private sealed class WriterUnderTest : IAsyncDisposable
    {
        private readonly HttpClient _http;

        public WriterUnderTest(InfluxOptions options, HttpClient http, TimeProvider? clock)
        {
            _http = http;
            Writer = new InfluxBatchWriter(new InfluxWriteClient(http, options), options, clock ?? Time, NullLogger<InfluxBatchWriter>.Instance);
        }

        public InfluxBatchWriter Writer { get; }

        public TimerWatchingTimeProvider Time { get; } = new();

        public async ValueTask DisposeAsync()
        {
            await Writer.DisposeAsync();
            Time.Dispose();
            _http.Dispose();
        }
    }

    /// <summary>Holds every write on its way to the server until <see cref="Release"/>.</summary>
    private sealed class WriteGate : IDisposable
    {
        private readonly ManualResetEventSlim _open = new();
        private int _arrived;

        public WriteGate() => Handler = new FaultInjectingHandler(_ =>
        {
            Interlocked.Increment(ref _arrived);
            return _open.Wait(TimeSpan.FromSeconds(30)) ? null : FaultInjectingHandler.Answer(HttpStatusCode.GatewayTimeout);
        });

        public FaultInjectingHandler Handler { get; }

        /// <summary>Writes that reached the gate (held or passed).</summary>
        public int Arrived => Volatile.Read(ref _arrived);

        public void Release() => _open.Set();

        public void Dispose()
        {
            _open.Set();
            Handler.Dispose();
            _open.Dispose();
        }
    }

    [Fact]
    public async Task Batches_are_whole_groups_up_to_the_batch_size_and_a_larger_group_goes_alone()
    {
        var db = await influx.CreateDatabaseAsync();
        using var handler = new FaultInjectingHandler(_ => null);
        await using var test = Start(db, o => (o.BatchSize, o.FlushInterval) = (10, LongInterval), handler);
        var (writer, time) = (test.Writer, test.Time);

        InfluxGroup[] groups =
        [
            writer.Append(Group("a", 4)),
            writer.Append(Group("b", 4)),
            writer.Append(Group("c", 4)), // 12 > 10: a+b go (c does not fit whole)
            writer.Append(Group("big", 25)), // c + big = 29: c goes, then big alone
        ];
        await AllStored(groups);

        Assert.Equal([8, 4, 25], handler.Requests.Select(r => r.Lines.Length));
        Assert.Equal([4, 4, 4, 25], groups.Select(g => g.Points));
        Assert.Same(groups[0].Written, groups[1].Written);
        Assert.Equal(3, groups.Select(g => g.Written).Distinct().Count());
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
        await using var test = Start(db, o => (o.BatchSize, o.FlushInterval, o.MaxConcurrentWrites) = (4, LongInterval, 2), handler);
        var (writer, time) = (test.Writer, test.Time);

        var first = writer.Append(Group("a", 4));
        var second = writer.Append(Group("b", 4));
        await AllStored(first, second);

        Assert.True(firstSawSecond);
        Assert.Equal(2, handler.ForwardedWrites.Count);
        Assert.Equal(8, await influx.CountAsync(db, "air", "pm25"));
    }

    [Fact]
    public async Task Points_below_the_batch_size_are_sent_when_the_flush_interval_has_passed()
    {
        var db = await influx.CreateDatabaseAsync();
        var interval = TimeSpan.FromSeconds(1);
        await using var test = Start(db, o => (o.BatchSize, o.FlushInterval) = (100, interval));
        var (writer, time) = (test.Writer, test.Time);

        var stored = writer.Append(Group("a", 3));
        await time.WaitForTimerAsync(interval);
        Assert.False(stored.IsWritten);
        time.Advance(interval);
        await AllStored(stored);

        Assert.Equal(3, await influx.CountAsync(db, "air", "pm25"));
    }

    [Fact]
    public async Task A_batch_leaves_one_flush_interval_after_its_first_group_with_the_groups_appended_meanwhile()
    {
        var db = await influx.CreateDatabaseAsync();
        using var handler = new FaultInjectingHandler(_ => null);
        var interval = TimeSpan.FromSeconds(1);
        await using var test = Start(db, o => (o.BatchSize, o.FlushInterval) = (100, interval), handler);
        var (writer, time) = (test.Writer, test.Time);

        var first = writer.Append(Group("a", 3));
        await time.WaitForTimerAsync(interval);
        time.Advance(TimeSpan.FromMilliseconds(600));
        var second = writer.Append(Group("b", 2));
        time.Advance(TimeSpan.FromMilliseconds(399));
        Assert.False(first.IsWritten);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await AllStored(first, second);
        var third = writer.Append(Group("c", 1)); // opens the next batch, due one interval from now
        await time.WaitForTimerAsync(interval, occurrence: 2);
        Assert.False(third.IsWritten);
        time.Advance(interval);
        await AllStored(third);

        Assert.Equal([5, 1], handler.Requests.Select(r => r.Lines.Length));
        Assert.Same(first.Written, second.Written);
        Assert.NotSame(first.Written, third.Written);
        Assert.Equal(6, await influx.CountAsync(db, "air", "pm25"));
    }

    [Fact]
    public async Task Flush_sends_the_open_batch_without_waiting_for_the_interval_and_while_the_write_slot_is_busy_groups_join_the_next()
    {
        var db = await influx.CreateDatabaseAsync();
        using var gate = new WriteGate();
        await using var test = Start(db, o => (o.BatchSize, o.FlushInterval, o.MaxConcurrentWrites) = (100, LongInterval, 1), gate.Handler);
        var (writer, time) = (test.Writer, test.Time);

        var first = writer.Append(Group("a", 2));
        writer.Flush();
        await Poll.UntilAsync(() => gate.Arrived == 1, TimeSpan.FromSeconds(30), "the first write at the gate");
        var second = writer.Append(Group("b", 2));
        writer.Flush();
        var third = writer.Append(Group("c", 2));
        writer.Flush();
        gate.Release();
        await AllStored(first, second, third);

        Assert.Equal([2, 4], gate.Handler.Requests.Select(r => r.Lines.Length));
        Assert.Same(second.Written, third.Written);
        Assert.Equal(6, await influx.CountAsync(db, "air", "pm25"));
    }

    [Fact]
    public async Task Rejected_group_faults_alone_while_every_other_group_of_the_batch_is_stored()
    {
        var db = await DatabaseWithFloatPm25Async();
        using var handler = new FaultInjectingHandler(_ => null);
        await using var test = Start(db, o => (o.BatchSize, o.FlushInterval) = (1000, LongInterval), handler);
        var (writer, time) = (test.Writer, test.Time);

        var groups = Enumerable.Range(0, 7).Select(i => writer.Append(i == 4 ? Group("bad", 3, value: 7L) : Group("g" + i, 3))).ToList();

        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(21, handler.Requests[0].Lines.Length); // one batch first
        Assert.All(groups, g => Assert.True(g.IsWritten));
        Assert.All(groups, g => Assert.Same(groups[0].Written, g.Written));
        Assert.Equal(
            [InfluxGroupOutcome.Stored, InfluxGroupOutcome.Stored, InfluxGroupOutcome.Stored, InfluxGroupOutcome.Stored, InfluxGroupOutcome.Rejected, InfluxGroupOutcome.Stored, InfluxGroupOutcome.Stored],
            groups.Select(g => g.Outcome));
        var e = Assert.IsType<InfluxWriteException>(groups[4].Failure);
        Assert.Equal(400, e.StatusCode);
        Assert.Same(e, await Assert.ThrowsAsync<InfluxWriteException>(() => groups[4].StoredAsync()));
        Assert.All(groups.Where((_, i) => i != 4), g => Assert.Null(g.Failure));
        Assert.Equal(0, writer.BufferedPoints);
        var series = await influx.ReadAllAsync(db, "air");
        Assert.Equal(
            ["g0", "g1", "g2", "g3", "g5", "g6", "seed"],
            series.Select(s => s.Tags["device"]).Order(StringComparer.Ordinal));
        Assert.All(series.Where(s => s.Tags["device"] != "seed"), s => Assert.Equal([0.5, 1.5, 2.5], s.GetDoubles("pm25")));
    }

    [Fact]
    public async Task A_group_with_a_new_series_past_the_databases_limit_is_deferred_not_rejected_and_the_others_are_stored()
    {
        // A server of its own: max-series-per-database = 3, all taken.
        await using var server = new InfluxServer { MaxSeriesPerDatabase = 3 };
        await server.StartAsync();
        await server.CreateDatabaseAsync("limited");
        var options = new InfluxOptions { Url = server.Url.ToString(), Database = "limited", MaxConcurrentWrites = 1, BatchSize = 1000, FlushInterval = LongInterval };
        using var http = new HttpClient();
        await new InfluxWriteClient(http, options).WriteAsync([.. Group("g0", 1, start: 1000), .. Group("g1", 1, start: 1000), .. Group("g2", 1, start: 1000)]);
        await using var writer = new InfluxBatchWriter(new InfluxWriteClient(http, options), options, TimeProvider.System, NullLogger<InfluxBatchWriter>.Instance);

        InfluxGroup[] groups = [writer.Append(Group("g0", 2)), writer.Append(Group("new1", 2)), writer.Append(Group("g1", 2)), writer.Append(Group("new2", 2))];
        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([InfluxGroupOutcome.Stored, InfluxGroupOutcome.Deferred, InfluxGroupOutcome.Stored, InfluxGroupOutcome.Deferred], groups.Select(g => g.Outcome));
        var e = Assert.IsType<InfluxWriteException>(groups[1].Failure);
        Assert.Equal((400, true), (e.StatusCode, e.IsLimitExceeded));
        Assert.Contains("max-series-per-database limit exceeded: (3)", e.ServerError, StringComparison.Ordinal);
        Assert.Equal(0, writer.BufferedPoints);
        var stored = await new InfluxQueryClient(http, options).QueryAsync("SELECT count(pm25) FROM air GROUP BY device");
        Assert.Equal(
            [("g0", 3L), ("g1", 3L), ("g2", 1L)],
            stored.Select(s => (s.Tags["device"], s.GetInt64(0, "count")!.Value)).OrderBy(s => s.Item1, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Retryable_failures_are_retried_after_retry_after_and_the_points_are_stored_once()
    {
        var db = await influx.CreateDatabaseAsync();
        var failures = 2;
        using var handler = new FaultInjectingHandler(_ => Interlocked.Decrement(ref failures) >= 0
            ? FaultInjectingHandler.Answer(HttpStatusCode.ServiceUnavailable, "{\"error\":\"overloaded\"}", r => r.Headers.RetryAfter = new(TimeSpan.FromSeconds(5)))
            : null);
        await using var test = Start(db, o => (o.BatchSize, o.FlushInterval) = (5, LongInterval), handler);
        var (writer, time) = (test.Writer, test.Time);
        var retryAfter = TimeSpan.FromSeconds(5);

        var stored = writer.Append(Group("a", 5));
        await time.WaitForTimerAsync(retryAfter);
        time.Advance(retryAfter - TimeSpan.FromMilliseconds(1));
        Assert.Single(handler.Requests); // still waiting: 1 ms of the Retry-After is left
        time.Advance(TimeSpan.FromMilliseconds(1));
        await handler.WaitForRequestsAsync(2);
        await time.WaitForTimerAsync(retryAfter, occurrence: 2);
        Assert.Equal(2, handler.Requests.Count);
        time.Advance(retryAfter);
        await AllStored(stored);

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
        await using var test = Start(db, o => (o.BatchSize, o.FlushInterval) = (2, LongInterval), handler);
        var (writer, time) = (test.Writer, test.Time);

        var stored = writer.Append(Group("a", 2));
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(2));
        await AllStored(stored);

        Assert.Equal([false, true], handler.Requests.Select(r => r.Forwarded));
        Assert.Equal(2, await influx.CountAsync(db, "air", "pm25"));
    }

    [Fact]
    public async Task Wait_for_space_holds_producers_while_the_buffer_is_full_until_stored_points_free_it()
    {
        var db = await influx.CreateDatabaseAsync();
        using var gate = new WriteGate();
        await using var test = Start(db, o => (o.BatchSize, o.MaxBufferedPoints, o.FlushInterval) = (10, 10, LongInterval), gate.Handler);
        var (writer, time) = (test.Writer, test.Time);

        var first = writer.Append(Group("a", 6));
        Assert.True(writer.WaitForSpaceAsync(CancellationToken.None).AsTask().IsCompletedSuccessfully); // 6 < 10
        var second = writer.Append(Group("b", 6)); // a + b > 10: a leaves (held at the gate), b opens the next batch
        Assert.Equal(12, writer.BufferedPoints); // one group past the limit
        var waiting = writer.WaitForSpaceAsync(CancellationToken.None).AsTask();
        var alsoWaiting = writer.WaitForSpaceAsync(CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        Assert.False(alsoWaiting.IsCompleted);

        gate.Release();
        await Task.WhenAll(waiting, alsoWaiting).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(InfluxGroupOutcome.Stored, first.Outcome);
        Assert.Equal(InfluxGroupOutcome.Pending, second.Outcome);
        Assert.Equal(6, writer.BufferedPoints);
        Assert.True(writer.WaitForSpaceAsync(CancellationToken.None).AsTask().IsCompletedSuccessfully);

        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(InfluxGroupOutcome.Stored, second.Outcome);
        Assert.Equal(0, writer.BufferedPoints);
        Assert.Equal(12, await influx.CountAsync(db, "air", "pm25"));
    }

    [Fact]
    public async Task Cancelling_a_wait_for_space_ends_only_that_wait()
    {
        var db = await influx.CreateDatabaseAsync();
        using var gate = new WriteGate();
        await using var test = Start(db, o => (o.BatchSize, o.MaxBufferedPoints, o.FlushInterval) = (5, 5, LongInterval), gate.Handler);
        var (writer, time) = (test.Writer, test.Time);
        using var cancel = new CancellationTokenSource();

        var first = writer.Append(Group("a", 5)); // a full batch: sent, held at the gate
        var cancelled = writer.WaitForSpaceAsync(cancel.Token).AsTask();
        var waiting = writer.WaitForSpaceAsync(CancellationToken.None).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(waiting.IsCompleted);
        Assert.Equal(5, writer.BufferedPoints);
        gate.Release();
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(InfluxGroupOutcome.Stored, first.Outcome);
        var series = Assert.Single(await influx.ReadAllAsync(db, "air"));
        Assert.Equal("a", series.Tags["device"]);
    }

    [Fact]
    public async Task Dispose_stores_what_is_buffered_and_then_refuses_new_groups()
    {
        var db = await influx.CreateDatabaseAsync();
        await using var test = Start(db, o => (o.BatchSize, o.FlushInterval) = (100, LongInterval));
        var writer = test.Writer;

        var stored = writer.Append(Group("a", 3));
        await writer.DisposeAsync();

        Assert.True(stored.IsWritten);
        Assert.Equal(InfluxGroupOutcome.Stored, stored.Outcome);
        Assert.Equal(3, await influx.CountAsync(db, "air", "pm25"));
        Assert.Throws<ObjectDisposedException>(() => writer.Append(Group("b", 1)));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await writer.WaitForSpaceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Dispose_faults_groups_not_stored_by_the_deadline_and_producers_still_waiting_for_space()
    {
        var db = await influx.CreateDatabaseAsync();
        using var handler = new FaultInjectingHandler(_ => FaultInjectingHandler.Answer(HttpStatusCode.ServiceUnavailable));
        await using var test = Start(
            db,
            o => (o.BatchSize, o.MaxBufferedPoints, o.FlushInterval, o.RetryInitialDelay, o.RetryMaxDelay, o.ShutdownTimeout) =
                (2, 2, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(300)),
            handler,
            clock: TimeProvider.System);
        var writer = test.Writer;

        var buffered = writer.Append(Group("a", 2));
        var waiting = writer.WaitForSpaceAsync(CancellationToken.None).AsTask();
        await handler.WaitForRequestsAsync(2);
        await writer.DisposeAsync();

        Assert.True(buffered.IsWritten);
        Assert.Equal(InfluxGroupOutcome.Abandoned, buffered.Outcome);
        var notStored = await Assert.ThrowsAsync<OperationCanceledException>(() => buffered.StoredAsync());
        Assert.Same(buffered.Failure, notStored);
        Assert.Contains("disposed before InfluxDB stored this group (2 points in 1 groups were not stored)", notStored.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting);
        Assert.Equal(0, await influx.CountAsync(db, "air", "pm25"));
    }

    [Fact]
    public async Task Invalid_point_is_refused_at_append_and_nothing_of_its_group_is_buffered_or_sent()
    {
        var db = await influx.CreateDatabaseAsync();
        using var handler = new FaultInjectingHandler(_ => null);
        await using var test = Start(db, o => o.FlushInterval = LongInterval, handler);
        var (writer, time) = (test.Writer, test.Time);

        var e = Assert.Throws<ArgumentException>(() => writer.Append([.. Group("a", 2), new InfluxPoint("air", [new("device", "x\ny")], [new("pm25", 1.0)], 1)]));

        Assert.Contains("Tag 'device' value contains a line break", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, writer.BufferedPoints);
        var next = writer.Append(Group("b", 1));
        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(InfluxGroupOutcome.Stored, next.Outcome);
        Assert.Equal([LineProtocol.Format(Group("b", 1)[0])], Assert.Single(handler.Requests).Lines);
    }

    [Fact]
    public async Task A_throwing_write_callback_leaves_no_trace_in_the_batch()
    {
        var db = await influx.CreateDatabaseAsync();
        using var handler = new FaultInjectingHandler(_ => null);
        await using var test = Start(db, o => o.FlushInterval = LongInterval, handler);
        var (writer, time) = (test.Writer, test.Time);
        var series = LineProtocol.EncodeSeriesKey("air", [new("device", "d1")]);

        var before = writer.Append(Group("a", 2));
        var thrown = Assert.Throws<InvalidOperationException>(() => writer.Append(series, static (lines, key) =>
        {
            lines.Series(key);
            lines.Field("pm25", 1.5);
            lines.End(1_700_000_000_000);
            lines.Series(key);
            lines.Field("pm25", 2.5);
            throw new InvalidOperationException("mapping failed half way");
        }));
        var invalid = Assert.Throws<ArgumentException>(() => writer.Append(series, static (lines, key) =>
        {
            lines.Series(key);
            lines.Field("pm25", 1.5);
            lines.End(1_700_000_000_000);
            lines.Series(key);
            lines.Field("time", 2.5);
        }));
        var unended = Assert.Throws<InvalidOperationException>(() => writer.Append(series, static (lines, key) =>
        {
            lines.Series(key);
            lines.Field("pm25", 1.5);
        }));
        Assert.Equal(2, writer.BufferedPoints);
        var after = writer.Append(Group("b", 1));
        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("mapping failed half way", thrown.Message);
        Assert.Contains("Field key 'time'", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("not ended with End", unended.Message, StringComparison.Ordinal);
        Assert.Equal((InfluxGroupOutcome.Stored, InfluxGroupOutcome.Stored), (before.Outcome, after.Outcome));
        Assert.Equal([.. Group("a", 2).Select(LineProtocol.Format), LineProtocol.Format(Group("b", 1)[0])], Assert.Single(handler.Requests).Lines);
        Assert.Equal(["a", "b"], (await influx.ReadAllAsync(db, "air")).Select(s => s.Tags["device"]));
    }

    [Fact]
    public async Task Groups_written_through_the_fast_path_are_isolated_on_400_and_the_rest_of_the_batch_is_stored()
    {
        var db = await DatabaseWithFloatPm25Async();
        using var handler = new FaultInjectingHandler(_ => null);
        await using var test = Start(db, o => (o.BatchSize, o.FlushInterval) = (1000, LongInterval), handler);
        var (writer, time) = (test.Writer, test.Time);

        var groups = new List<InfluxGroup>();
        for (var device = 0; device < 5; device++)
        {
            var message = new DeviceMessage(LineProtocol.EncodeSeriesKey("air", [new("device", $"d{device}")]), Bad: device == 3);
            groups.Add(writer.Append(message, static (lines, message) =>
            {
                for (var i = 0; i < 2; i++)
                {
                    lines.Series(message.SeriesKey);
                    lines.Tag("sensor", "s" + i);
                    if (message.Bad)
                    {
                        lines.Field("pm25", 7L); // an integer where the field is a float: InfluxDB answers 400
                    }
                    else
                    {
                        lines.Field("pm25", i + 0.5);
                    }

                    lines.End(1_700_000_000_000 + (i * 1000));
                }
            }));
        }

        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(10, handler.Requests[0].Lines.Length);
        Assert.Contains("air,device=d3,sensor=s0 pm25=7i 1700000000000", handler.Requests[0].Lines);
        Assert.Equal(
            [InfluxGroupOutcome.Stored, InfluxGroupOutcome.Stored, InfluxGroupOutcome.Stored, InfluxGroupOutcome.Rejected, InfluxGroupOutcome.Stored],
            groups.Select(g => g.Outcome));
        Assert.Equal(400, Assert.IsType<InfluxWriteException>(groups[3].Failure).StatusCode);
        Assert.All(groups, g => Assert.Equal(2, g.Points));
        var series = await influx.ReadAllAsync(db, "air");
        Assert.Equal(
            ["d0/s0", "d0/s1", "d1/s0", "d1/s1", "d2/s0", "d2/s1", "d4/s0", "d4/s1", "seed/"],
            series.Select(s => s.Tags["device"] + "/" + s.Tags["sensor"]).Order(StringComparer.Ordinal));
        Assert.All(series.Where(s => s.Tags["device"] != "seed"), s => Assert.Equal([s.Tags["sensor"] == "s0" ? 0.5 : 1.5], s.GetDoubles("pm25")));
    }

    [Fact]
    public async Task A_ref_struct_state_reaches_the_write_callback()
    {
        var db = await influx.CreateDatabaseAsync();
        await using var test = Start(db, o => o.FlushInterval = LongInterval);
        var (writer, time) = (test.Writer, test.Time);
        ReadOnlySpan<double> values = [1.25, 2.5];

        var group = writer.Append(new Readings(LineProtocol.EncodeSeriesKey("air", [new("device", "d1")]), values), static (lines, readings) =>
        {
            for (var i = 0; i < readings.Values.Length; i++)
            {
                lines.Series(readings.SeriesKey);
                lines.Field("pm25", readings.Values[i]);
                lines.End(1_700_000_000_000 + (i * 1000));
            }
        });
        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((InfluxGroupOutcome.Stored, 2), (group.Outcome, group.Points));
        Assert.Equal([1.25, 2.5], Assert.Single(await influx.ReadAllAsync(db, "air")).GetDoubles("pm25"));
    }

    private sealed record DeviceMessage(byte[] SeriesKey, bool Bad);

    private readonly ref struct Readings(ReadOnlySpan<byte> seriesKey, ReadOnlySpan<double> values)
    {
        public ReadOnlySpan<byte> SeriesKey { get; } = seriesKey;

        public ReadOnlySpan<double> Values { get; } = values;
    }
}
