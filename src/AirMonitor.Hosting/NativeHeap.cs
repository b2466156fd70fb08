using System.Runtime.InteropServices;

namespace AirMonitor.Hosting;

/// <summary>The C library's heap, which the runtime, SQLite and the sockets allocate from (glibc's malloc tuning).</summary>
public static class NativeHeap
{
    // mallopt's parameter for the most malloc arenas (glibc malloc.h).
    private const int MArenaMax = -8;

    /// <summary>
    /// Limits glibc to <paramref name="arenas"/> malloc arenas (MALLOC_ARENA_MAX, set before the host starts threads). By
    /// default glibc gives busy threads arenas of their own, up to eight per core, each keeping what it freed: in the bench's
    /// fleet phase the ingest was 11 MiB smaller with two. Costs some lock contention in native allocation, which the
    /// hosts do little of. An operator's MALLOC_ARENA_MAX in the environment wins. False where the C library is not glibc,
    /// or the variable is set (nothing changes).
    /// </summary>
    public static bool LimitArenas(int arenas = 2) =>
        Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null && TryCall(() => MallOpt(MArenaMax, arenas) == 1);

    /// <summary>Hands the free pages of every malloc arena back to the kernel (<c>malloc_trim</c>); false where the C library has none.</summary>
    public static bool TryTrim() => TryCall(() =>
    {
        _ = MallocTrim(0); // 1 when memory was released, 0 when there was none to release
        return true;
    });

    private static bool TryCall(Func<bool> call)
    {
        try
        {
            return call();
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
