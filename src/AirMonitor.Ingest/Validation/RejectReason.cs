namespace AirMonitor.Ingest.Validation;

/// <summary>Why a message or a sample was not stored. Every rejection is counted by its <see cref="RejectReasons.Code"/> and dead-lettered.</summary>
public enum RejectReason
{
    // The whole message.
    TooLarge,
    Malformed,
    BadDeviceId,
    DeviceMismatch,
    BadSeq,
    EmptyBatch,
    TooManySamples,

    // One sample; the message's other samples are stored.
    BadSensor,
    EmptyValues,
    UnknownMetric,
    NonFinite,
    OutOfRange,
    FutureTimestamp,
    TooOld,
    BadFlag,

    /// <summary>The device's registry declaration has no sensor of this name.</summary>
    UndeclaredSensor,

    /// <summary>The device's registry declaration does not list this metric for the sample's sensor.</summary>
    UndeclaredMetric,

    /// <summary>A device without a declaration wrote a sensor name beyond <see cref="ValidationOptions.MaxSensorsPerDevice"/>.</summary>
    TooManySensors,
}

public static class RejectReasons
{
    /// <summary>The stable snake_case code used in metrics, dead letters and acks.</summary>
    public static string Code(this RejectReason reason) => reason switch
    {
        RejectReason.TooLarge => "too_large",
        RejectReason.Malformed => "malformed",
        RejectReason.BadDeviceId => "bad_device_id",
        RejectReason.DeviceMismatch => "device_mismatch",
        RejectReason.BadSeq => "bad_seq",
        RejectReason.EmptyBatch => "empty_batch",
        RejectReason.TooManySamples => "too_many_samples",
        RejectReason.BadSensor => "bad_sensor",
        RejectReason.EmptyValues => "empty_values",
        RejectReason.UnknownMetric => "unknown_metric",
        RejectReason.NonFinite => "non_finite",
        RejectReason.OutOfRange => "out_of_range",
        RejectReason.FutureTimestamp => "future_timestamp",
        RejectReason.TooOld => "too_old",
        RejectReason.BadFlag => "bad_flag",
        RejectReason.UndeclaredSensor => "undeclared_sensor",
        RejectReason.UndeclaredMetric => "undeclared_metric",
        RejectReason.TooManySensors => "too_many_sensors",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}

/// <param name="SampleIndex">The rejected sample's index in the batch; null when the whole message is rejected.</param>
public sealed record Rejection(RejectReason Reason, string Detail, int? SampleIndex = null)
{
    public string Code => Reason.Code();
}
