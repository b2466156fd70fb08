// Adds readings messages to an outbox as fast as it can, printing "{seq} {base64 payload}" for each one only
// after Add returned (committed), until killed or until it has added the given number. Used by the kill -9 test.
using AirMonitor.Core.Contract;
using AirMonitor.Edge.Outbox;

if (args.Length != 3 || !long.TryParse(args[2], out var limit))
{
    await Console.Error.WriteLineAsync("usage: OutboxCrashWriter <outbox path> <device> <max messages>");
    return 2;
}

using var store = OutboxStore.Open(args[0], new OutboxOptions(), TimeProvider.System);
var stdout = Console.Out;
for (long i = 0; i < limit; i++)
{
    var sample = new Sample(1_763_776_800_000 + i, "pms5003", new Dictionary<string, double> { ["pm2_5"] = i % 500 / 10.0, ["pm10"] = i % 900 / 10.0 });
    var entry = store.Add(args[1], [sample]);
    if (i % 16 == 0)
    {
        store.TakeDue(8, TimeSpan.Zero); // updates rows too, so a kill can land in every kind of transaction
    }

    stdout.WriteLine($"{entry.Seq} {Convert.ToBase64String(entry.Payload.Span)}");
}

return 0;
