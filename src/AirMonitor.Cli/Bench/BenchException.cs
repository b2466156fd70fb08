namespace AirMonitor.Cli.Bench;

/// <summary>A phase could not be measured (a server unreachable, a wait timed out); the report says why and the bench goes on.</summary>
internal sealed class BenchException(string message) : Exception(message);
