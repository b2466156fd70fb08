using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace AirMonitor.Edge.Outbox;

/// <summary>
/// The seq high-water mark kept beside the database (<c>outbox.db.seq</c>), so that a database that must be
/// thrown away never makes a seq be used twice. Seqs are reserved in blocks: the file is written (and fsynced)
/// once per <see cref="Block"/> messages, before the first seq of the block is used, so it is always at or
/// above every seq ever handed out.
/// </summary>
/// <remarks>
/// Layout: a header line, then two slots of <c>"{n:D19} {n:D19}\n"</c>. Writes go in place, alternately into
/// the slot that does not hold the current value, so a write torn by a power cut spoils at most that slot and
/// the other still holds the previous reservation; the doubled number tells a torn slot. Writing in place
/// (not temp file + rename) needs no directory fsync, which .NET cannot do. The open handle is held with
/// <see cref="FileShare.None"/> (an exclusive flock on Linux): a second process cannot open the same outbox.
/// </remarks>
internal sealed class SeqReservation : IDisposable
{
    public const long Block = 1000;

    private const string Header = "airmon outbox seq reservation v1\n";
    private const int SlotLength = 40;
    private static readonly int FileLength = Encoding.ASCII.GetByteCount(Header) + (2 * SlotLength);

    private readonly SafeFileHandle _handle;
    private readonly long?[] _slots;

    private SeqReservation(string path, SafeFileHandle handle, long?[] slots)
    {
        Path = path;
        _handle = handle;
        _slots = slots;
    }

    public string Path { get; }

    /// <summary>The highest seq that may have been handed out; <see langword="null"/> if the file is new or unreadable.</summary>
    public long? ReservedThrough => _slots[0] is { } a && _slots[1] is { } b ? Math.Max(a, b) : _slots[0] ?? _slots[1];

    /// <exception cref="IOException">The file is held by another process using the same outbox, or cannot be opened.</exception>
    public static SeqReservation Open(string path)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new IOException($"cannot open the outbox seq file {path}: is another process using this outbox? ({e.Message})", e);
        }

        try
        {
            return new SeqReservation(path, handle, ReadSlots(handle));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Makes sure <paramref name="seq"/> is covered by a durable reservation before it is used.</summary>
    public void Cover(long seq)
    {
        if (ReservedThrough >= seq)
        {
            return;
        }

        Write(checked(seq + Block - 1));
    }

    public void Dispose() => _handle.Dispose();

    private void Write(long reservedThrough)
    {
        if (_slots[0] is null && _slots[1] is null)
        {
            // New or unreadable file: nothing in it is worth keeping, write it whole.
            var whole = Encoding.ASCII.GetBytes(Header + FormatSlot(reservedThrough) + FormatSlot(reservedThrough));
            RandomAccess.SetLength(_handle, whole.Length);
            RandomAccess.Write(_handle, whole, 0);
            RandomAccess.FlushToDisk(_handle);
            _slots[0] = _slots[1] = reservedThrough;
            return;
        }

        var slot = _slots[0] is null || (_slots[1] is { } other && _slots[0] < other) ? 0 : 1;
        RandomAccess.Write(_handle, Encoding.ASCII.GetBytes(FormatSlot(reservedThrough)), SlotOffset(slot));
        RandomAccess.FlushToDisk(_handle);
        _slots[slot] = reservedThrough;
    }

    private static long?[] ReadSlots(SafeFileHandle handle)
    {
        var bytes = new byte[FileLength];
        var read = RandomAccess.Read(handle, bytes, 0);
        if (read < FileLength || Encoding.ASCII.GetString(bytes, 0, Header.Length) != Header)
        {
            return [null, null];
        }

        return [ParseSlot(bytes.AsSpan(SlotOffset(0), SlotLength)), ParseSlot(bytes.AsSpan(SlotOffset(1), SlotLength))];
    }

    private static long? ParseSlot(ReadOnlySpan<byte> slot)
    {
        var text = Encoding.ASCII.GetString(slot);
        if (text.Length != SlotLength || text[19] != ' ' || text[^1] != '\n')
        {
            return null;
        }

        var first = text.AsSpan(0, 19);
        var second = text.AsSpan(20, 19);
        return first.SequenceEqual(second) && long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static string FormatSlot(long value)
    {
        var digits = value.ToString("D19", CultureInfo.InvariantCulture);
        return $"{digits} {digits}\n";
    }

    private static int SlotOffset(int slot) => Header.Length + (slot * SlotLength);
}
