using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AirMonitor.Influx;

/// <summary>
/// Runs InfluxQL through <c>/query</c> (answered by InfluxDB 1.x, 2.x with DBRP mappings, and 3.x) and
/// checks the server with <c>/ping</c>. Queries are POSTed as a form with <c>epoch=ms</c>.
/// </summary>
public sealed class InfluxQueryClient
{
    private readonly HttpClient _httpClient;
    private readonly InfluxOptions _options;
    private readonly AuthenticationHeaderValue? _authorization;

    /// <param name="httpClient">Used as is; its BaseAddress is ignored (the URL comes from the options).</param>
    /// <param name="options">Validated here; <see cref="InfluxOptions.Database"/> (else the V2 bucket) is the query's <c>db</c>.</param>
    public InfluxQueryClient(HttpClient httpClient, InfluxOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _httpClient = httpClient;
        _options = options;
        _authorization = InfluxAuthorization.Create(options);
    }

    /// <summary>Runs one or more statements and returns every series of every statement, in order.</summary>
    /// <exception cref="InfluxQueryException">The server refused the query or a statement failed.</exception>
    public Task<IReadOnlyList<InfluxSeries>> QueryAsync(string influxQl, CancellationToken cancellationToken = default) =>
        QueryAsync(influxQl, _options.Database ?? _options.Bucket, cancellationToken);

    /// <summary>Runs statements against another database than the configured one (null: none, for server-wide statements).</summary>
    public async Task<IReadOnlyList<InfluxSeries>> QueryAsync(string influxQl, string? database, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(influxQl);
        var form = new List<KeyValuePair<string, string>> { new("q", influxQl), new("epoch", "ms") };
        if (!string.IsNullOrEmpty(database))
        {
            form.Add(new("db", database));
        }

        if (!string.IsNullOrEmpty(_options.RetentionPolicy))
        {
            form.Add(new("rp", _options.RetentionPolicy));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.BaseUri, "query")) { Content = new FormUrlEncodedContent(form) };
        using var response = await SendAsync(request, influxQl, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var error = await InfluxWriteClient.ReadErrorTextAsync(response, cancellationToken).ConfigureAwait(false);
            throw new InfluxQueryException($"InfluxDB answered {(int)response.StatusCode} {response.ReasonPhrase} to '{influxQl}': {error}", (int)response.StatusCode, influxQl)
            {
                ServerError = error,
            };
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            QueryResponse? answer;
            try
            {
                answer = await JsonSerializer.DeserializeAsync(stream, InfluxJsonContext.Default.QueryResponse, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                throw new InfluxQueryException($"InfluxDB's answer to '{influxQl}' is not the expected JSON: {e.Message}", (int)response.StatusCode, influxQl, e);
            }

            if (answer?.Error is { } topError)
            {
                throw new InfluxQueryException($"InfluxDB refused '{influxQl}': {topError}", (int)response.StatusCode, influxQl);
            }

            var series = new List<InfluxSeries>();
            foreach (var result in answer?.Results ?? [])
            {
                if (result.Error is { } error)
                {
                    throw new InfluxQueryException($"Statement {result.StatementId} of '{influxQl}' failed: {error}", (int)response.StatusCode, influxQl);
                }

                foreach (var s in result.Series ?? [])
                {
                    series.Add(new InfluxSeries(
                        s.Name ?? "",
                        s.Tags ?? new Dictionary<string, string>(),
                        s.Columns ?? [],
                        s.Values is { ValueKind: JsonValueKind.Array } rows ? [.. rows.EnumerateArray().Select(row => new JsonRow(row))] : [])
                    { StatementId = result.StatementId });
                }
            }

            return series;
        }
    }

    /// <summary>GET /ping; completes when the server answers 204 and returns its version header, if any.</summary>
    /// <exception cref="InfluxQueryException">No answer or another status.</exception>
    public async Task<string?> PingAsync(CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_options.BaseUri, "ping"));
        using var response = await SendAsync(request, "ping", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            throw new InfluxQueryException($"InfluxDB answered {(int)response.StatusCode} {response.ReasonPhrase} to /ping, not 204", (int)response.StatusCode, "ping");
        }

        return response.Headers.TryGetValues("X-Influxdb-Version", out var version) ? version.FirstOrDefault() : null;
    }

    /// <summary><c>CREATE DATABASE "name"</c> (the name quoted and escaped); does nothing if it exists.</summary>
    public Task CreateDatabaseAsync(string name, CancellationToken cancellationToken = default) =>
        QueryAsync($"CREATE DATABASE {InfluxQl.QuoteIdentifier(name)}", database: null, cancellationToken);

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = _authorization;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            return await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InfluxQueryException($"InfluxDB did not answer '{what}' within {_options.Timeout.TotalSeconds:0.###} s", null, what, e);
        }
        catch (HttpRequestException e)
        {
            throw new InfluxQueryException($"Could not reach InfluxDB at {_options.BaseUri} for '{what}': {e.Message}", null, what, e);
        }
    }
}

/// <summary>A query, ping or CREATE DATABASE that failed: refused, a statement error, or no answer.</summary>
public sealed class InfluxQueryException : Exception
{
    public InfluxQueryException()
        : this("The InfluxDB query failed")
    {
    }

    public InfluxQueryException(string message)
        : this(message, null)
    {
    }

    public InfluxQueryException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal InfluxQueryException(string message, int? statusCode, string query, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Query = query;
    }

    /// <summary>The HTTP status, or null without an answer. Statement errors come with 200.</summary>
    public int? StatusCode { get; }

    /// <summary>401 (no or wrong credentials) or 403 (the user may not run this statement, e.g. CREATE DATABASE without admin rights).</summary>
    public bool IsAccessDenied => StatusCode is 401 or 403;

    public string? Query { get; }

    /// <summary>The error text of a refused query (not 2xx), if the server gave one.</summary>
    public string? ServerError { get; internal init; }
}

internal sealed class QueryResponse
{
    [JsonPropertyName("results")]
    public List<QueryResult>? Results { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }
}

internal sealed class QueryResult
{
    [JsonPropertyName("statement_id")]
    public int StatementId { get; set; }

    [JsonPropertyName("series")]
    public List<QuerySeries>? Series { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }
}

internal sealed class QuerySeries
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("tags")]
    public Dictionary<string, string>? Tags { get; set; }

    [JsonPropertyName("columns")]
    public List<string>? Columns { get; set; }

    /// <summary>
    /// The rows, as one element over one document per series: a list of an element per cell would cost a document per
    /// cell (System.Text.Json backs each deserialized element with its own), ~10× the memory of a large answer.
    /// </summary>
    [JsonPropertyName("values")]
    public JsonElement? Values { get; set; }
}

/// <summary>One row of an answer: a view of its JSON array.</summary>
internal sealed class JsonRow(JsonElement row) : IReadOnlyList<JsonElement>
{
    public int Count { get; } = row.GetArrayLength();

    public JsonElement this[int index] => row[index];

    public IEnumerator<JsonElement> GetEnumerator() => row.EnumerateArray().GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

[JsonSerializable(typeof(QueryResponse))]
internal sealed partial class InfluxJsonContext : JsonSerializerContext;
