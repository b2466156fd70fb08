using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using AirMonitor.Ingest.Validation;

namespace AirMonitor.Ingest.DeadLetters;

/// <summary>One rejected message, kept whole with every reason (docs/storage.md, "Dead letters").</summary>
/// <param name="Payload">The payload as text when it is valid UTF-8, else null and <paramref name="PayloadBase64"/> holds it.</param>
public sealed record DeadLetter(
    DateTimeOffset ReceivedAt,
    string Topic,
    string Device,
    long? Seq,
    IReadOnlyList<DeadLetterReason> Reasons,
    string? Payload,
    string? PayloadBase64);

public sealed record DeadLetterReason(string Reason, string Detail, int? SampleIndex = null)
{
    public static DeadLetterReason From(Rejection rejection) => new(rejection.Code, rejection.Detail, rejection.SampleIndex);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DeadLetter))]
internal sealed partial class DeadLetterJsonContext : JsonSerializerContext;

/// <summary>
/// Appends rejected messages to <c>{directory}/deadletter-YYYY-MM-DD.jsonl</c> (UTC day), one JSON object a line.
/// A message is acknowledged only after its dead letter is written, so nothing rejected is lost.
/// </summary>
public sealed class DeadLetterStore : IDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly string _directory;
    private readonly Lock _lock = new();
    private FileStream? _file;
    private string? _fileDay;

    public DeadLetterStore(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    public static DeadLetter Create(DateTimeOffset receivedAt, string topic, string device, long? seq, IReadOnlyList<DeadLetterReason> reasons, ReadOnlySpan<byte> payload)
    {
        string? text = null;
        string? base64 = null;
        try
        {
            text = StrictUtf8.GetString(payload);
        }
        catch (DecoderFallbackException)
        {
            base64 = Convert.ToBase64String(payload);
        }

        return new DeadLetter(receivedAt, topic, device, seq, reasons, text, base64);
    }

    public void Add(DeadLetter letter)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(letter, DeadLetterJsonContext.Default.DeadLetter);
        lock (_lock)
        {
            var file = FileFor(letter.ReceivedAt);
            file.Write(line);
            file.WriteByte((byte)'\n');
            file.Flush();
        }
    }

    /// <summary>Every dead letter kept in the directory, oldest file first.</summary>
    public IEnumerable<DeadLetter> ReadAll()
    {
        foreach (var path in System.IO.Directory.GetFiles(_directory, "deadletter-*.jsonl").Order(StringComparer.Ordinal))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (line.Length > 0 && JsonSerializer.Deserialize(line, DeadLetterJsonContext.Default.DeadLetter) is { } letter)
                {
                    yield return letter;
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    private FileStream FileFor(DateTimeOffset at)
    {
        var day = at.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        if (_file is null || _fileDay != day)
        {
            _file?.Dispose();
            _file = new FileStream(Path.Combine(_directory, $"deadletter-{day}.jsonl"), FileMode.Append, FileAccess.Write, FileShare.Read);
            _fileDay = day;
        }

        return _file;
    }
}
