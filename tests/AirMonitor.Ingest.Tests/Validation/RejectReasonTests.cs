using AirMonitor.Ingest.Validation;

namespace AirMonitor.Ingest.Tests.Validation;

public class RejectReasonTests
{
    [Theory]
    [InlineData(RejectReason.TooLarge, "too_large")]
    [InlineData(RejectReason.Malformed, "malformed")]
    [InlineData(RejectReason.BadDeviceId, "bad_device_id")]
    [InlineData(RejectReason.DeviceMismatch, "device_mismatch")]
    [InlineData(RejectReason.BadSeq, "bad_seq")]
    [InlineData(RejectReason.TooManySamples, "too_many_samples")]
    [InlineData(RejectReason.EmptyBatch, "empty_batch")]
    [InlineData(RejectReason.BadSensor, "bad_sensor")]
    [InlineData(RejectReason.EmptyValues, "empty_values")]
    [InlineData(RejectReason.UnknownMetric, "unknown_metric")]
    [InlineData(RejectReason.NonFinite, "non_finite")]
    [InlineData(RejectReason.OutOfRange, "out_of_range")]
    [InlineData(RejectReason.FutureTimestamp, "future_timestamp")]
    [InlineData(RejectReason.TooOld, "too_old")]
    [InlineData(RejectReason.BadFlag, "bad_flag")]
    [InlineData(RejectReason.UndeclaredSensor, "undeclared_sensor")]
    [InlineData(RejectReason.UndeclaredMetric, "undeclared_metric")]
    [InlineData(RejectReason.TooManySensors, "too_many_sensors")]
    public void Every_reason_has_its_stable_snake_case_code(RejectReason reason, string code)
    {
        Assert.Equal(code, reason.Code());
        Assert.Equal(code, new Rejection(reason, "detail").Code);
    }

    [Fact]
    public void Codes_are_unique_and_cover_every_reason()
    {
        var reasons = Enum.GetValues<RejectReason>();

        Assert.Equal(18, reasons.Length);
        Assert.Equal(reasons.Length, reasons.Select(r => r.Code()).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Undefined_reason_has_no_code()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((RejectReason)999).Code());
    }
}
