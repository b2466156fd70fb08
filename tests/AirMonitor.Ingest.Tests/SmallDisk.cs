using System.Diagnostics;

namespace AirMonitor.Ingest.Tests;

/// <summary>
/// A small file system of the test's own (a tmpfs it mounts; the tests run as root) that it fills and empties again: a
/// write that needs space past its size fails with ENOSPC, as on a full disk, for SQLite and plain files alike. A mount
/// that fails fails the test, naming why: nothing is skipped.
/// </summary>
/// <remarks>
/// Not SQLite's <c>max_page_count</c> (the edge's outbox test): it stops only a write that needs a new page, and the seq
/// ledger's and the alert store's updates mostly fit in pages they have.
/// </remarks>
internal sealed class SmallDisk : IDisposable
{
    private const int Megabytes = 4;

    public SmallDisk()
    {
        Root = Directory.CreateTempSubdirectory("airmon-small-disk-").FullName;
        var (exitCode, error) = Run("mount", "-t", "tmpfs", "-o", $"size={Megabytes}m", "tmpfs", Root);
        if (exitCode != 0)
        {
            Directory.Delete(Root);
            Assert.Fail($"mount -t tmpfs at {Root} failed ({exitCode}): {error.Trim()}. The full-disk tests mount a small file system and need root.");
        }
    }

    public string Root { get; }

    private string Filler => Path.Combine(Root, "filler");

    public string Combine(string name) => Path.Combine(Root, name);

    /// <summary>Takes every free byte with a file of zeros; what is written next needs space it does not have.</summary>
    public void Fill()
    {
        using var file = File.OpenHandle(Filler, FileMode.Create, FileAccess.Write);
        var block = new byte[64 * 1024];
        var length = 0L;
        try
        {
            while (true)
            {
                RandomAccess.Write(file, block, length);
                length += block.Length;
            }
        }
        catch (IOException)
        {
            // ENOSPC: the last block went in as far as it fitted.
        }

        Assert.Equal(0, new DriveInfo(Root).AvailableFreeSpace);
    }

    /// <summary>Gives the space back.</summary>
    public void Free()
    {
        File.Delete(Filler);
        Assert.True(new DriveInfo(Root).AvailableFreeSpace > Megabytes * 1024 * 1024 / 2);
    }

    public void Dispose()
    {
        // Lazily: a file the ingest still has open must not keep the mount.
        Run("umount", "-l", Root);
        Directory.Delete(Root, recursive: true);
    }

    private static (int ExitCode, string Error) Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }
}
