using System.Globalization;

namespace AirMonitor.Influx;

/// <summary>The type a <see cref="FieldValue"/> holds; it decides the field's type in InfluxDB.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "InfluxDB's own names for its field types")]
public enum FieldValueKind
{
    /// <summary><c>default(FieldValue)</c>: holds nothing and is rejected by <see cref="LineProtocol"/>.</summary>
    None,
    Float,
    Integer,
    Boolean,
    String,
}

/// <summary>
/// One field value: a float (finite <see cref="double"/>), an integer (<see cref="long"/>, written with the
/// <c>i</c> suffix), a boolean or a string. InfluxDB fixes a field's type on first write per shard, so a field
/// that is sometimes integer and sometimes float is rejected (400); pick one type per field.
/// </summary>
public readonly struct FieldValue : IEquatable<FieldValue>
{
    private readonly double _double;
    private readonly long _long;
    private readonly string? _string;

    public FieldValue(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"Field value {value.ToString(CultureInfo.InvariantCulture)} is not finite; line protocol cannot carry NaN or infinity", nameof(value));
        }

        _double = value;
        Kind = FieldValueKind.Float;
    }

    public FieldValue(long value)
    {
        _long = value;
        Kind = FieldValueKind.Integer;
    }

    public FieldValue(bool value)
    {
        _long = value ? 1 : 0;
        Kind = FieldValueKind.Boolean;
    }

    public FieldValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _string = value;
        Kind = FieldValueKind.String;
    }

    public FieldValueKind Kind { get; }

    public double AsDouble() => Kind == FieldValueKind.Float ? _double : throw WrongKind(FieldValueKind.Float);

    public long AsInt64() => Kind == FieldValueKind.Integer ? _long : throw WrongKind(FieldValueKind.Integer);

    public bool AsBoolean() => Kind == FieldValueKind.Boolean ? _long != 0 : throw WrongKind(FieldValueKind.Boolean);

    public string AsString() => Kind == FieldValueKind.String ? _string! : throw WrongKind(FieldValueKind.String);

    public static implicit operator FieldValue(double value) => new(value);

    public static implicit operator FieldValue(long value) => new(value);

    public static implicit operator FieldValue(bool value) => new(value);

    public static implicit operator FieldValue(string value) => new(value);

    public static FieldValue FromDouble(double value) => new(value);

    public static FieldValue FromInt64(long value) => new(value);

    public static FieldValue FromBoolean(bool value) => new(value);

    public static FieldValue FromString(string value) => new(value);

    public bool Equals(FieldValue other) =>
        Kind == other.Kind && Kind switch
        {
            FieldValueKind.Float => _double.Equals(other._double),
            FieldValueKind.String => string.Equals(_string, other._string, StringComparison.Ordinal),
            _ => _long == other._long,
        };

    public override bool Equals(object? obj) => obj is FieldValue other && Equals(other);

    public override int GetHashCode() => Kind switch
    {
        FieldValueKind.Float => HashCode.Combine(Kind, _double),
        FieldValueKind.String => HashCode.Combine(Kind, StringComparer.Ordinal.GetHashCode(_string!)),
        _ => HashCode.Combine(Kind, _long),
    };

    public static bool operator ==(FieldValue left, FieldValue right) => left.Equals(right);

    public static bool operator !=(FieldValue left, FieldValue right) => !left.Equals(right);

    /// <summary>The value as line protocol writes it (<c>1.5</c>, <c>3i</c>, <c>true</c>, <c>"text"</c>).</summary>
    public override string ToString() => Kind == FieldValueKind.None ? "(none)" : LineProtocol.FormatFieldValue(this);

    private InvalidOperationException WrongKind(FieldValueKind wanted) => new($"The field value is {Kind}, not {wanted}");
}
