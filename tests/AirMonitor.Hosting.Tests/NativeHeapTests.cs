using System.Runtime.InteropServices;

namespace AirMonitor.Hosting.Tests;

[CollectionDefinition(nameof(NativeHeapTests), DisableParallelization = true)]
public sealed class NativeHeapRunsAlone;

// Alone, so that no other test's allocations move the process's resident memory while this one measures it.
[Collection(nameof(NativeHeapTests))]
public sealed class NativeHeapTests
{
    private const int BlockBytes = 64 * 1024;
    private const int Blocks = 400;

    [Fact]
    public void Trimming_hands_freed_native_memory_back_to_the_kernel()
    {
        // 400 blocks of 64 KiB written, below glibc's mmap threshold; every other one freed: 12.5 MiB of holes between blocks
        // still in use, which glibc can neither merge into the top of its heap nor give back until it is asked to trim.
        var filler = new byte[BlockBytes];
        Array.Fill(filler, (byte)0x5A);
        var blocks = new List<nint>();
        for (var i = 0; i < Blocks; i++)
        {
            var block = Marshal.AllocHGlobal(BlockBytes);
            Marshal.Copy(filler, 0, block, BlockBytes);
            blocks.Add(block);
        }

        var freed = blocks.Where((_, i) => i % 2 == 0).ToList();
        var kept = blocks.Where((_, i) => i % 2 == 1).ToList();
        try
        {
            freed.ForEach(Marshal.FreeHGlobal);
            var before = AnonymousResidentBytes();

            Assert.True(NativeHeap.TryTrim());

            var released = before - AnonymousResidentBytes();
            Assert.True(released >= 8L * 1024 * 1024, $"released {released / 1024} KiB of the {freed.Count * BlockBytes / 1024} KiB freed");
        }
        finally
        {
            kept.ForEach(Marshal.FreeHGlobal);
        }
    }

    [Fact]
    public void Arenas_are_limited_unless_the_operator_set_MALLOC_ARENA_MAX()
    {
        var operators = Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX");
        try
        {
            Environment.SetEnvironmentVariable("MALLOC_ARENA_MAX", null);
            Assert.True(NativeHeap.LimitArenas(), "glibc's mallopt(M_ARENA_MAX) should accept 2");

            Environment.SetEnvironmentVariable("MALLOC_ARENA_MAX", "8");
            Assert.False(NativeHeap.LimitArenas());
        }
        finally
        {
            Environment.SetEnvironmentVariable("MALLOC_ARENA_MAX", operators);
        }
    }

    private static long AnonymousResidentBytes() =>
        long.Parse(File.ReadLines("/proc/self/status").Single(l => l.StartsWith("RssAnon:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            System.Globalization.CultureInfo.InvariantCulture) * 1024;
}
