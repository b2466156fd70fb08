using Microsoft.Extensions.Logging;

namespace AirMonitor.Edge.Outbox;

internal static partial class OutboxLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information,
        Message = "Outbox {Path} open: {Depth} messages ({SizeBytes} bytes) waiting, next seq {NextSeq}, {EvictedTotal} evicted so far")]
    public static partial void Opened(ILogger logger, string path, long depth, long sizeBytes, long nextSeq, long evictedTotal);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Critical,
        Message = "Outbox {Path} is corrupt ({Problem}); moved it aside to {MovedTo} and started an empty outbox. Its unacknowledged readings were NOT sent; recover them from the moved file")]
    public static partial void CorruptMovedAside(ILogger logger, string path, string problem, string movedTo);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning,
        Message = "Outbox {Path} has no seq history in its database; seqs resume above the reserved high-water mark {ReservedThrough} from {SeqPath}")]
    public static partial void SeqResumedFromReservation(ILogger logger, string path, long reservedThrough, string seqPath);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Critical,
        Message = "Outbox {Path} lost both its database's seq history and its seq file {SeqPath}; seqs start at the clock floor {NextSeq} (epoch milliseconds) so that none repeats")]
    public static partial void SeqHistoryLost(ILogger logger, string path, string seqPath, long nextSeq);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning,
        Message = "Outbox full ({MaxBytes} bytes): evicted the {Count} oldest messages, seq {FirstSeq} to {LastSeq}; {EvictedTotal} evicted in total")]
    public static partial void Evicted(ILogger logger, long maxBytes, long count, long firstSeq, long lastSeq, long evictedTotal);
}
