namespace AirMonitor.Ingest;

/// <summary>A store that remembers devices across restarts (the seq ledger): the pipeline's bound on devices counts them from the start.</summary>
internal interface IKnownDevices
{
    IReadOnlyCollection<string> KnownDevices();
}
