using AirMonitor.Influx;
using Microsoft.Extensions.Options;

namespace AirMonitor.Ingest.Pipeline;

/// <summary>
/// Makes sure, before the intake subscribes, that InfluxDB will take the ingest's writes and queries: creates the database
/// when <see cref="InfluxOptions.CreateDatabase"/> (a user without admin rights is refused that, which is no error when
/// the database exists), then writes nothing and reads the database's measurements with the configured credentials.
/// </summary>
/// <remarks>
/// Checked once while the host starts: a refusal (401 wrong credentials, 403 no right to write or read, 404 no database)
/// is a configuration error, and the host exits with code 2 and one line. When InfluxDB does not answer at start (it may
/// start after the ingest) the check goes on in the background until it passes, and the intake waits for <see cref="Ready"/>;
/// a refusal then is logged as an error once a minute and the check goes on (an operator may grant the right meanwhile).
/// </remarks>
internal sealed partial class InfluxAccess(
    InfluxQueryClient query,
    InfluxWriteClient write,
    IOptions<InfluxOptions> options,
    TimeProvider time,
    ILogger<InfluxAccess> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan RefusedRetryDelay = TimeSpan.FromMinutes(1);

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Task _retrying = Task.CompletedTask;

    /// <summary>Completes once InfluxDB has taken the check: the database exists and the user may write and read it.</summary>
    public Task Ready => _ready.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.ApiVersion != InfluxApiVersion.V1)
        {
            // V2 has no database to create, and its answers to an empty write are not tested here.
            _ready.TrySetResult();
            return;
        }

        var outcome = await CheckAsync(cancellationToken);
        if (outcome.Refused is { } refused)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(InfluxOptions), [refused]);
        }

        if (outcome.Unanswered is { } reason)
        {
            LogUnavailable(o.Url, reason); // no credentials: Validate refuses a URL that carries them
            _retrying = RetryAsync(_stop.Token);
            return;
        }

        _ready.TrySetResult();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await _retrying.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _ready.TrySetCanceled(CancellationToken.None);
    }

    public void Dispose() => _stop.Dispose();

    private async Task RetryAsync(CancellationToken stop)
    {
        var delay = TimeSpan.FromMilliseconds(500);
        try
        {
            while (true)
            {
                await Task.Delay(delay, time, stop);
                var outcome = await CheckAsync(stop);
                if (outcome.Refused is { } refused)
                {
                    LogRefused(refused, RefusedRetryDelay);
                    delay = RefusedRetryDelay;
                }
                else if (outcome.Unanswered is { } reason)
                {
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
                    LogUnavailable(options.Value.Url, reason);
                }
                else
                {
                    LogAvailable();
                    _ready.TrySetResult();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // stopping before InfluxDB answered
        }
    }

    /// <summary>One round of the check: passed (both null), refused (one line for the operator), or unanswered.</summary>
    private async Task<(string? Refused, string? Unanswered)> CheckAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var user = string.IsNullOrEmpty(o.Username) ? null : o.Username;
        string? notCreated = null;
        try
        {
            if (o.CreateDatabase)
            {
                try
                {
                    await query.CreateDatabaseAsync(o.Database!, cancellationToken);
                }
                catch (InfluxQueryException e) when (e.StatusCode == 403)
                {
                    // No admin rights: fine if the database exists, which the write below finds out.
                    notCreated = $"and user '{user}' may not create it (403)";
                }
            }

            await write.CheckWriteAsync(cancellationToken);
            await query.QueryAsync("SHOW MEASUREMENTS LIMIT 1", cancellationToken);
            return (null, null);
        }
        catch (InfluxQueryException e) when (e is { IsAccessDenied: true, StatusCode: { } status })
        {
            return (Refusal(status, e.ServerError, "read", user, o.Database!), null);
        }
        catch (InfluxQueryException e) when (e.StatusCode is null or 408 or 429 or >= 500)
        {
            return (null, e.Message);
        }
        catch (InfluxWriteException e) when (e is { IsAccessDenied: true, StatusCode: { } status })
        {
            return (Refusal(status, e.ServerError, "write to", user, o.Database!), null);
        }
        catch (InfluxWriteException e) when (e.StatusCode == 404)
        {
            var why = notCreated ?? (o.CreateDatabase ? "and was not created" : "and Influx:CreateDatabase is false");
            return ($"Influx: database '{o.Database}' does not exist (404) {why}: create it as an admin (deploy/README.md)", null);
        }
        catch (InfluxWriteException e) when (e.IsRetryable)
        {
            return (null, e.Message);
        }
        catch (InfluxQueryException e)
        {
            // Another answer (a statement error, 400): the configuration does not suit this server.
            return ($"Influx: the check of database '{o.Database}' failed: {e.Message}", null);
        }
        catch (InfluxWriteException e)
        {
            return ($"Influx: the check of database '{o.Database}' failed: {e.Message}", null);
        }
    }

    /// <summary>The one line for a 401 or 403, naming the user and the database, never the password.</summary>
    private static string Refusal(int status, string? serverError, string access, string? user, string database)
    {
        var server = string.IsNullOrEmpty(serverError) ? "" : $": {serverError}";
        return status == 401
            ? user is null
                ? $"Influx: InfluxDB requires authentication (401{server}); set Influx:Username and Influx:Password"
                : $"Influx: authentication failed for user '{user}' (401{server}); check Influx:Username and Influx:Password"
            : $"Influx: user '{user ?? "(none)"}' may not {access} database '{database}' (403{server}); GRANT ALL ON \"{database}\" TO \"{user}\" as an admin (deploy/README.md)";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "InfluxDB at {Url} not ready: {Reason}; readings wait until it is")]
    private partial void LogUnavailable(string url, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Refusal}; readings wait, checked again in {Delay}")]
    private partial void LogRefused(string refusal, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "InfluxDB takes the ingest's writes and queries")]
    private partial void LogAvailable();
}
