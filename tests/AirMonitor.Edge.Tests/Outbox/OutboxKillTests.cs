using System.Diagnostics;
using System.Text;
using AirMonitor.Core.Contract;
using AirMonitor.Edge.Outbox;
using Xunit.Abstractions;
using static AirMonitor.Edge.Tests.Outbox.Readings;

namespace AirMonitor.Edge.Tests.Outbox;

/// <summary>
/// A real process adding to the outbox is killed with SIGKILL mid-run, three times over; whatever it reported as
/// added must be there, byte for byte, and no seq may repeat. (Power loss cannot be simulated here: it differs
/// from kill -9 only in the page cache, which synchronous = FULL flushes at every commit.)
/// </summary>
public sealed class OutboxKillTests(ITestOutputHelper output) : IDisposable
{
    private static readonly Lazy<Task<string>> Writer = new(BuildWriterAsync);

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Every_message_reported_added_before_a_kill_9_is_there_with_its_payload_and_no_seq_repeats()
    {
        var writer = await Writer.Value;
        var path = _directory.Combine("outbox.db");
        var committed = new Dictionary<long, string>();
        var rounds = new List<long[]>();
        for (var round = 0; round < 3; round++)
        {
            var lines = await RunAndKillAsync(writer, path, killAfterLines: 300 + (round * 150));
            var seqs = new List<long>();
            foreach (var line in lines)
            {
                var parts = line.Split(' ');
                var seq = long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(committed.TryAdd(seq, parts[1]), $"seq {seq} was reported twice");
                seqs.Add(seq);
            }

            output.WriteLine($"round {round}: {seqs.Count} committed, seq {seqs[0]} to {seqs[^1]}");
            rounds.Add([.. seqs]);
        }

        using var store = OutboxStore.Open(path, new OutboxOptions(), TimeProvider.System);
        var stored = store.TakeDue(int.MaxValue, TimeSpan.Zero);

        Assert.Empty(Directory.GetFiles(_directory.Path, "*.corrupt-*"));
        var storedBySeq = stored.ToDictionary(s => s.Seq, s => Convert.ToBase64String(s.Payload.Span));
        Assert.All(committed, c => Assert.Equal(c.Value, storedBySeq.GetValueOrDefault(c.Key)));
        Assert.Equal(stored.Select(s => s.Seq).Distinct().Order(), stored.Select(s => s.Seq));
        Assert.InRange(stored.Count - committed.Count, 0, rounds.Count); // at most the one committed but not yet printed per kill
        for (var i = 1; i < rounds.Count; i++)
        {
            Assert.True(rounds[i][0] > rounds[i - 1][^1], $"round {i} started at seq {rounds[i][0]}, not above {rounds[i - 1][^1]}");
        }

        Assert.All(stored, s => Assert.Equal(s.Seq, WireCodec.DecodeReadings(s.Payload.Span).Seq));
        Assert.True(store.NextSeq() > stored[^1].Seq);
    }

    private static async Task<List<string>> RunAndKillAsync(string writer, string path, int killAfterLines)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "exec", writer, path, Device, "1000000" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        var stdout = process.StandardOutput.BaseStream;
        var killed = false;
        var lines = 0;
        while (true)
        {
            var read = await stdout.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            if (!killed && lines >= killAfterLines)
            {
                process.Kill(); // SIGKILL on Unix: no finally blocks, no Dispose, no checkpoint
                killed = true;
            }
        }

        await process.WaitForExitAsync(timeout.Token);
        Assert.True(killed, $"the writer exited with {process.ExitCode} before it was killed: {await stderr}");
        Assert.Equal(137, process.ExitCode);

        // Only whole lines were committed and reported; a line cut by the kill is not counted.
        var text = Encoding.ASCII.GetString(received.GetBuffer(), 0, (int)received.Length);
        return [.. text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    /// <summary>Builds tests/OutboxCrashWriter against the Edge build this test run already made; once per run.</summary>
    private static async Task<string> BuildWriterAsync()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "tests", "OutboxCrashWriter", "OutboxCrashWriter.csproj")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var project = Path.Combine(root.FullName, "tests", "OutboxCrashWriter", "OutboxCrashWriter.csproj");
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "build", project, "-c", configuration, "-p:BuildProjectReferences=false", "--nologo", "-v", "q" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"building {project} failed:\n{await stdout}\n{await stderr}");
        var dll = Path.Combine(Path.GetDirectoryName(project)!, "bin", configuration, "net10.0", "OutboxCrashWriter.dll");
        Assert.True(File.Exists(dll), $"{dll} was not built");
        return dll;
    }
}
