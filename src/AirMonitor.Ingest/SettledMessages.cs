namespace AirMonitor.Ingest;

/// <summary>How a device's message was settled.</summary>
internal enum Settlement
{
    /// <summary>InfluxDB holds its points.</summary>
    Stored,

    /// <summary>None of it will be stored (it failed validation, or InfluxDB refused it); it is acknowledged all the same.</summary>
    Rejected,

    /// <summary>Another replica settled it; this one learnt so from that replica's ack to the device.</summary>
    ByPeer,

    /// <summary>
    /// Not settled: InfluxDB is at a series limit and stored none of it. Acknowledged to the broker but not to the device,
    /// which sends it again after its resend interval; not in the seq ledger.
    /// </summary>
    Deferred,
}

/// <summary>One device message settled, by the seq the device gave it.</summary>
/// <param name="FirstSampleTs">Stored messages only: the time of its first sample.</param>
/// <param name="Air">Stored messages only: its <c>air</c> readings.</param>
/// <param name="Rejection">Rejected messages only: the reason code the device is told.</param>
/// <param name="Emission">Stored messages only: its <c>emission</c> readings.</param>
internal readonly record struct SettledMessage(
    string Device, long Seq, Settlement Settlement, long? FirstSampleTs = null, ReadingSpan? Air = null, string? Rejection = null, ReadingSpan? Emission = null);

/// <summary>
/// The seam between the pipeline and what follows from a settled message: the acknowledgement stage hands every group of
/// settled messages, in arrival order, to each registered <see cref="ISettledMessages"/> in registration order, before
/// any of them is acknowledged to the broker or the device. What must hold once a device has its ack (the seq ledger on
/// disk) holds once <see cref="Settled"/> returns. A subscriber that cannot make it hold (the ledger's disk full) throws a
/// storage error (<c>DbException</c>, <c>IOException</c>), leaving nothing of the group applied: the stage holds the group
/// unacknowledged and hands it to that subscriber again, and then to the ones after it, until it succeeds; any other
/// exception stops the host. A new consumer is one class registered with
/// <c>AddSingleton&lt;ISettledMessages&gt;</c>; the pipeline does not change.
/// </summary>
internal interface ISettledMessages
{
    /// <summary>Called on the acknowledgement stage's thread; must not wait on the network. Throws only having applied nothing.</summary>
    void Settled(IReadOnlyList<SettledMessage> messages);
}

/// <summary>The readings of one measurement (<c>air</c> or <c>emission</c>) a settled message stored: its station, the station's registry tags, and their time span.</summary>
public readonly record struct ReadingSpan(string Station, IReadOnlyList<KeyValuePair<string, string>> StationTags, long FirstTs, long LastTs);
